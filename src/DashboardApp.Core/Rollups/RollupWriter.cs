using System.Globalization;
using System.Text;
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
/// HAND-WRITTEN SQL, the one marked place for rollup writes (docs/product.md, “Rollups” and “Engines and scale”): rows go
/// <see cref="RowsPerStatement"/> to a statement in the form SQLite and PostgreSQL share (a multi-row
/// INSERT, INSERT … ON CONFLICT DO UPDATE, DELETE … WHERE key IN (VALUES …)), in the caller's
/// transaction, through EF Core (its interceptors and logging see every statement). The values are
/// written into the statement as literals: binding thousands of parameters costs SQLite's driver more
/// than the insert itself (6 µs a row against 1). Only integers, formatted invariantly, and periods'
/// texts made by <see cref="Period.ToString"/> (digits, '-' and 'Q') ever reach the text.
/// <para>PostgreSQL only: new rows go by binary COPY instead, <see cref="RowsPerCopy"/> at a
/// time, for a full rebuild's 1.5 million rows cost 7 µs each as INSERTs there.</para>
/// </summary>
internal sealed class RollupWriter(DatabaseFacade database, RollupWrite mode = RollupWrite.New)
{
    private const int RowsPerStatement = 500;
    private const int RowsPerCopy = 50_000;
    private const string Columns = "(\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"ReportingUnits\")";
    private const string OnConflict = " ON CONFLICT (\"OrganisationId\", \"Period\", \"IndicatorId\") DO UPDATE SET ";

    private static string Start(RollupWrite mode) => mode == RollupWrite.Removing
        ? "DELETE FROM \"RollupValues\" WHERE (\"OrganisationId\", \"Period\", \"IndicatorId\") IN (VALUES "
        : $"INSERT INTO \"RollupValues\" {Columns} VALUES ";

    private static string End(RollupWrite mode) => mode switch
    {
        RollupWrite.Adding => OnConflict + "\"Value\" = \"RollupValues\".\"Value\" + excluded.\"Value\", " +
            "\"ReportingUnits\" = \"RollupValues\".\"ReportingUnits\" + excluded.\"ReportingUnits\"",
        RollupWrite.Replacing => OnConflict + "\"Value\" = excluded.\"Value\", \"ReportingUnits\" = excluded.\"ReportingUnits\"",
        RollupWrite.Removing => ")",
        _ => "",
    };

    private readonly StringBuilder _sql = new(Start(mode), RowsPerStatement * 40);
    private readonly Dictionary<Period, string> _texts = [];
    private int _pending;
    private readonly List<(int Org, string Period, int Indicator, long Value, int Units)>? _copy =
        mode == RollupWrite.New && database.IsNpgsql() ? new(RowsPerCopy) : null;

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
        _sql.Append(_pending == 0 ? "(" : ", (").Append(CultureInfo.InvariantCulture, $"{org}, '{Checked(period)}', {indicator}");
        if (mode != RollupWrite.Removing) _sql.Append(CultureInfo.InvariantCulture, $", {value}, {units}");
        _sql.Append(')');
        if (++_pending == RowsPerStatement) await CompleteAsync(ct);
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
        _sql.Append(End(mode));
        Rows += await database.ExecuteSqlRawAsync(_sql.ToString(), ct);
        _sql.Clear().Append(Start(mode));
        _pending = 0;
    }

    /// <summary>Digits, '-' and 'Q' only: what <see cref="Period.ToString"/> makes, and nothing that could end a literal.</summary>
    private static string Checked(string period)
    {
        foreach (var c in period)
            if (!char.IsAsciiDigit(c) && c != '-' && c != 'Q')
                throw new ArgumentException($"统计期“{period}”不是规范写法", nameof(period));
        return period;
    }

    private async Task CopyAsync(CancellationToken ct)
    {
        if (_copy!.Count == 0) return;
        if (database.CurrentTransaction is null) throw new InvalidOperationException("Rollups are written in the caller's transaction: all or nothing");
        var connection = (Npgsql.NpgsqlConnection)database.GetDbConnection();
        await using (var import = await connection.BeginBinaryImportAsync($"COPY \"RollupValues\" {Columns} FROM STDIN (FORMAT BINARY)", ct))
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
