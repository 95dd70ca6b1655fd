using System.Diagnostics;
using System.Text.RegularExpressions;
using DashboardApp.Core;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.Benchmarks;

/// <summary>
/// Memory per open page (docs/benchmarks.md, “Open pages”): the demo app in a process of its own, and N 总览 pages open on it in
/// Debian's Chromium (a few browser contexts, each signed in once, as officers' browsers are), every one a live Blazor
/// circuit. The server's resident memory before, with every page open, and after; then one upload over HTTP, and how
/// long until every open page shows the new figure.
/// </summary>
internal static partial class PagesBenchmark
{
    public static async Task RunAsync(int pages, int contexts = 5)
    {
        var dir = Directory.CreateTempSubdirectory("dashboard-pages-").FullName;
        var file = Path.Combine(dir, "demo.db");
        try
        {
            await using var app = await AppProcess.StartAsync("--db", file, "--demo");
            var admin = AdminAccount().Match(app.Output);
            if (!admin.Success) throw new InvalidOperationException("no administrator in the demo's output:\n" + app.Output);
            var (user, password) = (admin.Groups[1].Value, admin.Groups[2].Value);

            // The month and district the pages show, and a unit of it to upload for, read from the demo's database.
            var services = new ServiceCollection().AddDashboardCore(DatabaseSettings.Sqlite(file)).BuildServiceProvider();
            await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            var tree = await db.LoadTreeAsync();
            var catalogue = await db.LoadCatalogueAsync();
            var month = (await db.Submissions.Select(s => s.Period).Distinct().ToListAsync()).MaxBy(p => p.Start);
            var district = tree.All.Where(o => o.Level == 1).OrderBy(o => o.Code).First();
            var unit = tree.All.Where(o => tree.IsReportingUnit(o.Id) && tree.AncestorsOf(o.Id).Contains(district)).OrderBy(o => o.Code).First();

            await Task.Delay(TimeSpan.FromSeconds(5));
            var idle = app.Memory();
            Console.WriteLine($"\n## {pages} open pages on one instance (SQLite, the demo): 总览 of {district.Name}, {month}");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
                // Pages share renderer processes: the browser's memory is not what is measured, the server's is.
                Args = ["--no-sandbox", "--disable-gpu", "--renderer-process-limit=8", "--disable-background-timer-throttling",
                    "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
            });
            var open = new List<IPage>();
            var opening = Stopwatch.StartNew();
            for (var c = 0; c < contexts; c++)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN" });
                var signIn = await context.NewPageAsync();
                await signIn.GotoAsync(app.BaseUrl + "/account/login");
                await signIn.FillAsync("#userName", user);
                await signIn.FillAsync("#password", password);
                await signIn.ClickAsync("button[type=submit]");
                await signIn.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
                await signIn.CloseAsync();
                for (var p = c; p < pages; p += contexts)
                {
                    var page = await context.NewPageAsync();
                    await page.GotoAsync($"{app.BaseUrl}/?org={district.Code}&period={month}");
                    await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
                    open.Add(page);
                }
            }
            var openTime = opening.Elapsed;
            var study = "[data-testid=kpi-STUDY_SESSIONS] [data-testid=kpi-value]";
            var before = await open[0].Locator(study).TextContentAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
            var withPages = app.Memory();

            // One unit's month with a figure nobody has, uploaded over HTTP as the administrator.
            var workbook = Workbooks.FilledUnitTemplate(unit, month, catalogue, 5, new Dictionary<string, double> { ["STUDY_SESSIONS"] = 987 });
            using var client = Browsing.Client(app.BaseUrl);
            if (await Browsing.SignInAsync(client, user, password) is { } failed) throw new InvalidOperationException(failed);
            var (_, _, body) = await Browsing.UploadAsync(client, workbook, "unit.xlsx");
            if (!body.Contains("\"accepted\"", StringComparison.Ordinal)) throw new InvalidOperationException("upload not accepted: " + body);
            var uploaded = Stopwatch.StartNew();
            var (serverCpu, browserCpu) = (app.CpuSeconds(), AppProcess.CpuSecondsOf("chrom"));
            var shown = await Task.WhenAll(open.Select(async page =>
            {
                await Assertions.Expect(page.Locator(study)).Not.ToHaveTextAsync(before ?? "", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
                return uploaded.Elapsed.TotalSeconds;
            }));
            var after = app.Memory();
            var (serverUsed, browserUsed) = (app.CpuSeconds() - serverCpu, AppProcess.CpuSecondsOf("chrom") - browserCpu);
            var sorted = shown.Order().ToList();
            Console.WriteLine("| measure | figure | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| server RSS, demo loaded, no page open | {idle.Now:N0} MB | |");
            Console.WriteLine($"| server RSS with {open.Count} pages open ({contexts} browser contexts; opened in {openTime.TotalSeconds:0} s) | {withPages.Now:N0} MB " +
                              $"(+{(withPages.Now - idle.Now) / open.Count:0.0} MB a page) | ≤ 1 GB |");
            Console.WriteLine($"| server RSS after every page refreshed; peak over the run | {after.Now:N0} MB; {after.Peak:N0} MB | ≤ 1 GB |");
            Console.WriteLine($"| upload accepted → new figure on the first / median / last page | {sorted[0]:0.00} / {sorted[sorted.Count / 2]:0.00} / {sorted[^1]:0.00} s | |");
            Console.WriteLine($"| CPU time used meanwhile by the server / by Chromium (2 cores: at most {2 * sorted[^1]:0} s) | {serverUsed:0.0} s / {browserUsed:0.0} s | |");
            Console.WriteLine($"| the figure before → after | {before} → {await open[^1].Locator(study).TextContentAsync()} | |");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [GeneratedRegex(@"管理员\s+用户名 (\S+)\s+密码 (\S+)")]
    private static partial Regex AdminAccount();
}
