using DashboardApp.Core;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace DashboardApp.Tests.Rollups;

/// <summary>The rollup jobs on a real Quartz scheduler with its persistent store in the application's database.</summary>
public class QuartzRestartTests
{
    /// <summary>The engine these tests run on; <see cref="QuartzRestartTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static IHost Host(ServicesDatabase database)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddDashboardCore(database.Settings);
        builder.Services.AddQuartz(q => q.AddRollupJobs(database.Settings, "0 0 2 * * ?"));
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder.Build();
    }

    [Fact]
    public async Task AHostStartingAfterAStopFinishesTheQueuedWorkOnce()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        // Accepted while no scheduler ran (or one stopped before rolling them up): the work waits in the queue.
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4 });
        await database.ImportAsync("D2-U3", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 7 });
        Assert.Equal(2, await database.QueuedAsync());

        using (var host = Host(database))
        {
            var finished = new TaskCompletionSource<RollupRun>(TaskCreationOptions.RunContinuationsAsynchronously);
            host.Services.GetRequiredService<RollupService>().Finished += run => finished.TrySetResult(run);
            await host.StartAsync();
            var run = await finished.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((Core.Rollups.RollupOutcome.Succeeded, false), (run.Outcome, run.Full));
            await host.StopAsync();
        }
        Assert.Equal(0, await database.QueuedAsync());
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());

        // A second start finds nothing to do and changes nothing.
        var before = await database.StoredAsync();
        using (var again = Host(database))
        {
            await again.StartAsync();
            var scheduler = await again.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.NotNull(await scheduler.GetJobDetail(RollupJobs.Full));
            Assert.NotNull(await scheduler.GetTrigger(new TriggerKey("nightly-full", "rollups")));
            await again.StopAsync();
        }
        Assert.Equal(before, await database.StoredAsync());
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class QuartzRestartTestsOnPostgreSql : QuartzRestartTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
