using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// Keeps the materialised rollups (SPEC §6) equal to what <see cref="RollupCalculator"/> computes
/// from the current values. A full rebuild recomputes everything; an incremental run recomputes
/// only the ancestors and periods of the unit-months in the queue, bottom-up, each from its
/// children. Runs never overlap, transient database failures are retried, and every run is recorded.
/// </summary>
public sealed class RollupService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, ResiliencePipeline? retry = null, ReferenceData? reference = null)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private readonly ResiliencePipeline _retry = retry ?? TransientRetry();
    private readonly ReferenceData _reference = reference ?? new ReferenceData();

    /// <summary>A run has started (it is recorded as running).</summary>
    public event Action<RollupRun>? Started;

    public event Action<RollupRun>? Finished;

    /// <summary>The run in progress in this process, if any.</summary>
    public RollupRun? Current { get; private set; }

    /// <summary>Retries what SQLite reports as busy or locked, and timeouts: another writer holds the database for a moment.</summary>
    public static ResiliencePipeline TransientRetry(int attempts = 5, TimeSpan? delay = null) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = attempts,
            Delay = delay ?? TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static bool IsTransient(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        TimeoutException => true,
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>
    /// Closes the records of runs of this kind left "running" by a process that stopped (a crash, a
    /// killed instance): called when Quartz recovers such a run, before it is done again.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(bool full, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.RollupRuns.Where(r => r.Full == full && r.Outcome == "running")
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, "interrupted").SetProperty(r => r.FinishedAtUtc, now)
                .SetProperty(r => r.Error, "运行所在的进程已停止，本次汇总已由调度重新运行"), ct);
    }

    /// <summary>Recomputes every rollup from the current values, and empties the queue it covers.</summary>
    public Task<RollupRun> RunFullAsync(CancellationToken ct = default) => RunAsync(full: true, ct);

    /// <summary>Recomputes what the queued unit-months touch; a no-op (not recorded) when the queue is empty.</summary>
    public Task<RollupRun> RunIncrementalAsync(CancellationToken ct = default) => RunAsync(full: false, ct);

    private async Task<RollupRun> RunAsync(bool full, CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            if (!full)
            {
                await using var peek = await dbFactory.CreateDbContextAsync(ct);
                if (!await peek.RollupQueue.AnyAsync(ct))
                    return new RollupRun { Full = false, Outcome = "succeeded", StartedAtUtc = clock.GetUtcNow().UtcDateTime, FinishedAtUtc = clock.GetUtcNow().UtcDateTime };
            }
            var run = await RecordAsync(new RollupRun { Full = full, StartedAtUtc = clock.GetUtcNow().UtcDateTime }, ct);
            Current = run;
            Started?.Invoke(run);
            try
            {
                if (full) run.Rows = await _retry.ExecuteAsync(async token => await FullAsync(token), ct);
                else
                {
                    // In batches, each its own transaction, until the queue is empty.
                    (int Written, int Processed) batch;
                    do
                    {
                        batch = await _retry.ExecuteAsync(async token => await IncrementalAsync(token), ct);
                        run.Rows += batch.Written;
                    }
                    while (batch.Processed == IncrementalBatch);
                }
                run.Outcome = "succeeded";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run.Outcome = "failed";
                run.Error = e.GetBaseException().Message;
            }
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            Current = null;
            await RecordAsync(run, CancellationToken.None);
            Finished?.Invoke(run);
            return run;
        }
        finally
        {
            Current = null;
            OneAtATime.Release();
        }
    }

    private async Task<RollupRun> RecordAsync(RollupRun run, CancellationToken ct)
    {
        await _retry.ExecuteAsync(async token =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(token);
            if (run.Id == 0) db.RollupRuns.Add(run);
            else db.RollupRuns.Attach(run).State = EntityState.Modified;
            await db.SaveChangesAsync(token);
        }, ct);
        return run;
    }

    private async Task<int> FullAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Everything queued so far is covered by this rebuild; later items wait for the next run.
        var coveredUpTo = await db.RollupQueue.MaxAsync(q => (long?)q.Id, ct) ?? 0;
        var (tree, catalogue) = await _reference.GetAsync(db, ct);
        var rows = await FullRebuild.RunAsync(db, tree, catalogue.All.ToDictionary(i => i.Id, i => i.Aggregation), ct);
        await db.RollupQueue.Where(q => q.Id <= coveredUpTo).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return rows;
    }

    /// <summary>
    /// For every queued (unit, month): the unit's ancestors × the month, its quarter and its year.
    /// Deepest organisations first, a tree level and a year at a time, each (organisation, period) is
    /// recomputed from its children — reporting units from their current values, others from their
    /// own (already recomputed) rollups — in one transaction with the removal of the queue items.
    /// </summary>
    private const int IncrementalBatch = 10_000;

    private async Task<(int Written, int Processed)> IncrementalAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var queued = await db.RollupQueue.AsNoTracking().OrderBy(q => q.Id).Take(IncrementalBatch).ToListAsync(ct);
        if (queued.Count == 0) return (0, 0);
        var (tree, catalogue) = await _reference.GetAsync(db, ct);
        var aggregationOf = catalogue.All.ToDictionary(i => i.Id, i => i.Aggregation);

        var affected = new HashSet<(int Org, Period Period)>();
        foreach (var item in queued)
            foreach (var ancestor in tree.AncestorsOf(item.OrganisationId))
                foreach (var period in item.Month.Containing().Prepend(item.Month))
                    affected.Add((ancestor.Id, period));

        var writer = new RollupWriter(db.Database);
        foreach (var group in affected.GroupBy(a => (Depth: tree.AncestorsOf(a.Org).Count(), a.Period.Year)).OrderByDescending(g => g.Key.Depth))
        {
            ct.ThrowIfCancellationRequested();
            // Every period of the group for every organisation of it: a few more than were touched, perhaps, all recomputed exactly.
            var orgs = group.Select(a => a.Org).Distinct().ToList();
            var periods = group.Select(a => a.Period).Distinct().ToList();
            await db.RollupValues.Where(v => orgs.Contains(v.OrganisationId) && periods.Contains(v.Period)).ExecuteDeleteAsync(ct);
            foreach (var row in await RecomputeAsync(db, tree, aggregationOf, orgs, periods, ct))
                await writer.WriteAsync(row.OrganisationId, row.Period.ToString(), row.IndicatorId, ScaledDecimalConverter.ToStored(row.Value), row.ReportingUnits, ct);
            await writer.CompleteAsync(ct);
        }
        var done = queued.Select(q => q.Id).ToList();
        await db.RollupQueue.Where(q => done.Contains(q.Id)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return (writer.Rows, queued.Count);
    }

    /// <summary>The rollups of these organisations for these periods, from their children: two reads for them all.</summary>
    private static async Task<List<RollupValue>> RecomputeAsync(DashboardDbContext db, OrganisationTree tree,
        IReadOnlyDictionary<int, Aggregation> aggregationOf, List<int> orgs, List<Period> periods, CancellationToken ct)
    {
        var children = orgs.SelectMany(o => tree.ChildrenOf(o)).ToList();
        var leaves = children.Where(c => tree.IsReportingUnit(c.Id)).Select(c => c.Id).ToList();
        var inner = children.Where(c => !tree.IsReportingUnit(c.Id)).Select(c => c.Id).ToList();
        var months = periods.SelectMany(p => p.Months()).Distinct().ToList();

        var unitMonths = leaves.Count == 0 ? [] : await db.CurrentValues.AsNoTracking()
            .Where(v => leaves.Contains(v.OrganisationId) && months.Contains(v.Period))
            .Select(v => new UnitMonthValue(v.OrganisationId, v.Period, v.IndicatorId, v.Value)).ToListAsync(ct);
        var childRollups = inner.Count == 0 ? [] : await db.RollupValues.AsNoTracking()
            .Where(v => inner.Contains(v.OrganisationId) && periods.Contains(v.Period)).ToListAsync(ct);

        var result = new Dictionary<(int Org, Period Period, int Indicator), RollupValue>();
        void Add(int child, Period period, int indicator, decimal value, int units)
        {
            var key = (tree.ById(child)!.ParentId!.Value, period, indicator);
            if (!result.TryGetValue(key, out var r))
                result[key] = r = new RollupValue { OrganisationId = key.Item1, Period = period, IndicatorId = indicator };
            r.Value += value;
            r.ReportingUnits += units;
        }
        foreach (var unit in unitMonths.GroupBy(v => (v.OrganisationId, v.IndicatorId)))
        {
            if (!aggregationOf.TryGetValue(unit.Key.IndicatorId, out var aggregation)) continue;
            var monthly = unit.Select(v => (v.Month, v.Value)).ToList();
            foreach (var period in periods)
                if (RollupCalculator.UnitValue(monthly, period, aggregation) is { } value)
                    Add(unit.Key.OrganisationId, period, unit.Key.IndicatorId, value, 1);
        }
        foreach (var child in childRollups)
            Add(child.OrganisationId, child.Period, child.IndicatorId, child.Value, child.ReportingUnits);
        return [.. result.Values];
    }
}
