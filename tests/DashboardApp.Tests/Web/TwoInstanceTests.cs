using System.Net;
using System.Text.RegularExpressions;
using DashboardApp.Cli;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DashboardApp.Tests.Web;

/// <summary>
/// Two app instances on one PostgreSQL database, as behind a load balancer.
/// An upload through one is a figure on the other, a sign-in on one is valid on the other, and a
/// rollup asked for on both runs once.
/// </summary>
[Trait("Engine", "PostgreSQL")]
public sealed partial class TwoInstanceTests : IAsyncLifetime
{
    private static readonly Period March = Period.Month(2025, 3);
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-two-").FullName;
    private DatabaseSettings _database = default!;
    private WebApplicationFactory<Program> _a = default!;
    private WebApplicationFactory<Program> _b = default!;
    private string _password = "";

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync();
        var orgs = Path.Combine(_dir, "orgs.xlsx");
        await File.WriteAllBytesAsync(orgs, TestTree.Workbook());
        await CliAsync("orgs", "import", orgs);
        var added = await CliAsync("users", "add", "--name", "boss", "--role", "Admin");
        _password = System.Text.Json.JsonDocument.Parse(added).RootElement.GetProperty("password").GetString()!;
        _a = TestPostgres.Instance(_database);
        _b = TestPostgres.Instance(_database);
        // Both instances up, each with its own scheduler in the cluster.
        _ = _a.Services;
        _ = _b.Services;
    }

    private async Task<string> CliAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await CommandLine.RunAsync([.. args, "--postgres", _database.ConnectionString], output, errors);
        Assert.True(exit == 0, $"exit {exit}: {errors}{output}");
        return output.ToString();
    }

    [Fact]
    public async Task AnUploadThroughOneInstanceIsAFigureOnTheOtherAndItsSignInWorksThere()
    {
        var a = _a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookie = await SignInAsync(a);
        var file = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U1"), March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 7 });
        var response = await WebSignIn.UploadAsync(a, file, "U1.xlsx");
        Assert.Contains("accepted", await response.Content.ReadAsStringAsync());

        // The incremental rollup ran on one of the two; instance B reads the district's new figure.
        var figures = _b.Services.GetRequiredService<FigureQueries>();
        await using var db = await _b.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var study = (await db.LoadCatalogueAsync()).ByCode("STUDY_SESSIONS")!;
        decimal? value = null;
        for (var i = 0; i < 100 && value != 7; i++)
        {
            value = (await figures.GetAsync(tree.ByCode("D1")!, March, study, tree)).Value;
            if (value != 7) await Task.Delay(200);
        }
        Assert.Equal(7, value);

        // The sign-in cookie A issued opens pages on B: the data-protection keys are the database's.
        var b = _b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var page = new HttpRequestMessage(HttpMethod.Get, "/?org=D1&period=2025-03");
        page.Headers.Add("Cookie", cookie);
        var onB = await b.SendAsync(page);
        var html = await onB.Content.ReadAsStringAsync();
        Assert.True(onB.StatusCode == HttpStatusCode.OK, Regex.Match(html, "(?s)<title>.*?</title>|Exception[^<]{0,400}").Value);
        Assert.Contains("一区区委", html);
    }

    [Fact]
    public async Task AFullRebuildAskedForOnBothInstancesAtOnceRunsOnce()
    {
        async Task<int> FullRunsAsync()
        {
            await using var db = await _a.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            return await db.RollupRuns.CountAsync(r => r.Full && r.Outcome == Core.Rollups.RollupOutcome.Succeeded);
        }
        var before = await FullRunsAsync();

        await Task.WhenAll(
            RollupJobs.RequestOnceAsync(_a.Services.GetRequiredService<ISchedulerFactory>(), RollupJobs.Full, TimeProvider.System),
            RollupJobs.RequestOnceAsync(_b.Services.GetRequiredService<ISchedulerFactory>(), RollupJobs.Full, TimeProvider.System));

        for (var i = 0; i < 100 && await FullRunsAsync() == before; i++) await Task.Delay(200);
        // Time enough for a second run, were there one.
        await Task.Delay(3000);
        Assert.Equal(before + 1, await FullRunsAsync());
    }

    [Fact]
    public async Task ARollupOnOneInstanceIsAnnouncedToTheOtherAndNotTwiceToItself()
    {
        var (onA, onB) = (_a.Services.GetRequiredService<FigureUpdates>(), _b.Services.GetRequiredService<FigureUpdates>());
        await Task.WhenAll(onA.Listening, onB.Listening).WaitAsync(TimeSpan.FromSeconds(30));
        var heardOnA = new List<FigureUpdate>();
        var heardOnB = new List<FigureUpdate>();
        onA.Changed += u => { lock (heardOnA) heardOnA.Add(u); };
        onB.Changed += u => { lock (heardOnB) heardOnB.Add(u); };
        // Each instance runs an incremental rollup as it starts: let those finish, or one may take this test's queued unit-month.
        await StartupRollupsDoneAsync();

        // An upload stored and rolled up by A (no job is triggered). Should a scheduler's own run still take the unit-month first, A's run
        // finds nothing to do: upload again, until A's run is the one that rolls it up.
        var rollups = _a.Services.GetRequiredService<RollupService>();
        RollupRun run;
        var attempt = 0;
        do
        {
            var file = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U2"), March,
                new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4 + attempt });
            var report = await Unsignalled(_a).ImportAsync(file, $"U2-{attempt}.xlsx", Actor.System("test"));
            Assert.Equal(Core.Submissions.ImportStatus.Accepted, report.Status);
            run = await rollups.RunIncrementalAsync();
        } while (run.Rows == 0 && ++attempt < 5);
        Assert.True(run.Rows > 0, "A's incremental run rolled up the upload");

        for (var i = 0; i < 100 && !Heard(heardOnB, new FigureUpdate(run.Id, Here: false)); i++) await Task.Delay(100);
        Assert.True(Heard(heardOnB, new FigureUpdate(run.Id, Here: false)), "B hears A's run");
        // A raised it once, when the run finished; its own announcement coming back is not a second change.
        await Task.Delay(1000);
        lock (heardOnA) Assert.Single(heardOnA, u => u.RunId == run.Id);
        lock (heardOnA) Assert.Contains(new FigureUpdate(run.Id, Here: true), heardOnA);

        static bool Heard(List<FigureUpdate> heard, FigureUpdate update) { lock (heard) return heard.Contains(update); }
    }

    [Fact]
    public async Task AListenerWhoseConnectionIsCutListensAgainAndPagesLoadAgain()
    {
        var onB = _b.Services.GetRequiredService<FigureUpdates>();
        await onB.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var heard = new List<FigureUpdate>();
        onB.Changed += u => { lock (heard) heard.Add(u); };

        // The server ends every listening connection of this database (a restart, a network cut, an idle timeout).
        await using (var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cut = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", connection);
            Assert.Equal(2L, await cut.ExecuteScalarAsync());
        }
        // Back within seconds; anything announced meanwhile may be lost, so open pages load again.
        for (var i = 0; i < 100 && !HeardNothingInParticular(); i++) await Task.Delay(100);
        Assert.True(HeardNothingInParticular(), "B listens again and tells its pages to load again");

        // And what A runs afterwards reaches B again.
        var file = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U1"), March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 5 });
        await Unsignalled(_a).ImportAsync(file, "U1.xlsx", Actor.System("test"));
        var run = await _a.Services.GetRequiredService<RollupService>().RunIncrementalAsync();
        for (var i = 0; i < 100 && !HeardRun(); i++) await Task.Delay(100);
        Assert.True(HeardRun(), "B hears A's next rollup");

        bool HeardNothingInParticular() { lock (heard) return heard.Contains(new FigureUpdate(null, Here: false)); }
        bool HeardRun() { lock (heard) return heard.Contains(new FigureUpdate(run.Id, Here: false)); }
    }

    /// <summary>
    /// Waits until the incremental rollups the instances run as they start have fired and finished: no trigger of the job left in the shared
    /// store (a one-off trigger is removed once fired), and no rollup running on either instance.
    /// </summary>
    private async Task StartupRollupsDoneAsync()
    {
        var scheduler = await _a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        for (var i = 0; i < 150; i++)
        {
            var waiting = (await scheduler.GetTriggersOfJob(RollupJobs.Incremental)).Count;
            var running = _a.Services.GetRequiredService<RollupService>().Current is not null
                          || _b.Services.GetRequiredService<RollupService>().Current is not null;
            if (waiting == 0 && !running) return;
            await Task.Delay(200);
        }
    }

    /// <summary>Signs in and returns the cookies the instance set, to be sent to the other one.</summary>
    private async Task<string> SignInAsync(HttpClient client)
    {
        var response = await WebSignIn.SignInAsync(client, "boss", _password);
        Assert.Equal("/todo", response.Headers.Location?.ToString());
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await TestPostgres.DropAsync(_database);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The write boundary of <paramref name="site"/> without its signal to the rollup job: the test runs the rollup itself, on A.</summary>
    private static Core.Submissions.SubmissionService Unsignalled(WebApplicationFactory<Program> site) =>
        ActivatorUtilities.CreateInstance<Core.Submissions.SubmissionService>(site.Services, (Core.Rollups.IRollupSignal)new NoSignal());

    private sealed class NoSignal : Core.Rollups.IRollupSignal
    {
        public Task ValuesStoredAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
