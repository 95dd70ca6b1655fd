using System.Text.RegularExpressions;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Review;
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
        var month = await db.ReviewNotes.Where(n => n.Code == ReviewKinds.Approximate && under.Contains(n.OrganisationId)
            && n.Period != app.DemoMonth)
            .OrderBy(n => n.Id).Select(n => n.Period).FirstAsync();
        var expected = await app.Services.GetRequiredService<ReviewQueries>()
            .GetAsync(district, month, tree, await db.LoadCatalogueAsync(), app.Services.GetRequiredService<IOptions<OutlierThresholds>>().Value);

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}");
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"待核实 {expected.Count(i => !i.Checked)} 条");
        foreach (var kind in expected.Where(i => !i.Checked).GroupBy(i => i.Kind))
            await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"{ReviewKinds.ChineseName(kind.Key)} {kind.Count()}");

        // One kind only, then its source: the submission with the cell marked.
        var approximation = expected.First(i => i.Kind == ReviewKinds.Approximate);
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}&kind={ReviewKinds.Approximate}");
        var rows = page.Locator("[data-testid=review-grid] .rz-data-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count(i => i.Kind == ReviewKinds.Approximate && !i.Checked));
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
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync("待核实");
        // A leader reads the list but marks nothing.
        await Assertions.Expect(page.Locator("[data-testid=review-mark-bar]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AWrongTotalLeadsToItsSheetWithTheNoteMarked()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var under = tree.Subtree(tree.ByCode("D02")!.Id).Select(o => o.Id).ToList();
        var total = await db.ReviewNotes.Where(n => n.Code == ReviewKinds.TotalMismatch
            && under.Contains(n.OrganisationId)).OrderBy(n => n.Id).FirstAsync();

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/review?org=D02&period={total.Period}&kind={ReviewKinds.TotalMismatch}&status=all");
        await page.Locator("[data-testid=review-grid] .rz-data-row [data-testid=review-source]").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"submissions/\\d+\\?cell={total.Cell}"));
        await Assertions.Expect(page.Locator("[data-testid=marked-note]")).ToContainTextAsync($"{total.Sheet}!{total.Cell}");
    }

    [Fact]
    public async Task AFlagMarkedCheckedByADistrictOfficerLeavesTheListAndStaysGone()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var rules = app.Services.GetRequiredService<IOptions<OutlierThresholds>>().Value;
        var queries = app.Services.GetRequiredService<ReviewQueries>();
        var district = tree.ByCode("D01")!;
        // A month whose list has something still to check (the months before the one pages open on, newest first).
        var catalogue = await db.LoadCatalogueAsync();
        Core.Periods.Period month = default;
        ReviewItem? flag = null;
        foreach (var m in app.DemoMonth.AndEarlierMonths().Skip(1).Take(12))
        {
            flag = (await queries.GetAsync(district, m, tree, catalogue, rules)).FirstOrDefault(i => !i.Checked);
            if (flag is not null) { month = m; break; }
        }
        Assert.NotNull(flag);
        var open = (await queries.GetAsync(district, month, tree, catalogue, rules)).Count(i => !i.Checked);

        var page = await app.SignedInPageAsync(Roles.DistrictAdmin);
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}");
        var rows = page.Locator("[data-testid=review-grid] .rz-data-row");
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"待核实 {open} 条");
        // The list is ranked: the first row is the most unusual, as the query ranks it.
        await Assertions.Expect(rows.First).ToContainTextAsync(flag!.OrgName);
        await rows.First.Locator("[data-testid=review-select]").ClickAsync();
        await page.FillAsync("input[name=note]", "已电话核实，数据无误");
        await page.ClickAsync("[data-testid=review-mark]");
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"待核实 {open - 1} 条");

        // It stays gone after a reload, and is listed under 已核实 with its note.
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}");
        await Assertions.Expect(page.Locator("[data-testid=review-total]")).ToContainTextAsync($"待核实 {open - 1} 条");
        await app.GoInteractiveAsync(page, $"/review?org=D01&period={month}&status=checked");
        await Assertions.Expect(page.Locator("[data-testid=review-checked]").First).ToContainTextAsync("已电话核实，数据无误");
        var audit = await db.AuditEntries.Where(a => a.Subject == "数据复核").OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(app.Accounts.For(Roles.DistrictAdmin).UserName, audit.Actor);
        Assert.StartsWith(flag.OrgCode, audit.Target);
    }
}
