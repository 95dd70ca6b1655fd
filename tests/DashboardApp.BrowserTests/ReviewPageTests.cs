using System.Text.RegularExpressions;
using DashboardApp.Core.Access;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class ReviewPageTests(DemoAppFixture app)
{
    [Fact]
    public async Task TheReviewListShowsWhatTheQueryFindsAndEachItemLeadsToItsCell()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var district = tree.ByCode("D01")!;
        var under = tree.Subtree(district.Id).Select(o => o.Id).ToList();
        // A month of the demo in which a D01 unit's value was typed as an approximation (the demo has a few).
        var month = await db.ReviewNotes.Where(n => n.Code == ReviewKinds.Approximate && under.Contains(n.OrganisationId) && n.Period != app.DemoMonth)
            .OrderBy(n => n.Id).Select(n => n.Period).FirstAsync();
        var expected = await app.Services.GetRequiredService<ReviewQueries>()
            .GetAsync(district, month, tree, await db.LoadCatalogueAsync(), app.Services.GetRequiredService<IOptions<ReviewRules>>().Value);

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}");
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"共 {expected.Count} 条待复核");
        foreach (var kind in expected.GroupBy(i => i.Kind))
            await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"{ReviewKinds.ChineseName(kind.Key)} {kind.Count()}");

        // One kind only, then its source: the submission with the cell marked.
        var approximation = expected.First(i => i.Kind == ReviewKinds.Approximate);
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}&kind={ReviewKinds.Approximate}");
        var rows = page.Locator("[data-testid=review-grid] .rz-data-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count(i => i.Kind == ReviewKinds.Approximate));
        var row = rows.Filter(new() { HasText = approximation.OrgName }).Filter(new() { HasText = approximation.IndicatorName! });
        await row.Locator("[data-testid=review-source]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"submissions/{approximation.SubmissionId}\\?cell={approximation.Cell}"));
        var marked = page.Locator("[data-testid=provenance-grid] tr[data-marked=true]");
        await Assertions.Expect(marked).ToContainTextAsync(approximation.Cell);
        await Assertions.Expect(marked).ToContainTextAsync(approximation.IndicatorName!);
        await Assertions.Expect(marked).ToContainTextAsync("约数");
    }

    [Fact]
    public async Task AnUnknownKindOrAFuturePeriodGetsAChineseNoticeNotAnErrorPage()
    {
        var page = await app.SignedInPageAsync(Roles.Viewer);
        await app.GoInteractiveAsync(page, "/review?org=D01&period=2099-01&kind=NOPE");
        await Assertions.Expect(page.GetByText("统计期“2099-01”无法识别或尚未开始")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("复核类型“NOPE”不存在，已显示全部。")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync("条待复核");
    }
}
