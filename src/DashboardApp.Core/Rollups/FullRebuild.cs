using System.Data.Common;
using DashboardApp.Core.Data;
using DashboardApp.Core.Data.Sql;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// The full rebuild (docs/product.md, “Rollups”; docs/decisions/0003). It computes exactly what
/// <see cref="RollupCalculator.Compute"/> does — the property tests compare the two — in one pass over the current values,
/// never holding them: <see cref="UnitMonthReader"/> reads them in organisation order, <see cref="RollupSums"/> adds each
/// unit into its ancestors, and an organisation's rollups are complete as soon as the read has passed the greatest id in
/// its subtree. A complete organisation's rollups are compared with what is stored for it, and only what differs is
/// inserted, replaced or removed (<see cref="RollupWriter"/>). The incremental run reads and sums the same way for a
/// parent's units (<see cref="UnitSumsAsync"/>).
/// </summary>
internal sealed class FullRebuild
{
    private readonly DatabaseFacade _database;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly SqlDialect _dialect;
    private readonly OrganisationTree _tree;
    private readonly RollupSums _sums;

    private FullRebuild(DashboardDbContext db, OrganisationTree tree, RollupSums sums)
    {
        _database = db.Database;
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The full rebuild runs in the caller's transaction: all or nothing");
        _dialect = SqlDialect.Of(db.Database);
        _tree = tree;
        _sums = sums;
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
        new FullRebuild(db, tree, new RollupSums(aggregationOf, unit => tree.AncestorsOf(unit).Select(a => a.Id))).RunAsync(readAhead, ct);

    private async Task<int> RunAsync(IReadOnlyList<DbConnection> readAhead, CancellationToken ct)
    {
        if (_dialect.RangeReadSettings is { } settings) await _database.ExecuteSqlRawAsync(settings, ct);
        // Each organisation above the units is complete once the read has passed every id in its subtree.
        var completeAfter = _tree.All.Where(o => !_tree.IsReportingUnit(o.Id))
            .Select(o => (o.Id, Last: _tree.Subtree(o.Id).Max(s => s.Id)))
            .OrderBy(o => o.Last).ToList();
        var next = 0;
        var writers = new Writers(new RollupWriter(_database), new RollupWriter(_database, RollupWrite.Replacing),
            new RollupWriter(_database, RollupWrite.Removing));
        await foreach (var (upTo, rows) in UnitMonthReader.RangesAsync([.. _tree.All.Select(o => o.Id)], _connection, _transaction, readAhead, ct))
        {
            _sums.Add(rows);
            var complete = new List<int>();
            for (; next < completeAfter.Count && completeAfter[next].Last <= upTo; next++) complete.Add(completeAfter[next].Id);
            if (complete.Count > 0) await WriteAsync(writers, complete, ct);
        }
        // And the rollups of organisations no longer above any unit, or no longer in the tree.
        var gone = await _database.ExecuteSqlRawAsync(SqlDialect.RemoveRollupsExcept([.. completeAfter.Select(o => o.Id)]), ct);
        foreach (var writer in new[] { writers.New, writers.Changed, writers.Removed }) await writer.CompleteAsync(ct);
        return writers.New.Rows + writers.Changed.Rows + writers.Removed.Rows + gone;
    }

    /// <summary>A rebuild's writes: rows that were not there, rows that changed, and rows that are no longer computed.</summary>
    private sealed record Writers(RollupWriter New, RollupWriter Changed, RollupWriter Removed);

    /// <summary>
    /// For the incremental rollup: what these units add to their parents in the periods of
    /// <paramref name="months"/> — the months, their quarters and years — with the number of units.
    /// </summary>
    public static async Task<Dictionary<(int Org, Period Period, int Indicator), (long Value, int Units)>> UnitSumsAsync(DashboardDbContext db,
        OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf, IReadOnlyCollection<int> units,
            IReadOnlyCollection<Period> months, CancellationToken ct)
    {
        var result = new Dictionary<(int, Period, int), (long, int)>();
        if (units.Count == 0 || months.Count == 0) return result;
        if (months.Any(m => m.Type != PeriodType.Month)) throw new ArgumentException("只能按月读取", nameof(months));
        var sums = new RollupSums(aggregationOf, unit => tree.ById(unit)?.ParentId is { } parent ? [parent] : []);
        var rebuild = new FullRebuild(db, tree, sums);
        await using (var read = rebuild.Command(rebuild._dialect.UnitMonthsOf(units, months)))
            sums.Add(await UnitMonthReader.FetchAsync(read, ct));
        foreach (var (org, byPeriod) in sums.Open)
            for (var p = 0; p < byPeriod.Count; p++)
                if (byPeriod[p] is { } cells)
                    for (var c = 0; c < cells.Length; c++)
                        if (cells[c].Units > 0)
                            result[(org, sums.Periods[p].Period, sums.IndicatorOfColumn[c])] = (cells[c].Value, cells[c].Units);
        return result;
    }

    /// <summary>
    /// Completed organisations' rollups, against what is stored for them: only what differs is written. A rebuild
    /// after the incremental runs have kept up writes nothing, and on PostgreSQL a row deleted and inserted again in
    /// one transaction costs its unique index a visit to the deleted row (4 s for a province's 1.5 million rows).
    /// </summary>
    private async Task WriteAsync(Writers writers, List<int> orgs, CancellationToken ct)
    {
        var stored = await StoredAsync(orgs, ct);
        var was = new (long Value, int Units)[_sums.IndicatorOfColumn.Length];
        foreach (var org in orgs)
        {
            if (_sums.Take(org) is not { } byPeriod) continue;
            for (var period = 0; period < byPeriod.Count; period++)
            {
                if (byPeriod[period] is not { } sums) continue;
                var text = _sums.Periods[period].Text;
                Array.Clear(was);
                if (stored.Remove((org, text), out var rows))
                    for (var i = 0; i < rows.Indicators.Length; i++)
                    {
                        var column = _sums.Column(rows.Indicators[i]);
                        if (column >= 0) was[column] = (rows.Values[i], rows.Units[i]);
                        else await writers.Removed.WriteAsync(org, text, rows.Indicators[i], 0, 0, ct);
                    }
                for (var c = 0; c < sums.Length; c++)
                {
                    var (indicator, value, units) = (_sums.IndicatorOfColumn[c], sums[c].Value, sums[c].Units);
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
    private async Task<Dictionary<(int Org, string Period), (int[] Indicators, long[] Values, int[] Units)>> StoredAsync(List<int> orgs,
        CancellationToken ct)
    {
        var stored = new Dictionary<(int, string), (int[], long[], int[])>();
        await using var read = Command(_dialect.StoredRollups(orgs));
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (indicators, values, units) = (new List<int>(), new List<long>(), new List<int>());
            var (text, bytes) = JoinedFields.Read(reader, 2);
            for (var fields = new JoinedFields(text, bytes); !fields.IsEmpty;)
            {
                indicators.Add(fields.Int32());
                values.Add(fields.Int64());
                units.Add(fields.Int32());
            }
            stored[(reader.GetInt32(0), reader.GetString(1))] = ([.. indicators], [.. values], [.. units]);
        }
        return stored;
    }

    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
