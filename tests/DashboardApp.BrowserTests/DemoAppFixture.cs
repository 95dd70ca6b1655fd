using ClosedXML.Excel;
using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>The app in demo mode on a real Kestrel port with its own SQLite file, and Debian's Chromium.</summary>
public class DemoAppFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-browser-").FullName;
    private DemoFactory? _factory;
    private DemoFactory? _second;
    private string _secondUrl = "";
    private Action<IWebHostBuilder>? _database;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;
    public DemoAccounts Accounts => Services.GetRequiredService<DemoAccounts>();

    /// <summary>
    /// The month pages open on (the latest whose deadline has passed), read before any test runs. Tests compare
    /// figures of this month; the demo follows the calendar, so the month after it is being collected.
    /// </summary>
    public Period DemoMonth { get; private set; }

    private sealed class DemoFactory(Action<IWebHostBuilder> database, bool demo = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            database(builder);
            builder.UseSetting("Dashboard:Demo", demo ? "true" : "false");
            // Open pages check their sign-in every few seconds here, not every minute, so the tests of it wait little.
            builder.UseSetting("Dashboard:SignInCheck", "00:00:03");
        }
    }

    /// <summary>Where the app keeps its data: a SQLite file in the fixture's folder.</summary>
    protected virtual Task<Action<IWebHostBuilder>> DatabaseAsync(string folder) =>
        Task.FromResult<Action<IWebHostBuilder>>(b => b.UseSetting("db", Path.Combine(folder, "demo.db")));

    public async Task InitializeAsync()
    {
        _database = await DatabaseAsync(_dir);
        _factory = new DemoFactory(_database);
        BaseUrl = Start(_factory);
        DemoMonth = (await _factory.Services.GetRequiredService<ReportingCalendar>().TodayAsync()).DefaultMonth;

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium not found at {chromium}: install Debian's (apt-get install -y chromium fonts-wqy-microhei, as scripts/test.sh does) or set CHROMIUM_PATH.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run"],
        });
    }

    private static string Start(DemoFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    /// <summary>
    /// A second instance of the app on the same database (as behind a load balancer; PostgreSQL only), started the first time
    /// it is asked for: its base URL. It loads no demo data of its own. Sign-ins are valid on both (the data-protection keys
    /// are the database's), and a browser sends the first instance's cookie to it, as cookies do not depend on the port.
    /// </summary>
    protected string SecondInstanceUrl()
    {
        if (_second is null)
        {
            _second = new DemoFactory(_database!, demo: false);
            _secondUrl = Start(_second);
        }
        return _secondUrl;
    }

    /// <summary>
    /// A month before the demo's latest in which a unit of <paramref name="districtCode"/> has not reported: the month, its
    /// 报送情况, and one of the missing units.
    /// </summary>
    public async Task<(ReportingStatus Status, Organisation Missing)> MonthWithAMissingUnitAsync(string districtCode)
    {
        var (tree, _, _) = await ReferenceAsync();
        var statuses = Services.GetRequiredService<ReportingStatusQueries>();
        foreach (var m in DemoMonth.AndEarlierMonths().Skip(1).Take(24))
        {
            var status = await statuses.GetAsync(tree.ByCode(districtCode)!, m, tree);
            if (status.Total.Missing > 0) return (status, tree.ByCode(status.Units.First(u => u.State == ReportState.Missing).Code)!);
        }
        throw new InvalidOperationException($"the demo has no month with a {districtCode} unit missing");
    }

    /// <summary>
    /// The latest reportable month, being collected for as long as the returned value is not disposed: on the days between its deadline
    /// and the month's end (when no month is being collected) its deadline is moved ahead, and moved back on disposal.
    /// </summary>
    public async Task<MonthHeldOpen> CollectingMonthAsync()
    {
        var calendar = await Services.GetRequiredService<ReportingCalendar>().TodayAsync();
        var month = calendar.LatestReportable;
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var set = await db.PeriodDeadlines.FirstOrDefaultAsync(d => d.Period == month);
        if (calendar.IsCollecting(month)) return new MonthHeldOpen(this, month, null, false);
        db.Actor = "test";
        if (set is null) db.PeriodDeadlines.Add(new Core.Submissions.PeriodDeadline { Period = month, Deadline = calendar.Today.AddDays(5) });
        else set.Deadline = calendar.Today.AddDays(5);
        await db.SaveChangesAsync();
        return new MonthHeldOpen(this, month, set?.Deadline, true);
    }

    public sealed class MonthHeldOpen(DemoAppFixture app, Period month, DateOnly? deadlineBefore, bool moved) : IAsyncDisposable
    {
        public Period Month { get; } = month;

        public async ValueTask DisposeAsync()
        {
            if (!moved) return;
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            db.Actor = "test";
            var row = await db.PeriodDeadlines.FirstAsync(d => d.Period == Month);
            if (deadlineBefore is { } d) row.Deadline = d;
            else db.PeriodDeadlines.Remove(row);
            await db.SaveChangesAsync();
        }
    }

    public Task<IPage> SignedInPageAsync(string role)
    {
        var account = Accounts.For(role);
        return SignedInPageAsync(account.UserName, account.Password);
    }

    /// <summary>
    /// A new browser page signed in with a user name and password, on 总览 (officers and reporters land on 待办 when they sign in; tests
    /// of other pages start from 总览 as before).
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string userName, string password)
    {
        var page = await SignInAsync(userName, password);
        if (!page.Url.TrimEnd('/').Equals(BaseUrl.TrimEnd('/'), StringComparison.Ordinal)) await page.GotoAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>A new browser page signed in, wherever the sign-in lands.</summary>
    public async Task<IPage> SignInAsync(string userName, string password)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN"
        });
        await page.GotoAsync(BaseUrl + "/");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        return page;
    }

    /// <summary>Runs an account change as the demo's administrator would, through the service the pages use.</summary>
    public async Task<T> AsAdministratorAsync<T>(Func<UserAccounts, Task<T>> change)
    {
        await using var scope = Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    /// <summary>A 单位填报员 account of a test's own for <paramref name="unit"/>; its generated password.</summary>
    public Task<string> CreateReporterAsync(string name, string unit) =>
        AsAdministratorAsync(accounts => accounts.CreateAsync(UserAccounts.CommandLine, name, Roles.Reporter, unit));

    /// <summary>The tree, the catalogue and the reporting calendar as the app has them now.</summary>
    public async Task<(OrganisationTree Tree, IndicatorCatalogue Catalogue, CalendarToday Calendar)> ReferenceAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return (await db.LoadTreeAsync(), await db.LoadCatalogueAsync(), await Services.GetRequiredService<ReportingCalendar>().TodayAsync());
    }

    /// <summary>Opens a page and waits until its Blazor circuit is connected, so clicks reach the server.</summary>
    public async Task GoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(BaseUrl + path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    /// <summary>
    /// Chooses files in the upload component and waits until it lists them. The upload is
    /// interactive: its list comes back from the server, so a busy server is given time, and a
    /// choice made before the component's script was attached is made again.
    /// </summary>
    public static async Task ChooseFilesAsync(IPage page, params FilePayload[] files)
    {
        await page.Locator("[data-upload-ready=true]").WaitForAsync();
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(files);
            try
            {
                await Assertions.Expect(page.GetByText(files[0].Name).First).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>A unit's real 单位月报表 template for a month with 集中学习研讨次数 (its first value row) typed in.</summary>
    public static byte[] UnitWorkbook(Organisation unit, Period month, IndicatorCatalogue catalogue, decimal studySessions)
    {
        using var wb = new XLWorkbook(new MemoryStream(TemplateWriter.WriteUnitTemplate(unit, month, catalogue)));
        wb.Worksheet(TemplateWriter.UnitSheetName).Cell(TemplateWriter.FirstValueRow, TemplateWriter.ValueColumn).SetValue(studySessions);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_second is not null) await _second.DisposeAsync();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Every browser test shares one demo app and its database. How their order is handled, in this one place: xunit runs the
/// tests of a collection one at a time, in an order nobody should rely on, so no test depends on another's changes, and none
/// breaks another by its own:
/// <list type="bullet">
/// <item>A test that changes data reads the state it starts from and asserts the change it made (a district total five
/// higher, one unit fewer missing), never a fixed number; it uploads for a unit it chooses itself, and the others compare a
/// page with the queries read in the same test.</item>
/// <item>A test that changes accounts creates its own, with a name no other test uses, and never changes the demo accounts
/// the others sign in with.</item>
/// <item>A month a test locks is one four months back, which no other test uploads to, and it is unlocked before the test
/// ends; a full rebuild a test starts gives the same figures as before. No test changes the tree, the catalogue or a
/// deadline of the shared database. A 校验规则 a test adds fires only on a value no other test enters, and is disabled before
/// the test ends (rules are never deleted).</item>
/// </list>
/// A new test keeps to the same rules, or gets a fixture of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoAppCollection : ICollectionFixture<DemoAppFixture>
{
    public const string Name = "demo app";
}

/// <summary>The same demo app on a fresh database on the PostgreSQL server that scripts/test.sh starts (DASHBOARD_TEST_POSTGRES).</summary>
public sealed class PostgreSqlDemoAppFixture : DemoAppFixture
{
    private const string Variable = "DASHBOARD_TEST_POSTGRES";
    private readonly string _name = $"dashboard_browser_{Guid.NewGuid():N}";

    private static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException(
            $"PostgreSQL 浏览器测试需要一台 PostgreSQL 服务器：运行 eval \"$(bash scripts/start-postgres)\"（它设置 {Variable}），再运行 dotnet test。bash scripts/test.sh 会自动完成这些。");

    protected override async Task<Action<IWebHostBuilder>> DatabaseAsync(string folder)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new Npgsql.NpgsqlConnectionStringBuilder(Server) { Database = _name }.ToString();
        return b => b.UseSetting("postgres", database);
    }

    /// <inheritdoc cref="DemoAppFixture.SecondInstanceUrl"/>
    public string SecondInstance => SecondInstanceUrl();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlDemoAppCollection : ICollectionFixture<PostgreSqlDemoAppFixture>
{
    public const string Name = "demo app on PostgreSQL";
}
