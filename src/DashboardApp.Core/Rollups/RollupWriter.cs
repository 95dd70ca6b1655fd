using System.Globalization;
using System.Text;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// HAND-WRITTEN SQL, the one marked place for rollup writes (SPEC §6, §10): rows go
/// <see cref="RowsPerInsert"/> to a multi-row INSERT, the form SQLite and PostgreSQL share, in the
/// caller's transaction, through EF Core (its interceptors and logging see every statement). The values are written into the statement as literals: binding thousands of
/// parameters costs SQLite's driver more than the insert itself (6 µs a row against 1). Only
/// integers, formatted invariantly, and periods' texts made by <see cref="Period.ToString"/>
/// (digits, '-' and 'Q') ever reach the text.
/// <para>PostgreSQL only: new rows (not changes) go by binary COPY instead, <see cref="RowsPerCopy"/> at a
/// time, for a full rebuild's 1.5 million rows cost 7 µs each as INSERTs there.</para>
/// </summary>
/// <param name="adding">Each row is a change, added to the row already there (INSERT … ON CONFLICT DO UPDATE, also shared).</param>
internal sealed class RollupWriter(DatabaseFacade database, bool adding = false)
{
    private const int RowsPerInsert = 500;
    private const int RowsPerCopy = 50_000;
    private const string Insert = "INSERT INTO \"RollupValues\" (\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"ReportingUnits\") VALUES ";
    private const string Adding = " ON CONFLICT (\"OrganisationId\", \"Period\", \"IndicatorId\") DO UPDATE SET " +
        "\"Value\" = \"RollupValues\".\"Value\" + excluded.\"Value\", \"ReportingUnits\" = \"RollupValues\".\"ReportingUnits\" + excluded.\"ReportingUnits\"";
    private readonly StringBuilder _sql = new(Insert, RowsPerInsert * 40);
    private readonly Dictionary<Period, string> _texts = [];
    private int _pending;
    private readonly List<(int Org, string Period, int Indicator, long Value, int Units)>? _copy =
        !adding && database.IsNpgsql() ? new(RowsPerCopy) : null;

    public int Rows { get; private set; }

    /// <param name="value">The value as stored: scaled by <see cref="Data.ScaledDecimalConverter.Scale"/>.</param>
    public async Task WriteAsync(int org, Period period, int indicator, long value, int units, CancellationToken ct)
    {
        if (!_texts.TryGetValue(period, out var text)) _texts[period] = text = period.ToString();
        if (_copy is not null)
        {
            _copy.Add((org, text, indicator, value, units));
            if (_copy.Count == RowsPerCopy) await CompleteAsync(ct);
            return;
        }
        _sql.Append(_pending == 0 ? "(" : ", (").Append(CultureInfo.InvariantCulture, $"{org}, '{text}', {indicator}, {value}, {units})");
        if (++_pending == RowsPerInsert) await CompleteAsync(ct);
    }

    /// <summary>Writes the rows still pending.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_copy is not null)
        {
            await CopyAsync(ct);
            return;
        }
        if (_pending == 0) return;
        if (database.CurrentTransaction is null) throw new InvalidOperationException("Rollups are written in the caller's transaction: all or nothing");
        if (adding) _sql.Append(Adding);
        Rows += await database.ExecuteSqlRawAsync(_sql.ToString(), ct);
        _sql.Clear().Append(Insert);
        _pending = 0;
    }

    private async Task CopyAsync(CancellationToken ct)
    {
        if (_copy!.Count == 0) return;
        if (database.CurrentTransaction is null) throw new InvalidOperationException("Rollups are written in the caller's transaction: all or nothing");
        var connection = (Npgsql.NpgsqlConnection)database.GetDbConnection();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY \"RollupValues\" (\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"ReportingUnits\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (org, period, indicator, value, units) in _copy)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(org, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await import.WriteAsync(period, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await import.WriteAsync(indicator, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await import.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(units, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            }
            Rows += (int)await import.CompleteAsync(ct);
        }
        _copy.Clear();
    }
}
