using DashboardApp.Core.Access;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>
/// Every page of the demo on PostgreSQL, in the browser (docs/product.md, “Engines and scale”: every page works on both engines).
/// On PostgreSQL the database really is awaited, so a page renders before its data arrives: the
/// 用户管理 page failed that way while every test on SQLite passed.
/// </summary>
[Collection(PostgreSqlDemoAppCollection.Name)]
[Trait("Engine", "PostgreSQL")]
public class PostgreSqlPagesTests(PostgreSqlDemoAppFixture app)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "同比" }, { "/ranking", "排名" }, { "/reporting", "报送" }, { "/summary", "年度" }, { "/submissions", "提交记录" },
        { "/upload", "模板" }, { "/rollups", "全量重算" }, { "/review", "复核" }, { "/admin/users", "用户" },
        { "/admin/organisations", "组织" }, { "/admin/indicators", "指标" }, { "/admin/periods", "统计期" }, { "/admin/audit", "审计" },
        { "/entry?org=D01-S01-U001", "集中学习研讨次数" }, { "/admin/rules", "志愿服务时长 ≤" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageOpensInteractiveWithNoError(string path, string shows)
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        // Nothing the page needs is blocked by the Content-Security-Policy.
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) refused.Add(message.Text); };
        await app.GoInteractiveAsync(page, path);
        await Assertions.Expect(page.Locator("main, .rz-body").First).ToContainTextAsync(shows);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.DoesNotContain("出错了", await page.ContentAsync());
        Assert.Empty(refused);
    }

    [Fact]
    public async Task AnOpenPageOnASecondInstanceRefreshesAfterAnUploadThroughTheFirst()
    {
        var (before, missing) = await app.MonthWithAMissingUnitAsync("D02");
        var (_, catalogue, _) = await app.ReferenceAsync();
        // Signed in on the first instance; the same cookie opens pages on the second.
        var page = await app.SignedInPageAsync(Roles.Viewer);
        await page.GotoAsync($"{app.SecondInstance}/reporting?org=D02&period={before.Month}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var total = page.Locator("[data-testid=reporting-total]");
        await Assertions.Expect(total).ToContainTextAsync($"未报 {before.Total.Missing}");

        // Stored and rolled up by the first instance alone; the second hears of it through the database.
        var file = DemoAppFixture.UnitWorkbook(missing, before.Month, catalogue, 2);
        var report = await app.Services.GetRequiredService<SubmissionService>().ImportAsync(file, "补报.xlsx", Actor.System("test"));
        Assert.Equal(ImportStatus.Accepted, report.Status);
        var run = await app.Services.GetRequiredService<RollupService>().RunIncrementalAsync();
        Assert.True(run.Rows > 0, "the first instance ran the rollup");

        await Assertions.Expect(total).ToContainTextAsync($"逾期 {before.Total.Late + 1}，未报 {before.Total.Missing - 1}");
        Assert.StartsWith(app.SecondInstance, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUnitPageAndASubmissionShowTheDemoFigures()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Core.Data.DashboardDbContext>>().CreateDbContextAsync();
        var submission = await db.Submissions.OrderByDescending(s => s.Id).Select(s => new { s.Id, s.OrganisationId }).FirstAsync();
        var unit = await db.Organisations.Where(o => o.Id == submission.OrganisationId).Select(o => new { o.Code, o.Name }).SingleAsync();

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/units/{unit.Code}");
        await Assertions.Expect(page.GetByText(unit.Name).First).ToBeVisibleAsync();
        await app.GoInteractiveAsync(page, $"/submissions/{submission.Id}");
        await Assertions.Expect(page.GetByText(unit.Name).First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }
}
