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
/// Keeps the materialised rollups (docs/product.md, “Rollups”) equal to what <see cref="RollupCalculator"/> computes
/// from the current values. A full rebuild recomputes everything; an incremental run recomputes
/// only the ancestors and periods of the unit-months in the queue, bottom-up, each from its
/// children. Runs never overlap, transient database failures are retried, and every run is recorded.
/// </summary>
public sealed class RollupService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, ResiliencePipeline? retry = null,
    ReferenceData? reference = null)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private readonly ResiliencePipeline _retry = retry ?? TransientRetry();
    private readonly ReferenceData _reference = reference ?? new ReferenceData();

    /// <summary>A run has started (it is recorded as running).</summary>
    public event Action<RollupRun>? Started;

    public event Action<RollupRun>? Finished;

    /// <summary>
    /// This instance, as its announcements of finished runs name it (<see cref="FigureUpdates"/>): its own are raised when the
    /// run finishes, not again when they come back from the database.
    /// </summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

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
        return await db.RollupRuns.Where(r => r.Full == full && r.Outcome == RollupOutcome.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, RollupOutcome.Interrupted).SetProperty(r => r.FinishedAtUtc, now)
                .SetProperty(r => r.Error, "运行所在的进程已停止，本次汇总已由调度重新运行"), ct);
    }

    /// <summary>Recomputes every rollup from the current values, and empties the queue it covers.</summary>
    /// <summary>The latest <paramref name="count"/> runs, newest first, and how many unit-months wait for the next incremental run.</summary>
    public async Task<(List<RollupRun> Runs, int Queued)> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.RollupRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
        return (runs, await db.RollupQueue.CountAsync(ct));
    }

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
                    return new RollupRun
                    {
                        Full = false, Outcome = RollupOutcome.Succeeded, StartedAtUtc = clock.GetUtcNow().UtcDateTime,
                        FinishedAtUtc = clock.GetUtcNow().UtcDateTime
                    };
            }
            var run = await RecordAsync(new RollupRun { Full = full, StartedAtUtc = clock.GetUtcNow().UtcDateTime }, ct);
            Current = run;
            Started?.Invoke(run);
            try
            {
                // The last transaction of a run also records it as succeeded: the figures and the record commit together.
                DateTime? finished;
                if (full) (run.Rows, finished) = await _retry.ExecuteAsync(async token => await FullAsync(run, token), ct);
                else
                {
                    // In batches, each its own transaction, until the queue is empty.
                    (int Written, int Processed, DateTime? Finished) batch;
                    do
                    {
                        batch = await _retry.ExecuteAsync(async token => await IncrementalAsync(run, token), ct);
                        run.Rows += batch.Written;
                    }
                    while (batch.Finished is null && batch.Processed == IncrementalBatch);
                    finished = batch.Finished;
                }
                run.Outcome = RollupOutcome.Succeeded;
                run.FinishedAtUtc = finished;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run.Outcome = RollupOutcome.Failed;
                run.Error = e.GetBaseException().Message;
            }
            Current = null;
            if (run.FinishedAtUtc is null)
            {
                run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
                await RecordAsync(run, CancellationToken.None);
            }
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

    /// <summary>
    /// A rollup transaction, one at a time across every process on the database: SQLite's transactions
    /// here take the write lock when they begin (BEGIN IMMEDIATE); on PostgreSQL, where several instances
    /// may run a full and an incremental rollup at once, a transaction-scoped advisory lock makes them wait.
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(DashboardDbContext db, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        await Data.Sql.SqlDialect.Of(db.Database).TakeTurnAsync(db.Database, Data.Sql.WriterTurn.Rollup, ct);
        return tx;
    }

    /// <summary>
    /// Records the run as succeeded with <paramref name="rows"/> rows, and announces it to the other instances, in the caller's
    /// transaction; returns when it finished.
    /// </summary>
    private async Task<DateTime> RecordSucceededAsync(DashboardDbContext db, RollupRun run, int rows, CancellationToken ct)
    {
        var done = new RollupRun
        {
            Id = run.Id, Full = run.Full, StartedAtUtc = run.StartedAtUtc, Rows = rows, Outcome = RollupOutcome.Succeeded,
            FinishedAtUtc = clock.GetUtcNow().UtcDateTime
        };
        db.RollupRuns.Attach(done).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        await Data.Sql.SqlDialect.Of(db.Database).AnnounceRollupAsync(db.Database, FigureUpdates.Payload(Instance, run), ct);
        return done.FinishedAtUtc.Value;
    }

    /// <summary>
    /// A full rebuild reads the values on this many connections of its own, each a range ahead (see FullRebuild.RunAsync).
    /// Reading is most of a rebuild's work on PostgreSQL: a second reader made the province's rebuild there a third faster
    /// (13.5 s to 8.4 s when it came); on SQLite it makes no measurable difference either way.
    /// </summary>
    private const int ReadAheadConnections = 2;

    private async Task<(int Rows, DateTime? Finished)> FullAsync(RollupRun run, CancellationToken ct)
    {
        int rows;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await BeginAsync(db, ct);
        // Everything queued so far is covered by this rebuild; later items wait for the next run. The items
        // themselves, not the ids up to the greatest: on PostgreSQL an upload that took a lower id may commit after this.
        var covered = await db.RollupQueue.Select(q => q.Id).ToListAsync(ct);
        var (tree, catalogue) = await _reference.GetAsync(db, ct);
        // The values are read on connections of their own while this one writes (an in-memory SQLite database has only this one).
        var readers = db.Database.IsSqlite() && IsInMemory(db) ? 0 : ReadAheadConnections;
        var readAhead = new List<DashboardDbContext>();
        try
        {
            for (var i = 0; i < readers; i++)
            {
                readAhead.Add(await dbFactory.CreateDbContextAsync(ct));
                await readAhead[^1].Database.OpenConnectionAsync(ct);
            }
            rows = await FullRebuild.RunAsync(db, tree, catalogue.All.ToDictionary(i => i.Id, i => i.Aggregation),
                [.. readAhead.Select(r => r.Database.GetDbConnection())], ct);
        }
        finally
        {
            foreach (var reader in readAhead) await reader.DisposeAsync();
        }
        await db.RollupQueue.Where(q => covered.Contains(q.Id)).ExecuteDeleteAsync(ct);
        var finished = await RecordSucceededAsync(db, run, rows, ct);
        await tx.CommitAsync(ct);
        return (rows, finished);
    }

    private static bool IsInMemory(DashboardDbContext db)
    {
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        return builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
    }

    /// <summary>
    /// For every queued (unit, month): the unit's parent × the month, its quarter and its year is
    /// recomputed from its children — reporting units from their current values, others from their
    /// own rollups — and the difference from what it was is added into it and every ancestor above it
    /// (one upsert; the rows it changed are the run's rows). The order does not matter: a parent reads
    /// its children as they are, and whatever changes in a child after that reaches it as a difference.
    /// All in one transaction with the removal of the queue items; the rollup runs never overlap, so
    /// nothing else changes the rows in between.
    /// </summary>
    private const int IncrementalBatch = 10_000;

    private async Task<(int Written, int Processed, DateTime? Finished)> IncrementalAsync(RollupRun run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await BeginAsync(db, ct);
        var queued = await db.RollupQueue.AsNoTracking().OrderBy(q => q.Id).Take(IncrementalBatch).ToListAsync(ct);
        if (queued.Count == 0) return (0, 0, null);
        var (tree, catalogue) = await _reference.GetAsync(db, ct);
        var aggregationOf = catalogue.All.ToDictionary(i => i.Id, i => i.Aggregation);

        var parents = new HashSet<(int Org, Period Period)>();
        foreach (var item in queued)
            if (tree.ById(item.OrganisationId)?.ParentId is { } parent)
                foreach (var period in item.Month.Containing().Prepend(item.Month))
                    parents.Add((parent, period));

        var changes = new RollupWriter(db.Database, RollupWrite.Adding);
        foreach (var group in parents.GroupBy(a => a.Period.Year))
        {
            ct.ThrowIfCancellationRequested();
            // Every period of the group for every organisation of it: a few more than were touched, perhaps, all recomputed exactly.
            var orgs = group.Select(a => a.Org).Distinct().ToList();
            var periods = group.Select(a => a.Period).Distinct().ToList();
            var before = await db.RollupValues.AsNoTracking().Where(v => orgs.Contains(v.OrganisationId) && periods.Contains(v.Period))
                .ToDictionaryAsync(v => (Org: v.OrganisationId, v.Period, Indicator: v.IndicatorId),
                    v => (Value: ScaledDecimalConverter.ToStored(v.Value), Units: v.ReportingUnits), ct);
            var now = await RecomputeAsync(db, tree, aggregationOf, orgs, periods, ct);

            // What changed, into the organisation itself and every ancestor above it, as one upsert of differences;
            // a row no unit stands behind any more is removed.
            var difference = new Dictionary<(int Org, Period Period, int Indicator), (long Value, int Units)>();
            foreach (var key in now.Keys.Union(before.Keys))
            {
                var (value, units) = now.GetValueOrDefault(key);
                var (was, wasUnits) = before.GetValueOrDefault(key);
                if (value == was && units == wasUnits) continue;
                foreach (var org in tree.AncestorsOf(key.Org).Select(a => a.Id).Prepend(key.Org))
                {
                    var (v, u) = difference.GetValueOrDefault((org, key.Period, key.Indicator));
                    difference[(org, key.Period, key.Indicator)] = (v + value - was, u + units - wasUnits);
                }
            }
            foreach (var ((org, period, indicator), (value, units)) in difference)
                if (value != 0 || units != 0)
                    await changes.WriteAsync(org, period, indicator, value, units, ct);
            await changes.CompleteAsync(ct);
            if (difference.Values.Any(d => d.Units < 0))
            {
                var above = difference.Keys.Select(k => k.Org).Distinct().ToList();
                await db.RollupValues.Where(v => above.Contains(v.OrganisationId) && periods.Contains(v.Period)
                    && v.ReportingUnits <= 0).ExecuteDeleteAsync(ct);
            }
        }
        var done = queued.Select(q => q.Id).ToList();
        await db.RollupQueue.Where(q => done.Contains(q.Id)).ExecuteDeleteAsync(ct);
        var written = changes.Rows;
        // Less than a whole batch: the run ends with it (uploads after this trigger a run of their own).
        DateTime? finished = queued.Count < IncrementalBatch ? await RecordSucceededAsync(db, run, run.Rows + written, ct) : null;
        await tx.CommitAsync(ct);
        return (written, queued.Count, finished);
    }

    /// <summary>The rollups of these organisations for these periods, from their children, as stored (scaled).</summary>
    private static async Task<Dictionary<(int Org, Period Period, int Indicator), (long Value, int Units)>> RecomputeAsync(DashboardDbContext db,
        OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf, List<int> orgs, List<Period> periods, CancellationToken ct)
    {
        var children = orgs.SelectMany(o => tree.ChildrenOf(o)).ToList();
        var leaves = children.Where(c => tree.IsReportingUnit(c.Id)).Select(c => c.Id).ToList();
        var inner = children.Where(c => !tree.IsReportingUnit(c.Id)).Select(c => c.Id).ToList();
        var months = periods.SelectMany(p => p.Months()).Distinct().ToList();

        var result = await FullRebuild.UnitSumsAsync(db, tree, aggregationOf, leaves, months, ct);
        // The months read also make the quarters and years around them: only the periods asked for are kept.
        var wanted = periods.ToHashSet();
        foreach (var key in result.Keys.Where(k => !wanted.Contains(k.Period)).ToList()) result.Remove(key);
        if (inner.Count == 0) return result;
        var childRollups = await db.RollupValues.AsNoTracking()
            .Where(v => inner.Contains(v.OrganisationId) && periods.Contains(v.Period)).ToListAsync(ct);
        foreach (var child in childRollups)
        {
            var key = (tree.ById(child.OrganisationId)!.ParentId!.Value, child.Period, child.IndicatorId);
            var (value, units) = result.GetValueOrDefault(key);
            result[key] = (value + ScaledDecimalConverter.ToStored(child.Value), units + child.ReportingUnits);
        }
        return result;
    }
}
