using Quartz;

namespace DashboardApp.Core.Rollups;

/// <summary>Thin Quartz job: drains the rollup queue (docs/product.md, “Rollups”). The work is <see cref="RollupService"/>'s.</summary>
[DisallowConcurrentExecution]
public sealed class IncrementalRollupJob(RollupService rollups) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Recovering) await rollups.MarkInterruptedAsync(full: false, cancellationToken);
        await rollups.RunIncrementalAsync(cancellationToken);
    }
}

/// <summary>Thin Quartz job: the full rebuild, nightly and on request.</summary>
[DisallowConcurrentExecution]
public sealed class FullRollupJob(RollupService rollups) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Recovering) await rollups.MarkInterruptedAsync(full: true, cancellationToken);
        await rollups.RunFullAsync(cancellationToken);
    }
}

/// <summary>Rollup scheduling: Quartz with its persistent store in the application's own database.</summary>
public static class RollupJobs
{
    public static readonly JobKey Incremental = new("rollup-incremental", "rollups");
    public static readonly JobKey Full = new("rollup-full", "rollups");

    /// <summary>
    /// Registers both jobs on the persistent store (tables created by the migrations, only checked
    /// here), the nightly full rebuild on <paramref name="fullCron"/> (a missed night runs at the next
    /// start), and an incremental run at every start, which finishes whatever a stopped process left queued.
    /// </summary>
    public static void AddRollupJobs(this IQuartzBuilder quartz, Data.DatabaseSettings database, string fullCron, TimeSpan? clusterCheckin = null)
    {
        quartz.UsePersistentStore(store =>
        {
            if (database.Provider == Data.DatabaseProvider.PostgreSql)
            {
                store.UsePostgres(database.ConnectionString);
                // Several instances share the store: each job runs on one of them, and a dead one's jobs are taken over (docs/product.md, “Engines
                // and scale”).
                store.UseClustering(c =>
                {
                    c.CheckinInterval = clusterCheckin ?? TimeSpan.FromSeconds(7.5);
                    c.CheckinMisfireThreshold = (clusterCheckin ?? TimeSpan.FromSeconds(7.5)) * 2;
                });
            }
            else store.UseSqlite(database.ConnectionString); // Quartz refuses clustering on SQLite: one instance.
        });
        // RequestRecovery: a run cut off by a dead instance is run again by another (the rollups are idempotent).
        quartz.AddJob<IncrementalRollupJob>(j => j.WithIdentity(Incremental).StoreDurably().RequestRecovery().WithDescription("增量汇总"));
        quartz.AddJob<FullRollupJob>(j => j.WithIdentity(Full).StoreDurably().RequestRecovery().WithDescription("全量重算"));
        quartz.AddTrigger(t => t.ForJob(Full).WithIdentity("nightly-full", "rollups")
            .WithCronSchedule(fullCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        quartz.RunAtStartup(Incremental);
    }

    /// <summary>
    /// Asks for one run of <paramref name="job"/> as soon as possible, however many instances ask at
    /// once: the request is a trigger with a fixed name in the shared store, due after
    /// <see cref="CoalesceWindow"/>, and a request while it is still waiting finds it there and adds
    /// nothing. Used for the full rebuild.
    /// </summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromSeconds(2);

    /// <param name="clock">The app's clock; the scheduler fires by the same one (the real clock outside tests).</param>
    public static async Task RequestOnceAsync(ISchedulerFactory schedulers, JobKey job, TimeProvider clock, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        // Starting two seconds later makes requests that close together one run, wherever they were made.
        var trigger = TriggerBuilder.Create(clock).ForJob(job).WithIdentity($"{job.Name}-requested", job.Group)
            .StartAt(clock.GetUtcNow().Add(CoalesceWindow))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        // Keep: a request still waiting in the store stays as it is, and this one adds nothing.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, ct);
    }

    /// <summary>Asks for an incremental run now; requests while one runs wait for it and then find the queue drained or not.</summary>
    public static async Task TriggerAsync(ISchedulerFactory schedulers, JobKey job, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(job, ct);
    }
}

/// <summary>The web host's <see cref="IRollupSignal"/>: stored values start the incremental rollup job at once.</summary>
public sealed class QuartzRollupSignal(ISchedulerFactory schedulers) : IRollupSignal
{
    public Task ValuesStoredAsync(CancellationToken ct) => RollupJobs.TriggerAsync(schedulers, RollupJobs.Incremental, ct);
}
