using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>The 大屏 (docs/product.md, “大屏”): opened by its link with no sign-in, it rotates by itself and follows the figures.</summary>
[Collection(DemoAppCollection.Name)]
public class ScreenTests(DemoAppFixture app)
{
    [Fact]
    public async Task TheScreenLinkOpensWithoutSigningInRotatesAndRefreshesAfterAnUpload()
    {
        NewToken link;
        await using (var scope = app.Services.CreateAsyncScope())
            link = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
                .CreateDisplayAsync(UserAccounts.CommandLine, app.Accounts.For(Roles.Viewer).UserName, "测试大屏", "D02", rotateSeconds: 5);

        // A browser that has never signed in, at the wall screen's size.
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/screen/{link.Secret}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        Assert.DoesNotContain("/account/login", page.Url);
        var (tree, _, _) = await app.ReferenceAsync();
        await Assertions.Expect(page.Locator("[data-testid=screen-org]")).ToHaveTextAsync(tree.ByCode("D02")!.Name);
        await Assertions.Expect(page.Locator("[data-testid=screen-asof]")).ToContainTextAsync("数据截至");
        // Nothing to click, type into or submit.
        Assert.Equal(0, await page.Locator(".screen-root").Locator("form, input, button, select, textarea, a[href]").CountAsync());

        // It moves through its panels by itself.
        var panel = page.Locator("[data-testid=screen-panel]");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-panel", "Trend");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-panel", "Children", new() { Timeout = 15_000 });
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-panel", "Reporting", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=screen-ring]")).Not.ToHaveCountAsync(0);

        // A unit of the district sends more 学习研讨 for the month shown; the rollup finishes; the screen follows without a reload.
        var kpi = page.Locator("[data-testid=screen-kpi-STUDY_SESSIONS] [data-testid=screen-kpi-value]");
        var before = await kpi.InnerTextAsync();
        var (unit, old) = await UnitWithStudySessionsAsync("D02");
        var (_, catalogue, _) = await app.ReferenceAsync();
        var report = await app.Services.GetRequiredService<SubmissionService>().ImportAsync(
            DemoAppFixture.UnitWorkbook(tree.ByCode(unit)!, app.DemoMonth, catalogue, old + 40), "大屏测试.xlsx", Actor.System("test"));
        Assert.Equal(ImportStatus.Accepted, report.Status);
        await app.Services.GetRequiredService<RollupService>().RunIncrementalAsync();
        var after = await app.Services.GetRequiredService<FigureQueries>().GetAsync(tree.ByCode("D02")!, app.DemoMonth,
            catalogue.ByCode("STUDY_SESSIONS")!, tree);
        Assert.NotEqual(before, Format.Number(after.Value));
        await Assertions.Expect(kpi).ToHaveTextAsync(Format.Number(after.Value));
        Assert.DoesNotContain("/account/login", page.Url);
    }

    /// <summary>A unit under <paramref name="district"/> with a 集中学习研讨次数 in the demo's month, and that value.</summary>
    private async Task<(string Unit, decimal Value)> UnitWithStudySessionsAsync(string district)
    {
        var (tree, catalogue, _) = await app.ReferenceAsync();
        var codes = tree.ReportingUnitsUnder(tree.ByCode(district)!.Id).ToDictionary(u => u.Id, u => u.Code);
        var units = codes.Keys.ToList();
        var indicator = catalogue.ByCode("STUDY_SESSIONS")!.Id;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var row = await db.CurrentValues.Where(v => v.Period == app.DemoMonth && v.IndicatorId == indicator && units.Contains(v.OrganisationId))
            .OrderBy(v => v.OrganisationId).Select(v => new { v.OrganisationId, v.Value }).FirstAsync();
        return (codes[row.OrganisationId], row.Value);
    }
}
