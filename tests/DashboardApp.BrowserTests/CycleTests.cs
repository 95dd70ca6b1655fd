using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>
/// The monthly cycle as its people see it: a reporter's 待办, an officer sending a month back, the reporter told in 消息 and
/// 待办, and a new upload putting the month back to 待核实. Each test creates its own reporter account for a unit it chooses.
/// </summary>
[Collection(DemoAppCollection.Name)]
public class CycleTests(DemoAppFixture app)
{
    [Fact]
    public async Task AReporterLandsOnTodoWithTheMonthDueAndItsDeadlineAlsoOnAPhone()
    {
        var (tree, _, calendar) = await app.ReferenceAsync();
        var month = calendar.LatestReportable;
        var status = await app.Services.GetRequiredService<ReportingStatusQueries>()
            .GetAsync(tree.ByCode("D02")!, month, tree);
        var unit = status.Units.First(u => u.State == ReportState.Missing);
        var password = await app.CreateReporterAsync("cycle-due", unit.Code);

        var page = await app.SignInAsync("cycle-due", password);
        await page.SetViewportSizeAsync(390, 844);

        Assert.EndsWith("/todo", page.Url);
        var line = page.Locator("[data-testid=due-line]").First;
        await Assertions.Expect(line).ToContainTextAsync($"本月待报：{month.ToChinese()}，");
        var deadline = calendar.Deadline(month);
        await Assertions.Expect(line).ToContainTextAsync($"{deadline.Month}月{deadline.Day}日");
        await Assertions.Expect(page.Locator("[data-testid=todo-template]").First).ToHaveAttributeAsync("href",
            $"api/templates?org={unit.Code}&period={month}");
        Assert.True(await page.EvaluateAsync<bool>("document.scrollingElement.scrollWidth <= 390"), "待办 scrolls sideways at 390 px");
    }

    [Fact]
    public async Task AnOfficerSendsAMonthBackTheReporterIsToldAndANewUploadClearsIt()
    {
        var (tree, catalogue, _) = await app.ReferenceAsync();
        var month = app.DemoMonth;
        Organisation unit;
        decimal studySessions;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var study = (await db.LoadCatalogueAsync()).ByCode("STUDY_SESSIONS")!;
            var reported = await db.CurrentValues.Where(v => v.Period == month && v.IndicatorId == study.Id)
                .ToDictionaryAsync(v => v.OrganisationId, v => v.Value);
            // Not the first or last unit of D01: other tests upload for those.
            unit = tree.ReportingUnitsUnder(tree.ByCode("D01")!.Id).OrderBy(u => u.Code, StringComparer.Ordinal).Skip(2)
                .First(u => reported.ContainsKey(u.Id));
            studySessions = reported[unit.Id];
        }
        var street = tree.ById(unit.ParentId!.Value)!;
        var password = await app.CreateReporterAsync("cycle-back", unit.Code);
        var reporting = $"/reporting?org={street.Code}&period={month}";
        var row = (IPage p) => p.Locator("[data-testid=reporting-units] .rz-data-row", new() { HasText = unit.Code });

        var officer = await app.SignedInPageAsync(Roles.DistrictAdmin);
        await app.GoInteractiveAsync(officer, reporting);
        await officer.ClickAsync($"[data-testid=sendback-{unit.Code}]");
        await officer.FillAsync("[data-testid=decide-form] textarea", "学习次数与会议记录不符，请核对");
        // The reason reaches the server on change: leave the box before confirming, as a person does.
        await officer.PressAsync("[data-testid=decide-form] textarea", "Tab");
        await officer.ClickAsync("[data-testid=decide-confirm]");
        await Assertions.Expect(officer.Locator("[data-testid=reporting-result]")).ToContainTextAsync("已将", new() { Timeout = 20_000 });
        await Assertions.Expect(row(officer).Locator("[data-testid=review-state]")).ToHaveTextAsync("退回待改");

        var reporter = await app.SignInAsync("cycle-back", password);
        await Assertions.Expect(reporter.Locator("[data-testid=todo-return]")).ToContainTextAsync("学习次数与会议记录不符，请核对");
        await Assertions.Expect(reporter.Locator("[data-testid=unread]")).ToHaveTextAsync("1");
        await app.GoInteractiveAsync(reporter, "/messages");
        await Assertions.Expect(reporter.Locator("[data-testid=message]").First).ToContainTextAsync("【退回】");

        await app.GoInteractiveAsync(reporter, "/upload");
        await DemoAppFixture.ChooseFilesAsync(reporter, new FilePayload
        {
            Name = $"{unit.Code}_{month}.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = DemoAppFixture.UnitWorkbook(unit, month, catalogue, studySessions),
        });
        await reporter.ClickAsync("[data-testid=upload-button]");
        await Assertions.Expect(reporter.Locator("[data-testid=upload-status]")).ToHaveTextAsync("已接收", new() { Timeout = 60_000 });
        await app.GoInteractiveAsync(reporter, "/todo");
        await Assertions.Expect(reporter.Locator("[data-testid=todo-return]")).ToHaveCountAsync(0);

        await app.GoInteractiveAsync(officer, reporting);
        await Assertions.Expect(row(officer).Locator("[data-testid=review-state]")).ToHaveTextAsync("待核实");
    }



}
