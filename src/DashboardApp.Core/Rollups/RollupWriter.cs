using System.Globalization;
using System.Text;
using DashboardApp.Core.Data.Sql;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DashboardApp.Core.Rollups;

/// <summary>What a <see cref="RollupWriter"/> does with each row it is given.</summary>
internal enum RollupWrite
{
    /// <summary>Inserts it: the key is not there yet.</summary>
    New,
    /// <summary>Adds it, as a change, into the row already there (or inserts it).</summary>
    Adding,
    /// <summary>Puts it in place of the row already there (or inserts it).</summary>
    Replacing,
    /// <summary>Removes the row with its key (value and units are not used).</summary>
    Removing,
}

/// <summary>
/// Rollup writes (docs/product.md, “Rollups” and “Engines and scale”): rows go <see cref="SqlDialect.RollupRowsPerStatement"/>
/// to a statement of the dialect's (a multi-row INSERT, INSERT … ON CONFLICT DO UPDATE, DELETE … WHERE key IN (VALUES …)),
/// in the caller's transaction, through EF Core (its interceptors and logging see every statement). The values are
/// written into the statement as literals: binding thousands of parameters costs SQLite's driver more than the insert
/// itself (docs/decisions/0004). Where the dialect copies new rows in bulk (PostgreSQL), they go <see cref="RowsPerCopy"/>
/// at a time.
/// </summary>
internal sealed class RollupWriter(DatabaseFacade database, RollupWrite mode = RollupWrite.New)
{
    private const int RowsPerCopy = 50_000;

    private readonly SqlDialect _dialect = SqlDialect.Of(database);
    private readonly StringBuilder _sql = new(SqlDialect.RollupStart(mode), SqlDialect.RollupRowsPerStatement * 40);
    private readonly Dictionary<Period, string> _texts = [];
    private int _pending;
    private readonly List<(int Org, string Period, int Indicator, long Value, int Units)>? _copy =
        mode == RollupWrite.New && SqlDialect.Of(database).CopiesNewRollups ? new(RowsPerCopy) : null;

    /// <summary>Rows inserted, changed or removed so far.</summary>
    public int Rows { get; private set; }

    /// <param name="value">The value as stored: scaled by <see cref="Data.ScaledDecimalConverter.Scale"/>.</param>
    public Task WriteAsync(int org, Period period, int indicator, long value, int units, CancellationToken ct)
    {
        if (!_texts.TryGetValue(period, out var text)) _texts[period] = text = period.ToString();
        return WriteAsync(org, text, indicator, value, units, ct);
    }

    /// <param name="period">A period's text as <see cref="Period.ToString"/> made it (checked before it is written into SQL).</param>
    public async Task WriteAsync(int org, string period, int indicator, long value, int units, CancellationToken ct)
    {
        if (_copy is not null)
        {
            _copy.Add((org, period, indicator, value, units));
            if (_copy.Count == RowsPerCopy) await CompleteAsync(ct);
            return;
        }
        _sql.Append(_pending == 0 ? "(" : ", (").Append(CultureInfo.InvariantCulture, $"{org}, '{SqlDialect.PeriodLiteral(period)}', {indicator}");
        if (mode != RollupWrite.Removing) _sql.Append(CultureInfo.InvariantCulture, $", {value}, {units}");
        _sql.Append(')');
        if (++_pending == SqlDialect.RollupRowsPerStatement) await CompleteAsync(ct);
    }

    /// <summary>Writes the rows still pending.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (database.CurrentTransaction is null) throw new InvalidOperationException("Rollups are written in the caller's transaction: all or nothing");
        if (_copy is not null)
        {
            Rows += await _dialect.CopyRollupsAsync(database, _copy, ct);
            _copy.Clear();
            return;
        }
        if (_pending == 0) return;
        _sql.Append(SqlDialect.RollupEnd(mode));
        Rows += await database.ExecuteSqlRawAsync(_sql.ToString(), ct);
        _sql.Clear().Append(SqlDialect.RollupStart(mode));
        _pending = 0;
    }
}
