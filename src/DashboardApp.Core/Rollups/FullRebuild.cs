using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// HAND-WRITTEN SQL, the one marked place for the full rebuild (docs/product.md, “Rollups” and “Engines and scale”). It computes exactly
/// what <see cref="RollupCalculator.Compute"/> does — the property tests compare the two — in one
/// pass over the current values, never holding them:
/// <list type="number">
/// <item>The values are read in organisation order, a range of organisations per query, so that each
/// unit's rows come together and the database needs no sort (the primary key is in that order).</item>
/// <item>For the unit being read: its value per month, and per quarter and year (SUM: the months
/// added; LAST: the latest month's value).</item>
/// <item>When the unit's rows end, each of those is added into every ancestor, counting the unit once.</item>
/// <item>An organisation's rollups are complete as soon as the read has passed the greatest id in its
/// subtree: what is held is the rollups of the subtrees being read, never the values.</item>
/// <item>A complete organisation's rollups are compared with what is stored for it, and only what
/// differs is inserted, replaced or removed.</item>
/// </list>
/// The SQL is what SQLite (3.44+) and PostgreSQL share: a grouped range read with typed parameters;
/// the rows go through <see cref="RollupWriter"/>. Reading a range at a time also frees the connection
/// for the writes between reads, which PostgreSQL needs (one command at a time per connection). The
/// incremental rollup uses the same read and sums for a parent's units (<see cref="UnitSumsAsync"/>).
/// </summary>
internal sealed class FullRebuild
{
    private const int OrganisationsPerRead = 256;

    /// <summary>
    /// PostgreSQL only, for the transactions that read: each read is a few hundred organisations, in key order.
    /// Left to itself the planner compiles every one of them (JIT, 25 ms each) and sorts a parallel bitmap scan
    /// instead of walking the primary key: three to four times slower, over hundreds of reads.
    /// </summary>
    private const string PostgreSqlSettings = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0";

    private readonly DatabaseFacade _database;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly bool _postgres;
    private readonly OrganisationTree _tree;

    /// <summary>The organisations a unit's values are added into: every ancestor (the full rebuild), or only its parent.</summary>
    private readonly Func<int, IEnumerable<int>> _targetsOf;

    /// <summary>Indicator id → its column in the arrays below (-1: not in the catalogue, not rolled up).</summary>
    private readonly int[] _column;
    private readonly int[] _indicatorOfColumn;
    private readonly bool[] _last;

    /// <summary>Each month seen: its period, quarter and year as indexes into <see cref="_periods"/>, and an ordinal for "latest".</summary>
    private readonly Dictionary<string, (int Month, int Quarter, int Year, int Ordinal)> _months = new(StringComparer.Ordinal);
    private readonly List<(Period Period, string Text)> _periods = [];
    private readonly Dictionary<Period, int> _periodIndex = [];

    /// <summary>Organisations above the units whose subtrees are being read: per period, per indicator column, the sum so far.</summary>
    private readonly Dictionary<int, List<Sum[]?>> _open = [];

    /// <summary>The unit being read: per period, per indicator column, its value; and the periods it has.</summary>
    private readonly List<UnitValue[]?> _unit = [];
    private readonly List<int> _unitPeriods = [];

    private struct Sum
    {
        public long Value;
        public int Units;
    }

    private struct UnitValue
    {
        public long Value;
        /// <summary>The month the value is from (year × 12 + month); 0: the unit has no value here.</summary>
        public int Latest;
    }

    private FullRebuild(DashboardDbContext db, OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf, Func<int, IEnumerable<int>>? targetsOf = null)
    {
        _targetsOf = targetsOf ?? (unit => tree.AncestorsOf(unit).Select(a => a.Id));
        _database = db.Database;
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The full rebuild runs in the caller's transaction: all or nothing");
        _postgres = db.Database.IsNpgsql();
        _tree = tree;
        _indicatorOfColumn = [.. aggregationOf.Keys.Where(id => id >= 0).Order()];
        _column = new int[_indicatorOfColumn.Length == 0 ? 0 : _indicatorOfColumn[^1] + 1];
        Array.Fill(_column, -1);
        _last = new bool[_indicatorOfColumn.Length];
        for (var c = 0; c < _indicatorOfColumn.Length; c++)
        {
            _column[_indicatorOfColumn[c]] = c;
            _last[c] = aggregationOf[_indicatorOfColumn[c]] == Aggregation.Last;
        }
    }

    /// <summary>Makes every rollup what the values say; returns the number of rows inserted, changed or removed.</summary>
    /// <param name="readAhead">
    /// Further open connections to the same database (none: the transaction's connection reads). The values
    /// are then read on them, each a range ahead, while the transaction's connection sums, compares and writes.
    /// They read what the transaction's connection would. On SQLite the transaction took the write lock
    /// when it began, so nothing can change the values until it ends. On PostgreSQL (READ COMMITTED)
    /// each of the transaction's own reads would see what had committed by then, too: an upload that
    /// commits during the rebuild may or may not be in it, and either way its queue item, not among
    /// those the rebuild removes, brings its incremental run, which adds only what is still missing.
    /// The rebuild itself only writes rollups.
    /// </param>
    public static Task<int> RunAsync(DashboardDbContext db, OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf,
        IReadOnlyList<DbConnection> readAhead, CancellationToken ct) =>
        new FullRebuild(db, tree, aggregationOf).RunAsync(readAhead, ct);

    private async Task<int> RunAsync(IReadOnlyList<DbConnection> readAhead, CancellationToken ct)
    {
        if (_postgres) await _database.ExecuteSqlRawAsync(PostgreSqlSettings, ct);
        // Each organisation above the units is complete once the read has passed every id in its subtree.
        var completeAfter = _tree.All.Where(o => !_tree.IsReportingUnit(o.Id))
            .Select(o => (o.Id, Last: _tree.Subtree(o.Id).Max(s => s.Id)))
            .OrderBy(o => o.Last).ToList();
        var next = 0;
        var writers = new Writers(new RollupWriter(_database), new RollupWriter(_database, RollupWrite.Replacing), new RollupWriter(_database, RollupWrite.Removing));
        await foreach (var (upTo, rows) in RangesAsync(readAhead, ct))
        {
            Add(rows);
            var complete = new List<int>();
            for (; next < completeAfter.Count && completeAfter[next].Last <= upTo; next++) complete.Add(completeAfter[next].Id);
            if (complete.Count > 0) await WriteAsync(writers, complete, ct);
        }
        // And the rollups of organisations no longer above any unit, or no longer in the tree.
        // (Integers only in the text.)
        var notAbove = "DELETE FROM \"RollupValues\"" + (completeAfter.Count == 0 ? "" : $" WHERE \"OrganisationId\" NOT IN ({Integers(completeAfter.Select(o => o.Id))})");
        var gone = await _database.ExecuteSqlRawAsync(notAbove, ct);
        foreach (var writer in new[] { writers.New, writers.Changed, writers.Removed }) await writer.CompleteAsync(ct);
        return writers.New.Rows + writers.Changed.Rows + writers.Removed.Rows + gone;
    }

    /// <summary>A rebuild's writes: rows that were not there, rows that changed, and rows that are no longer computed.</summary>
    private sealed record Writers(RollupWriter New, RollupWriter Changed, RollupWriter Removed);

    private static string Integers(IEnumerable<int> ids) => string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Every current value, as unit-months, a range of <see cref="OrganisationsPerRead"/> organisations at a
    /// time with the greatest id the range covers. The first range starts at the lowest id there is and the
    /// last ends at the highest: every row is read. With read-ahead connections the next ranges are read
    /// while the caller works on this one.
    /// </summary>
    private async IAsyncEnumerable<(int UpTo, List<UnitMonth> Rows)> RangesAsync(IReadOnlyList<DbConnection> readAhead, [EnumeratorCancellation] CancellationToken ct)
    {
        var ids = _tree.All.Select(o => o.Id).Order().ToList();
        var ranges = new List<(int From, int To)>();
        for (var start = 0; start < Math.Max(ids.Count, 1); start += OrganisationsPerRead)
            ranges.Add((start == 0 ? int.MinValue : ids[start], start + OrganisationsPerRead >= ids.Count ? int.MaxValue : ids[start + OrganisationsPerRead] - 1));

        if (readAhead.Count == 0)
        {
            // Range after range on the transaction's own connection, each yielded as it is read.
            await foreach (var range in ReadAsync(_connection, _transaction, ranges, ct)) yield return range;
            yield break;
        }

        // Read-ahead connection k reads ranges k, k + n, k + 2n … into its own channel; they are taken in turn.
        var n = readAhead.Count;
        var channels = readAhead.Select(_ => Channel.CreateBounded<(int, List<UnitMonth>)>(2)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = readAhead.Select((connection, k) => Task.Run(async () =>
        {
            try
            {
                await foreach (var range in ReadAsync(connection, null, [.. ranges.Where((_, i) => i % n == k)], stop.Token))
                    await channels[k].Writer.WriteAsync(range, stop.Token);
                channels[k].Writer.TryComplete();
            }
            catch (Exception e)
            {
                channels[k].Writer.TryComplete(e);
            }
        }, stop.Token)).ToArray();
        try
        {
            for (var i = 0; i < ranges.Count; i++)
                yield return await channels[i % n].Reader.ReadAsync(ct);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var task in reading)
                try { await task; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// The unit-months of each range in turn, on one connection, with one prepared statement, in the given
    /// transaction or (a read-ahead connection on PostgreSQL) in one of its own, for the settings below.
    /// </summary>
    private static async IAsyncEnumerable<(int UpTo, List<UnitMonth> Rows)> ReadAsync(DbConnection connection, DbTransaction? transaction,
        List<(int From, int To)> ranges, [EnumeratorCancellation] CancellationToken ct)
    {
        var postgres = connection is Npgsql.NpgsqlConnection;
        await using var own = postgres && transaction is null ? await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct) : null;
        transaction ??= own;
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        if (postgres)
        {
            read.CommandText = PostgreSqlSettings;
            await read.ExecuteNonQueryAsync(ct);
        }
        read.CommandText = UnitMonths("\"OrganisationId\" >= @from AND \"OrganisationId\" <= @to", postgres);
        var from = Parameter(read, "@from", DbType.Int32);
        var to = Parameter(read, "@to", DbType.Int32);
        await read.PrepareAsync(ct);
        foreach (var range in ranges)
        {
            ct.ThrowIfCancellationRequested();
            (from.Value, to.Value) = range;
            yield return (range.To, await FetchAsync(read, ct));
        }
    }

    /// <summary>
    /// One row per unit-month with its indicators and values, <see cref="Joined"/>: a database driver's cost is per row
    /// and column, and reading each value as a row of its own costs three times what the database spends on it.
    /// Ordered as grouped, so that the database streams the groups from the primary key without sorting them again.
    /// </summary>
    private static string UnitMonths(string where, bool postgres) =>
        $"SELECT \"OrganisationId\", \"Period\", {Joined(postgres, ("IndicatorId", false), ("Value", true))} " +
        $"FROM \"CurrentValues\" WHERE {where} GROUP BY \"OrganisationId\", \"Period\" ORDER BY \"OrganisationId\", \"Period\"";

    /// <summary>
    /// The aggregate that joins these integer columns of each group's rows into one value, read back by <see cref="Fields"/>:
    /// SQLite makes one text; PostgreSQL one byte string, 4 bytes a column (8 if <c>Wide</c>), big-endian as int4send and
    /// int8send give them — cheaper for the server than text or arrays, and nothing to parse here.
    /// </summary>
    private static string Joined(bool postgres, params (string Column, bool Wide)[] columns) => postgres
        ? $"string_agg({string.Join(" || ", columns.Select(c => $"{(c.Wide ? "int8send" : "int4send")}(\"{c.Column}\")"))}, ''::bytea)"
        : $"string_agg({string.Join(" || ' ' || ", columns.Select(c => $"\"{c.Column}\""))}, ' ')";

    /// <summary>A <see cref="Joined"/> column as it was read: text (SQLite) or bytes (PostgreSQL).</summary>
    private static (string? Text, byte[]? Bytes) Joined(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(byte[]) ? (null, reader.GetFieldValue<byte[]>(ordinal)) : (reader.GetString(ordinal), null);

    /// <summary>The integers of a <see cref="Joined"/> value, one after another, in the order of its columns.</summary>
    private ref struct Fields(string? text, byte[]? bytes)
    {
        private ReadOnlySpan<char> _text = text;
        private ReadOnlySpan<byte> _bytes = bytes;

        public readonly bool IsEmpty => _text.IsEmpty && _bytes.IsEmpty;

        public int Int32()
        {
            if (_bytes.IsEmpty) return (int)Next(ref _text);
            var value = BinaryPrimitives.ReadInt32BigEndian(_bytes);
            _bytes = _bytes[4..];
            return value;
        }

        public long Int64()
        {
            if (_bytes.IsEmpty) return Next(ref _text);
            var value = BinaryPrimitives.ReadInt64BigEndian(_bytes);
            _bytes = _bytes[8..];
            return value;
        }
    }

    /// <summary>
    /// For the incremental rollup: what these units add to their parents in the periods of
    /// <paramref name="months"/> — the months, their quarters and years — with the number of units.
    /// Only integers and period texts made by <see cref="Period.ToString"/> reach the SQL.
    /// </summary>
    public static async Task<Dictionary<(int Org, Period Period, int Indicator), (long Value, int Units)>> UnitSumsAsync(DashboardDbContext db,
        OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf, IReadOnlyCollection<int> units, IReadOnlyCollection<Period> months, CancellationToken ct)
    {
        var result = new Dictionary<(int, Period, int), (long, int)>();
        if (units.Count == 0 || months.Count == 0) return result;
        var rebuild = new FullRebuild(db, tree, aggregationOf, unit => tree.ById(unit)?.ParentId is { } parent ? [parent] : []);
        var monthTexts = months.Select(m => m.Type == PeriodType.Month ? $"'{m}'" : throw new ArgumentException("只能按月读取", nameof(months)));
        await using (var read = rebuild.Command(UnitMonths(
            $"\"OrganisationId\" IN ({Integers(units)}) AND \"Period\" IN ({string.Join(", ", monthTexts)})",
            rebuild._postgres)))
            rebuild.Add(await FetchAsync(read, ct));
        foreach (var (org, byPeriod) in rebuild._open)
            for (var p = 0; p < byPeriod.Count; p++)
                if (byPeriod[p] is { } sums)
                    for (var c = 0; c < sums.Length; c++)
                        if (sums[c].Units > 0)
                            result[(org, rebuild._periods[p].Period, rebuild._indicatorOfColumn[c])] = (sums[c].Value, sums[c].Units);
        return result;
    }

    /// <summary>One unit's current values for one month: indicator, value, indicator, value … (<see cref="Joined"/>).</summary>
    private readonly record struct UnitMonth(int Org, string Month, (string? Text, byte[]? Bytes) Pairs);

    private static async Task<List<UnitMonth>> FetchAsync(DbCommand read, CancellationToken ct)
    {
        var rows = new List<UnitMonth>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new UnitMonth(reader.GetInt32(0), reader.GetString(1), Joined(reader, 2)));
        return rows;
    }

    /// <summary>Unit-months in organisation order, into the organisations each unit's values go to.</summary>
    private void Add(List<UnitMonth> rows)
    {
        var unit = int.MinValue;
        List<Sum[]?>[] ancestors = [];
        foreach (var row in rows)
        {
            if (row.Org != unit)
            {
                AddUnitTo(ancestors);
                unit = row.Org;
                ancestors = [.. _targetsOf(row.Org).Select(Open)];
            }
            if (ancestors.Length == 0) continue;
            var month = Month(row.Month);
            var (inMonth, inQuarter, inYear) = (UnitPeriod(month.Month), UnitPeriod(month.Quarter), UnitPeriod(month.Year));
            for (var pairs = new Fields(row.Pairs.Text, row.Pairs.Bytes); !pairs.IsEmpty;)
            {
                var indicator = pairs.Int32();
                AddValue(indicator, pairs.Int64(), month.Ordinal, inMonth, inQuarter, inYear);
            }
        }
        AddUnitTo(ancestors);
    }

    /// <summary>One value of the unit's month into its month, quarter and year (indicators not in the catalogue are not rolled up).</summary>
    private void AddValue(long indicator, long value, int ordinal, UnitValue[] inMonth, UnitValue[] inQuarter, UnitValue[] inYear)
    {
        var column = Column(indicator);
        if (column < 0) return;
        inMonth[column] = new UnitValue { Value = value, Latest = ordinal };
        Add(ref inQuarter[column], value, ordinal, _last[column]);
        Add(ref inYear[column], value, ordinal, _last[column]);
    }

    /// <summary>The indicator's column in the sums, or -1 (not in the catalogue).</summary>
    private int Column(long indicator) => indicator >= 0 && indicator < _column.Length ? _column[indicator] : -1;

    /// <summary>The first of the space-separated integers, taken off the text.</summary>
    private static long Next(ref ReadOnlySpan<char> text)
    {
        var end = text.IndexOf(' ');
        var number = long.Parse(end < 0 ? text : text[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        text = end < 0 ? [] : text[(end + 1)..];
        return number;
    }

    /// <summary>Into the unit's value for a quarter or year: SUM adds the month, LAST keeps the latest month's value.</summary>
    private static void Add(ref UnitValue cell, long value, int ordinal, bool last)
    {
        if (cell.Latest == 0) cell = new UnitValue { Value = value, Latest = ordinal };
        else if (!last) cell.Value += value;
        else if (ordinal > cell.Latest) cell = new UnitValue { Value = value, Latest = ordinal };
    }

    /// <summary>The unit's values for a period, noted as one it has.</summary>
    private UnitValue[] UnitPeriod(int period)
    {
        while (_unit.Count <= period) _unit.Add(null);
        var cells = _unit[period] ??= new UnitValue[_indicatorOfColumn.Length];
        if (!_unitPeriods.Contains(period)) _unitPeriods.Add(period);
        return cells;
    }

    /// <summary>The unit just read, into every ancestor: its values, and one more reporting unit behind each.</summary>
    private void AddUnitTo(List<Sum[]?>[] ancestors)
    {
        foreach (var period in _unitPeriods)
        {
            var cells = _unit[period]!;
            foreach (var ancestor in ancestors)
            {
                while (ancestor.Count <= period) ancestor.Add(null);
                var sums = ancestor[period] ??= new Sum[cells.Length];
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c].Latest == 0) continue;
                    sums[c].Value += cells[c].Value;
                    sums[c].Units++;
                }
            }
            Array.Clear(cells);
        }
        _unitPeriods.Clear();
    }

    /// <summary>
    /// Completed organisations' rollups, against what is stored for them: only what differs is written. A rebuild
    /// after the incremental runs have kept up writes nothing, and on PostgreSQL a row deleted and inserted again in
    /// one transaction costs its unique index a visit to the deleted row (4 s for a province's 1.5 million rows).
    /// </summary>
    private async Task WriteAsync(Writers writers, List<int> orgs, CancellationToken ct)
    {
        var stored = await StoredAsync(orgs, ct);
        var was = new (long Value, int Units)[_indicatorOfColumn.Length];
        foreach (var org in orgs)
        {
            if (!_open.Remove(org, out var byPeriod)) continue;
            for (var period = 0; period < byPeriod.Count; period++)
            {
                if (byPeriod[period] is not { } sums) continue;
                var text = _periods[period].Text;
                Array.Clear(was);
                if (stored.Remove((org, text), out var rows))
                    for (var i = 0; i < rows.Indicators.Length; i++)
                    {
                        var column = Column(rows.Indicators[i]);
                        if (column >= 0) was[column] = (rows.Values[i], rows.Units[i]);
                        else await writers.Removed.WriteAsync(org, text, rows.Indicators[i], 0, 0, ct);
                    }
                for (var c = 0; c < sums.Length; c++)
                {
                    var (indicator, value, units) = (_indicatorOfColumn[c], sums[c].Value, sums[c].Units);
                    if (units == 0 && was[c].Units == 0) continue;
                    if (units == 0) await writers.Removed.WriteAsync(org, text, indicator, 0, 0, ct);
                    else if (was[c].Units == 0) await writers.New.WriteAsync(org, text, indicator, value, units, ct);
                    else if (was[c] != (value, units)) await writers.Changed.WriteAsync(org, text, indicator, value, units, ct);
                }
            }
        }
        foreach (var ((org, period), rows) in stored)
            foreach (var indicator in rows.Indicators)
                await writers.Removed.WriteAsync(org, period, indicator, 0, 0, ct);
    }

    /// <summary>What is stored for these organisations, a row per organisation and period (as the values are read, for the same reason).</summary>
    private async Task<Dictionary<(int Org, string Period), (int[] Indicators, long[] Values, int[] Units)>> StoredAsync(List<int> orgs, CancellationToken ct)
    {
        var stored = new Dictionary<(int, string), (int[], long[], int[])>();
        await using var read = Command($"SELECT \"OrganisationId\", \"Period\", {Joined(_postgres, ("IndicatorId", false), ("Value", true), ("ReportingUnits", false))}" +
            $" FROM \"RollupValues\" WHERE \"OrganisationId\" IN ({Integers(orgs)}) GROUP BY \"OrganisationId\", \"Period\"");
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (indicators, values, units) = (new List<int>(), new List<long>(), new List<int>());
            var (text, bytes) = Joined(reader, 2);
            for (var fields = new Fields(text, bytes); !fields.IsEmpty;)
            {
                indicators.Add(fields.Int32());
                values.Add(fields.Int64());
                units.Add(fields.Int32());
            }
            stored[(reader.GetInt32(0), reader.GetString(1))] = ([.. indicators], [.. values], [.. units]);
        }
        return stored;
    }

    private List<Sum[]?> Open(int org)
    {
        if (!_open.TryGetValue(org, out var sums)) _open[org] = sums = [];
        return sums;
    }

    private (int Month, int Quarter, int Year, int Ordinal) Month(string text)
    {
        if (_months.TryGetValue(text, out var known)) return known;
        if (!Period.TryParse(text, out var month) || month.Type != PeriodType.Month)
            throw new InvalidOperationException($"当前值中的统计期“{text}”不是月份，无法汇总");
        var (quarter, year) = (month.Containing().First(), month.Containing().Last());
        return _months[text] = (Index(month), Index(quarter), Index(year), month.Year * 12 + month.Index);
    }

    private int Index(Period period)
    {
        if (_periodIndex.TryGetValue(period, out var index)) return index;
        _periods.Add((period, period.ToString()));
        return _periodIndex[period] = _periods.Count - 1;
    }

    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        // Typed, so that PostgreSQL can prepare the statement before the first values are set.
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
