using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class OverviewTests(DemoAppFixture app)
{
    [Fact]
    public async Task TheOverviewOpensOnTheLastMonthPastItsDeadlineWithTheDerivedRatesAndComparableYoy()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var figures = app.Services.GetRequiredService<FigureQueries>();
        var rate = catalogue.DerivedByCode("RECTIFICATION_RATE")!;
        var expected = await figures.GetAsync(tree.ByCode("D01")!, app.DemoMonth, rate, catalogue, tree);
        var sessions = await figures.GetAsync(tree.ByCode("D01")!, app.DemoMonth, catalogue.ByCode("STUDY_SESSIONS")!, tree, comparable: true);
        Assert.NotNull(expected.Value);

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/?org=D01");
        await Assertions.Expect(page.Locator(".context-line")).ToContainTextAsync(app.DemoMonth.ToChinese());
        await Assertions.Expect(page.Locator("[data-testid=collecting-mark]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=rate-RECTIFICATION_RATE] [data-testid=rate-value]")).ToHaveTextAsync(rate.Show(expected.Value));
        await Assertions.Expect(page.Locator("[data-testid=kpi-STUDY_SESSIONS] [data-testid=kpi-yoy-comparable]"))
            .ToHaveTextAsync(Format.Yoy(sessions.YoyComparable));
    }

    [Fact]
    public async Task AMonthBeingCollectedIsMarkedWithItsDeadlineAndHowManyHaveReported()
    {
        var calendar = await app.Services.GetRequiredService<ReportingCalendar>().TodayAsync();
        var month = calendar.LatestReportable;
        // From the day after its deadline to the end of the month no month is being collected.
        if (!calendar.IsCollecting(month)) return;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var (reported, expected) = await app.Services.GetRequiredService<FigureQueries>().ReportingAsync(tree.ByCode("D01")!, month, tree);

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/?org=D01&period={month}");
        await Assertions.Expect(page.Locator("[data-testid=collecting-mark]")).ToHaveTextAsync($"{calendar.CollectingText(month)} · 已报 {reported}/{expected}");
        Assert.InRange(reported, 1, expected - 1);
    }

    [Fact]
    public async Task AMonthNotYetOverIsNotShown()
    {
        var month = Period.MonthOf(DateOnly.FromDateTime(DateTime.Now));
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/?org=D01&period={month}");
        await Assertions.Expect(page.GetByText($"统计期“{month}”无法识别或尚未开始报送")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".context-line")).ToContainTextAsync(app.DemoMonth.ToChinese());
    }

    [Fact]
    public async Task AMonthBeingCollectedIsDrawnApartOnTheTrendAndLeftOutOfTheYearToDateUnlessAsked()
    {
        await using var collecting = await app.CollectingMonthAsync();
        var month = collecting.Month;
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/?org=D01&period={month}&indicator=STUDY_SESSIONS");

        // The month's 同比 is over the units that have reported it, and says so.
        await Assertions.Expect(page.Locator("[data-testid=overview-provisional]")).ToBeVisibleAsync();
        // On the trend the month is a series of its own — hollow points on a dashed line — never a solid point of the year.
        var chart = page.Locator("[data-testid=trend-chart]");
        await Assertions.Expect(chart).ToContainTextAsync($"{month.Year}年（报送中）");
        Assert.True(await chart.Locator("[fill='#ffffff'][stroke='#c62828']").CountAsync() >= 1, "no hollow point for the month being collected");
        Assert.True(await chart.Locator("path[stroke-dasharray][style*='#c62828']").CountAsync() >= 1, "no dashed line to the month being collected");
        if (month.Index == 1) return; // January has no final month before it for 累计 to keep.

        // 累计 runs to the month before, naming the one left out; the switch counts it, marked, and the URL keeps the choice.
        await Assertions.Expect(page.Locator("[data-testid=overview-ytd-span]")).ToContainTextAsync($"{month.Year}年1—{month.Index - 1}月");
        await Assertions.Expect(page.Locator("[data-testid=overview-ytd-note]")).ToContainTextAsync($"{month.Index}月报送中");
        await page.Locator("[data-testid=provisional-field] .rz-chkbox-box").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=overview-ytd-span]")).ToContainTextAsync("含报送中数据");
        await Assertions.Expect(page.Locator("[data-testid=overview-ytd-span]")).ToContainTextAsync($"1—{month.Index}月");
        Assert.Contains("provisional=1", page.Url);
    }
}
