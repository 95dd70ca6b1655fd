using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class ReportingTests(DemoAppFixture app)
{
    [Fact]
    public async Task ThePageOpensOnTheMonthBeingCollectedElseTheLastPastItsDeadlineAndOffersItMarkedSo()
    {
        var calendar = await app.Services.GetRequiredService<Core.Periods.ReportingCalendar>().TodayAsync();
        var collecting = calendar.LatestReportable;
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/reporting?org=D01");
        // Opened from the menu, 报送情况 is about the month an officer chases: the one being collected while there is one.
        await Assertions.Expect(page.Locator("[data-testid=reporting-total]")).ToContainTextAsync(
            (calendar.IsCollecting(collecting) ? collecting : calendar.DefaultMonth).ToChinese());
        await page.Locator(".rz-dropdown").Filter(new() { Has = page.Locator("input[name=period]") }).ClickAsync();
        var popup = page.Locator(".rz-dropdown-panel:visible, .rz-popup:visible");
        await Assertions.Expect(popup.Locator(".rz-dropdown-item").First).ToHaveTextAsync(calendar.Choice(collecting));
        // From the day after its deadline to the end of the month no month is being collected; the mark is tested by the rest.
        if (!calendar.IsCollecting(collecting)) return;

        // The month being collected is marked with its deadline and how many have reported so far.
        // Already the month shown: choosing it again changes nothing.
        await popup.Locator(".rz-dropdown-item").First.ClickAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var status = await app.Services.GetRequiredService<ReportingStatusQueries>().GetAsync(tree.ByCode("D01")!, collecting, tree);
        await Assertions.Expect(page.Locator("[data-testid=collecting-mark]")).ToHaveTextAsync(
            $"{calendar.CollectingText(collecting)} · 已报 {status.Total.OnTime + status.Total.Late}/{status.Total.Expected}");
        Assert.True(status.Total.Missing > 0 && status.Total.OnTime > 0, "the demo's month being collected is partly reported");
    }

    [Fact]
    public async Task ReportingStatusCountsMatchTheDataAndTheExport()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var district = tree.ByCode("D01")!;
        var month = app.DemoMonth;
        var expected = tree.ReportingUnitsUnder(district.Id).Where(u => u.IsOpenDuring(month)).Select(u => u.Id).ToList();
        var reported = await db.Submissions.Where(s => s.Period == month
            && expected.Contains(s.OrganisationId)).Select(s => s.OrganisationId).Distinct().CountAsync();
        var status = await app.Services.GetRequiredService<ReportingStatusQueries>().GetAsync(district, month, tree);
        Assert.Equal((expected.Count, reported), (status.Total.Expected, status.Total.OnTime + status.Total.Late));
        Assert.True(status.Total.Late > 0 && status.Total.Missing > 0, "the demo has late and missing units");
        Assert.True(status.Groups.All(g => g.Rate <= 1));

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/reporting?org=D01&period={month}");
        var total = page.Locator("[data-testid=reporting-total]");
        await Assertions.Expect(total).ToContainTextAsync($"应报 {status.Total.Expected}，按时 {status.Total.OnTime}，逾期 {status.Total.Late}，未报 {status.Total.Missing}");
        await Assertions.Expect(page.Locator("[data-testid=reporting-groups] .rz-data-row")).ToHaveCountAsync(status.Groups.Count);
        // Every unit, 20 to a page, the missing ones first, then the late ones.
        var rows = page.Locator("[data-testid=reporting-units] .rz-data-row");
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(20, status.Total.Expected));
        var states = (await rows.AllInnerTextsAsync()).Select(r => r.Contains("未报") ? 0 : r.Contains("逾期") ? 1 : 2).ToList();
        Assert.Equal(states.Order(), states);
        Assert.Equal(Math.Min(20, status.Total.Missing), states.Count(s => s == 0));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=reporting-export]"));
        using var wb = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync())));
        var sheet = wb.Worksheet("报送情况");
        var totalRow = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == "合计");
        Assert.Equal([status.Total.Expected, status.Total.OnTime, status.Total.Late, status.Total.Missing],
            Enumerable.Range(3, 4).Select(c => (int)totalRow.Cell(c).GetDouble()));
        Assert.Equal(status.Total.Missing, sheet.RowsUsed().Count(r => r.Cell(4).GetString() == "未报"));
    }

    [Fact]
    public async Task RemindingEveryMissingUnitAsksFirstSayingHowManyAndHowAndNothingIsSentOnCancel()
    {
        var (status, _) = await app.MonthWithAMissingUnitAsync("D02");
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/reporting?org=D02&period={status.Month}");
        // The demo has no mail server: the page says where messages go, in an officer's words, never a setting's name.
        await Assertions.Expect(page.Locator("[data-testid=remind-bar]")).ToContainTextAsync("只发到站内“消息”");
        await Assertions.Expect(page.Locator("[data-testid=remind-bar]")).Not.ToContainTextAsync("Dashboard:");

        await page.ClickAsync("[data-testid=remind-all]");
        var dialog = page.Locator(".rz-dialog");
        var reachable = status.Units.Count(u => u.State == ReportState.Missing && u.NoRecipient is null);
        await Assertions.Expect(dialog).ToContainTextAsync($"尚未报送的 {reachable} 个单位催报");
        if (status.Total.Missing > reachable)
            await Assertions.Expect(dialog).ToContainTextAsync($"另有 {status.Total.Missing - reachable} 个单位没有填报员账号也无法发邮件");
        await Assertions.Expect(dialog).ToContainTextAsync("站内消息");
        await dialog.GetByText("取消").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=reporting-result]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TodosCardsOpenReportingNarrowedToTheirStateAndMonth()
    {
        var calendar = await app.Services.GetRequiredService<Core.Periods.ReportingCalendar>().TodayAsync();
        var account = app.Accounts.For(Roles.DistrictAdmin);
        var page = await app.SignInAsync(account.UserName, account.Password);
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.ClickAsync("[data-testid=todo-overdue]");
        await page.WaitForURLAsync(u => u.Contains("/reporting", StringComparison.Ordinal));
        Assert.Contains("state=missing", page.Url);
        Assert.Contains($"period={calendar.LatestReportable}", page.Url);
        await Assertions.Expect(page.Locator("[data-testid=reporting-state]")).ToContainTextAsync("只看“未报”的单位");
        // Every unit listed has not reported; 显示全部 brings back the rest.
        var states = await page.Locator("[data-testid=reporting-units] .state-missing, [data-testid=reporting-units] .state-ontime, " +
                                         "[data-testid=reporting-units] .state-late").AllInnerTextsAsync();
        Assert.All(states, s => Assert.Equal("未报", s));
        await page.GetByText("显示全部").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=reporting-state]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheGridsFilterSurvivesAVerification()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/reporting?org=D03&period={app.DemoMonth}");
        var verify = page.Locator("[data-testid^=verify-]").First;
        await Assertions.Expect(verify).ToBeVisibleAsync();
        var code = (await verify.GetAttributeAsync("data-testid"))!["verify-".Length..];
        var (tree, _, _) = await app.ReferenceAsync();
        var name = tree.ByCode(code)!.Name;

        var filter = page.Locator("[data-testid=reporting-units] thead input").First;
        await filter.FillAsync(name);
        await filter.PressAsync("Enter");
        var rows = page.Locator("[data-testid=reporting-units] tbody tr.rz-data-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await page.ClickAsync($"[data-testid=verify-{code}]");
        await page.ClickAsync("[data-testid=decide-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=reporting-result]")).ToContainTextAsync("已核实");
        // Still the one unit, still the filter the officer typed.
        await Assertions.Expect(filter).ToHaveValueAsync(name);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(name);
    }
}
