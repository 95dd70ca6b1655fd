using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>
/// 目标考核 as officers and units use it: targets imported on 目标任务 and seen on 总览; a manual item scored and the result published on
/// 考核结果; a later upload shown as a difference without changing what was published; a unit sees only its own row.
/// </summary>
[Collection(DemoAppCollection.Name)]
public class AssessmentPageTests(DemoAppFixture app)
{
    [Fact]
    public async Task AnOfficerImportsTargetsAndSeesCompletionOnTheOverview()
    {
        var (tree, _, _) = await app.ReferenceAsync();
        var street = tree.ChildrenOf(tree.ByCode("D03")!.Id).First(c => !tree.IsReportingUnit(c.Id));
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/targets?org=D03&year=2026");
        await page.Locator("[data-testid=targets-import]").SetInputFilesAsync(new FilePayload
        {
            Name = "计划.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Plan(street.Code, 999),
        });
        await Assertions.Expect(page.Locator("[data-testid=targets-notice]")).ToContainTextAsync("已导入“计划.xlsx”的2026年目标", new() { Timeout = 30_000 });
        // The street's units carry the demo's plan; 999 is not their sum (nor does the district's own plan now add up), and the page says so.
        await Assertions.Expect(page.Locator("[data-testid=targets-warning]").Filter(new() { HasText = $"“{street.Name}”（{street.Code}）" }))
            .ToContainTextAsync("2026年“发展党员数”目标为 999，其下级目标之和为");
        await Assertions.Expect(page.Locator("[data-testid=targets-warning]").Filter(new() { HasText = "“东城" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid=targets-table] tr[data-org='{street.Code}'] td").Nth(1)).ToHaveTextAsync("999");

        await app.GoInteractiveAsync(page, "/?org=D03");
        await Assertions.Expect(page.Locator("[data-testid=kpi-NEW_MEMBERS] [data-testid=kpi-target]")).ToContainTextAsync("年度目标");
    }

    [Fact]
    public async Task AnOfficerScoresAManualItemPublishesAndALaterUploadShowsTheDifferenceWithoutChangingTheResult()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/assessment?org=D03&year=2025");
        var first = page.Locator("[data-testid=assessment-table] tbody > tr[data-org]").First;
        var org = await first.GetAttributeAsync("data-org");
        await first.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=assessment-basis]")).ToContainTextAsync("发展党员计划完成率");
        await page.Locator("[data-testid=assessment-basis] input.rz-numeric-input, [data-testid=assessment-basis] .rz-numeric input").First.FillAsync("8");
        await page.Locator("[data-testid=assessment-basis] .manual-note").FillAsync("述职评议等次为好");
        await page.ClickAsync("[data-testid=manual-save]");
        await Assertions.Expect(page.Locator("[data-testid=assessment-notice]")).ToContainTextAsync("已保存“述职评议”的评分");

        await page.ClickAsync("[data-testid=assessment-publish]");
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=assessment-note]")).ToContainTextAsync("发布于");
        var row = page.Locator($"[data-testid=assessment-table] tbody > tr[data-org='{org}']");
        var total = await row.Locator("td").Nth(-2).InnerTextAsync();

        // A unit under D03 that fell short of 集中学习研讨 ≥ 1 每月 in 2025 reports those months again, now with 2.
        await FixAStudyShortfallAsync();
        await Assertions.Expect(page.Locator("[data-testid=assessment-changed]")).ToContainTextAsync("数据已变更，与发布结果不同",
            new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=assessment-changed]")).ToContainTextAsync("集中学习研讨达标");
        Assert.Equal(total, await row.Locator("td").Nth(-2).InnerTextAsync());
    }

    [Fact]
    public async Task AUnitSeesItsOwnPublishedResultAndNoOtherUnits()
    {
        Assert.Null(await app.Services.GetRequiredService<Assessments>().PublishAsync(Actor.System("test"), "D01-S01", 2025));
        var page = await app.SignedInPageAsync(Roles.Reporter);
        await app.GoInteractiveAsync(page, "/assessment?year=2025");
        var rows = page.Locator("[data-testid=assessment-table] tbody > tr[data-org]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-org", "D01-S01-U001");
        await Assertions.Expect(page.Locator("[data-testid=assessment-basis]")).ToContainTextAsync("按时报送率");
        await Assertions.Expect(page.Locator("[data-testid=assessment-publish]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnOfficerSetsAQuarterTargetInPlace()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/targets?org=D02&year=2026&quarter=1");
        await Assertions.Expect(page.Locator("[data-testid=targets-table] thead")).ToContainTextAsync("第一季度目标");
        var row = page.Locator("[data-testid=targets-table] tbody tr").Nth(1);
        await row.Locator("input").FillAsync("7");
        await row.Locator("input").PressAsync("Tab");
        await row.Locator("[data-testid=target-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=targets-notice]")).ToContainTextAsync("2026年第一季度发展党员数的目标设为 7人");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("7");
    }

    [Fact]
    public async Task AnAdministratorSetsAYearsSchemeOnThePageAndTheResultAppears()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/assessment?org=D02&year=2024");
        await Assertions.Expect(page.Locator("[data-testid=assessment-empty]")).ToHaveTextAsync("尚未设定2024年考核细则");
        var text = page.Locator("[data-testid=scheme-text]");
        var starter = await text.InputValueAsync();
        await text.FillAsync(starter.Replace("\"NEW_MEMBERS\"", "\"NO_SUCH\"", StringComparison.Ordinal));
        await page.ClickAsync("[data-testid=scheme-save]");
        await Assertions.Expect(page.Locator("[data-testid=scheme-problem]")).ToHaveTextAsync("第 1 项“发展党员计划完成率”的指标“NO_SUCH”不存在");
        await text.FillAsync(starter);
        await page.ClickAsync("[data-testid=scheme-save]");
        await Assertions.Expect(page.Locator("[data-testid=assessment-notice]")).ToContainTextAsync("已保存考核细则。");
        await Assertions.Expect(page.Locator("[data-testid=assessment-table] tbody > tr[data-org]").First).ToBeVisibleAsync();
    }

    private static byte[] Plan(string org, int target)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("计划");
        ws.Cell(1, 1).SetValue("组织代码");
        ws.Cell(1, 2).SetValue("指标");
        ws.Cell(1, 3).SetValue("年度目标");
        ws.Cell(2, 1).SetValue(org);
        ws.Cell(2, 2).SetValue("发展党员数");
        ws.Cell(2, 3).SetValue(target);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    private async Task FixAStudyShortfallAsync()
    {
        var (tree, catalogue, _) = await app.ReferenceAsync();
        var d03 = tree.ByCode("D03")!;
        var study = catalogue.ByCode("STUDY_SESSIONS")!;
        var result = await app.Services.GetRequiredService<Standards>().EvaluateAsync(d03, Period.OfYear(2025), study, tree);
        var unit = result!.Falling.First(u => u.State == StandardState.NotMet && u.Values.All(v => v.Value is not null));
        foreach (var month in unit.Values.Where(v => v.Value < result.Min).Select(v => Period.Parse(v.Period)))
        {
            var file = DemoAppFixture.UnitWorkbook(tree.ByCode(unit.Org)!, month, catalogue, 2);
            var report = await app.Services.GetRequiredService<SubmissionService>().ImportAsync(file, $"{unit.Org}-{month}.xlsx", Actor.System("test"));
            Assert.Equal(ImportStatus.Accepted, report.Status);
        }
    }
}
