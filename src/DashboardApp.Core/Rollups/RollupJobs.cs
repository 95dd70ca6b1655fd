using Quartz;

namespace DashboardApp.Core.Rollups;

/// <summary>Thin Quartz job: drains the rollup queue (SPEC §6). The work is <see cref="RollupService"/>'s.</summary>
[DisallowConcurrentExecution]
public sealed class IncrementalRollupJob(RollupService rollups) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await rollups.RunIncrementalAsync(cancellationToken);
}

/// <summary>Thin Quartz job: the full rebuild, nightly and on request.</summary>
[DisallowConcurrentExecution]
public sealed class FullRollupJob(RollupService rollups) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await rollups.RunFullAsync(cancellationToken);
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
    public static void AddRollupJobs(this IQuartzBuilder quartz, string sqliteConnectionString, string fullCron)
    {
        quartz.UsePersistentStore(store => store.UseSqlite(sqliteConnectionString));
        quartz.AddJob<IncrementalRollupJob>(j => j.WithIdentity(Incremental).StoreDurably().WithDescription("增量汇总"));
        quartz.AddJob<FullRollupJob>(j => j.WithIdentity(Full).StoreDurably().WithDescription("全量重算"));
        quartz.AddTrigger(t => t.ForJob(Full).WithIdentity("nightly-full", "rollups")
            .WithCronSchedule(fullCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        quartz.RunAtStartup(Incremental);
    }

    /// <summary>Asks for an incremental run now; requests while one runs wait for it and then find the queue drained or not.</summary>
    public static async Task TriggerAsync(ISchedulerFactory schedulers, JobKey job, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(job, ct);
    }
}
