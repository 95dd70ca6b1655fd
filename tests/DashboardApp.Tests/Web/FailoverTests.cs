using System.Diagnostics;
using DashboardApp.Core.Data;
using DashboardApp.Core.Rollups;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DashboardApp.Tests.Web;

/// <summary>
/// Failover: instance B (a real process) is killed in the middle of a full rebuild;
/// instance A, on the same PostgreSQL database, notices B stopped checking in to Quartz's cluster,
/// runs the rebuild again, and the rollups equal what a full rebuild computes.
/// </summary>
[Trait("Engine", "PostgreSQL")]
public sealed class FailoverTests
{
    [Fact]
    public async Task WhenAnInstanceDiesMidRebuildAnotherFinishesItAndTheRollupsAreRight()
    {
        // 3,000 units × 17 indicators × 24 months: a rebuild of some seconds, time to kill it half-way.
        var tree = new List<(string, string?)> { ("C", null) };
        for (var d = 1; d <= 10; d++)
        {
            tree.Add(($"D{d}", "C"));
            for (var s = 1; s <= 10; s++)
            {
                tree.Add(($"D{d}-S{s}", $"D{d}"));
                for (var u = 1; u <= 30; u++) tree.Add(($"D{d}-S{s}-U{u}", $"D{d}-S{s}"));
            }
        }
        await using var database = await ServicesDatabase.CreateAsync(tree, DatabaseProvider.PostgreSql);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Database.SetCommandTimeout(600);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "CurrentValues" ("OrganisationId", "Period", "IndicatorId", "Value", "SubmissionId")
                SELECT o."Id", to_char(date '2024-01-01' + make_interval(months => m), 'YYYY-MM'), i."Id", (o."Id" * 7 + m * 3 + i."Id") % 10 * 10000,
                    0
                FROM "Organisations" o CROSS JOIN generate_series(0, 23) m CROSS JOIN "Indicators" i
                WHERE NOT EXISTS (SELECT 1 FROM "Organisations" c WHERE c."ParentId" = o."Id")
                """);
        }

        using var b = StartInstance(database.Settings);
        try
        {
            // Ask for a rebuild through the shared store (a scheduler that never starts: it only writes the request); B, the only live node, takes
            // it.
            await using (var requester = Requester(database.Settings))
                await RollupJobs.RequestOnceAsync(requester.GetRequiredService<ISchedulerFactory>(), RollupJobs.Full, TimeProvider.System);
            Assert.True(await WaitAsync(() => RunsAsync(database, Core.Rollups.RollupOutcome.Running), n => n > 0, TimeSpan.FromSeconds(90)),
                "B never started the rebuild:\n" + b.Output);
        }
        finally
        {
            b.Process.Kill(entireProcessTree: true);
            await b.Process.WaitForExitAsync();
        }
        var interrupted = await RunsAsync(database, Core.Rollups.RollupOutcome.Succeeded);

        // A joins the cluster, finds B's check-ins stopped, and recovers the run B was in the middle of.
        await using var a = TestPostgres.Instance(database.Settings);
        _ = a.Services;
        Assert.True(await WaitAsync(() => RunsAsync(database, Core.Rollups.RollupOutcome.Succeeded), n => n > interrupted, TimeSpan.FromSeconds(120)),
            "A did not finish the interrupted rebuild");
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
        // B's record of the run it never finished is closed, not left "running" for ever.
        Assert.Equal(0, await RunsAsync(database, Core.Rollups.RollupOutcome.Running));
        Assert.Equal(1, await RunsAsync(database, Core.Rollups.RollupOutcome.Interrupted));
    }

    private sealed record Instance(Process Process, System.Text.StringBuilder Log) : IDisposable
    {
        public string Output { get { lock (Log) return Log.ToString(); } }
        public void Dispose() => Process.Dispose();
    }

    /// <summary>The web app as its own process, as it runs in production: its own scheduler in the cluster.</summary>
    private static Instance StartInstance(DatabaseSettings database)
    {
        var app = typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { app, "--postgres", database.ConnectionString, "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(arg);
        info.Environment["Dashboard__Rollup__ClusterCheckin"] = "00:00:01";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var log = new System.Text.StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Instance(process, log);
    }

    private static ServiceProvider Requester(DatabaseSettings database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuartz(q => q.AddRollupJobs(database, "0 0 2 * * ?", TimeSpan.FromSeconds(1)));
        return services.BuildServiceProvider();
    }

    private static async Task<int> RunsAsync(ServicesDatabase database, Core.Rollups.RollupOutcome outcome)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.RollupRuns.CountAsync(r => r.Full && r.Outcome == outcome);
    }

    private static async Task<bool> WaitAsync(Func<Task<int>> read, Func<int, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (done(await read())) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
