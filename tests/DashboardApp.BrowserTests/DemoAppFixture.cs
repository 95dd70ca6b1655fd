using ClosedXML.Excel;
using DashboardApp.Access;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Workbooks;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Periods;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>The app in demo mode on a real Kestrel port with its own SQLite file, and Debian's Chromium.</summary>
public sealed class DemoAppFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-browser-").FullName;
    private DemoFactory? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;
    public DemoAccounts Accounts => Services.GetRequiredService<DemoAccounts>();

    /// <summary>
    /// The demo data's latest month, read before any test runs. Tests compare figures of this month:
    /// "the latest month" at the time a test runs may be one another test has just uploaded.
    /// </summary>
    public Period DemoMonth { get; private set; }

    private sealed class DemoFactory(string dbPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("db", dbPath);
            builder.UseSetting("Dashboard:Demo", "true");
        }
    }

    public async Task InitializeAsync()
    {
        _factory = new DemoFactory(Path.Combine(_dir, "demo.db"));
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        DemoMonth = await _factory.Services.GetRequiredService<FigureQueries>().LatestMonthAsync()
            ?? throw new InvalidOperationException("the demo data holds no submissions");
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium not found at {chromium}: install Debian's (apt-get install -y chromium fonts-wqy-microhei, as .ci/run does) or set CHROMIUM_PATH.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> SignedInPageAsync(string role)
    {
        var account = Accounts.For(role);
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "zh-CN" });
        await page.GotoAsync(BaseUrl + "/");
        await page.FillAsync("#userName", account.UserName);
        await page.FillAsync("#password", account.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        return page;
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

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoAppCollection : ICollectionFixture<DemoAppFixture>
{
    public const string Name = "demo app";
}
