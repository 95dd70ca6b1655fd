using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>
/// 在线填报 as a branch secretary uses it — on a desk and on a phone — and an officer's 更正. Each test signs in with an account
/// of its own for a unit of D02 that has not reported the month being collected (the reporter tests) or a unit of D01 no other
/// test uploads for (the correction).
/// </summary>
[Collection(DemoAppCollection.Name)]
public class EntryTests(DemoAppFixture app)
{
    [Fact]
    public async Task AReporterFillsTheFormAndTheFigureChangesOnTheOverviewWhileABlankStaysNotReported()
    {
        var (unit, month) = await MissingUnitAsync(skip: 1);
        var password = await app.CreateReporterAsync("entry-desk", unit.Code);
        var page = await app.SignInAsync("entry-desk", password);
        await page.SetViewportSizeAsync(1366, 768);
        // From 待办, the way a reporter finds it.
        await page.Locator("[data-testid=todo-entry]").First.ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=entry-context]")).ToContainTextAsync(unit.Name);
        await Assertions.Expect(page.Locator("[data-testid=entry-context]")).ToContainTextAsync(month.ToChinese());

        await page.FillAsync("[data-testid=value-STUDY_SESSIONS]", "６");
        await page.FillAsync("[data-testid=value-MEMBERS_TOTAL]", "28");
        await page.FillAsync("[data-testid=value-INSPECTIONS]", "0");
        await page.FillAsync("[data-testid=note-STUDY_SESSIONS]", "含线上学习1次");
        await page.ClickAsync("[data-testid=entry-submit]");
        await Assertions.Expect(page.Locator("[data-testid=entry-done]")).ToContainTextAsync("共 3 项数值", new() { Timeout = 20_000 });

        // Stored as typed, blank fields not at all; the 备注 kept with its value.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.CurrentValues.Where(v => v.OrganisationId == unit.Id && v.Period == month)
                .Join(db.Indicators, v => v.IndicatorId, i => i.Id, (v, i) => new { i.Code, v.Value }).ToDictionaryAsync(x => x.Code, x => x.Value);
            Assert.Equal(new Dictionary<string, decimal> { ["STUDY_SESSIONS"] = 6, ["MEMBERS_TOTAL"] = 28, ["INSPECTIONS"] = 0 }, stored);
            var note = await db.SubmittedValues.Where(v => v.Note != null)
                .Join(db.Submissions.Where(s => s.OrganisationId == unit.Id), v => v.SubmissionId, s => s.Id, (v, _) => v.Note).SingleAsync();
            Assert.Equal("含线上学习1次", note);
        }

        await app.GoInteractiveAsync(page, $"/?org={unit.Code}&period={month}");
        await Assertions.Expect(page.Locator("[data-testid=kpi-STUDY_SESSIONS] [data-testid=kpi-value]")).ToHaveTextAsync("6",
            new() { Timeout = 20_000 });
        // 发展党员 was left blank: not reported, not 0.
        await Assertions.Expect(page.Locator("[data-testid=kpi-NEW_MEMBERS] [data-testid=kpi-value]")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task OnAPhoneADraftSurvivesAReloadAndARuleWarningIsConfirmedBeforeSubmitting()
    {
        var (unit, month) = await MissingUnitAsync(skip: 2);
        var password = await app.CreateReporterAsync("entry-phone", unit.Code);
        var page = await app.SignInAsync("entry-phone", password);
        await page.SetViewportSizeAsync(390, 844);
        await app.GoInteractiveAsync(page, $"/entry?org={unit.Code}&period={month}");

        await page.FillAsync("[data-testid=value-VOLUNTEERS]", "20");
        await page.FillAsync("[data-testid=value-VOLUNTEER_HOURS]", "5000");
        await page.FillAsync("[data-testid=value-THEME_PARTY_DAYS]", "十二");
        // Read as a workbook cell is, said beside the box before anything is sent.
        await Assertions.Expect(page.Locator("[data-testid=check-THEME_PARTY_DAYS]")).ToContainTextAsync("按中文数字读作 12");

        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=entry-draft]")).ToContainTextAsync("尚未提交的草稿");
        await Assertions.Expect(page.Locator("[data-testid=value-VOLUNTEER_HOURS]")).ToHaveValueAsync("5000");
        Assert.True(await page.EvaluateAsync<bool>("document.scrollingElement.scrollWidth <= 390"), "在线填报 scrolls sideways at 390 px");

        await page.ClickAsync("[data-testid=entry-submit]");
        var confirm = page.Locator("[data-testid=entry-confirm]");
        await Assertions.Expect(confirm).ToContainTextAsync("志愿服务时长超过参与人次×24小时", new() { Timeout = 20_000 });
        await Assertions.Expect(confirm).ToContainTextAsync("按中文数字读作 12");
        await page.ClickAsync("[data-testid=entry-confirm-submit]");
        await Assertions.Expect(page.Locator("[data-testid=entry-done]")).ToContainTextAsync("共 3 项数值", new() { Timeout = 20_000 });

        // Submitted, the draft is gone.
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=entry-draft]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=value-VOLUNTEER_HOURS]")).ToHaveValueAsync("5000");
    }

    [Fact]
    public async Task AnOfficersCorrectionAppearsInTheHistoryAndTheAuditLog()
    {
        var (tree, _, calendar) = await app.ReferenceAsync();
        var month = calendar.LatestReportable;
        var unit = tree.ReportingUnitsUnder(tree.ByCode("D01")!.Id).OrderBy(u => u.Code, StringComparer.Ordinal).Skip(4).First();
        var page = await app.SignedInPageAsync(Roles.DistrictAdmin);
        await app.GoInteractiveAsync(page, $"/units/{unit.Code}");

        var indicator = page.Locator(".rz-dropdown").Filter(new() { Has = page.Locator("input[name=correction-indicator]") });
        await indicator.ClickAsync();
        var popup = page.Locator(".rz-dropdown-panel:visible, .rz-popup:visible");
        await popup.Locator(".rz-dropdown-filter").FillAsync("廉政教育");
        await Assertions.Expect(popup.Locator(".rz-dropdown-item").First).ToContainTextAsync("廉政教育次数");
        await popup.Locator(".rz-dropdown-item").First.ClickAsync();
        await page.FillAsync("input[name=correction-value]", "3");
        await page.FillAsync("input[name=correction-reason]", "电话核实，原报漏计1次");
        await page.PressAsync("input[name=correction-reason]", "Tab");
        await page.ClickAsync("[data-testid=correction-submit]");
        await Assertions.Expect(page.Locator("[data-testid=correction-message]")).ToContainTextAsync("更正为 3", new() { Timeout = 20_000 });

        // The history lists it as a submission of its own; its detail says who, why and which field.
        var name = $"更正_{unit.Code}_{month}.json";
        await app.GoInteractiveAsync(page, $"/units/{unit.Code}");
        await page.Locator("[data-testid=unit-submissions] a", new() { HasText = month.ToString() }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=provenance]")).ToContainTextAsync("更正（原因：电话核实，原报漏计1次）");
        await Assertions.Expect(page.Locator("[data-testid=provenance-grid]")).ToContainTextAsync("廉政教育次数");
        await Assertions.Expect(page.Locator("[data-testid=original-file]")).ToHaveTextAsync(name);

        var admin = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(admin, "/admin/audit");
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task ARuleAddedOnThePageTakesEffectAtTheNextEntry()
    {
        var (tree, _, calendar) = await app.ReferenceAsync();
        var unit = tree.ReportingUnitsUnder(tree.ByCode("D03")!.Id).OrderBy(u => u.Code, StringComparer.Ordinal).First();
        var admin = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(admin, "/admin/rules");
        await admin.ClickAsync("[data-testid=rule-new]");
        await admin.FillAsync("input[name=left]", "廉政教育次数");
        await admin.FillAsync("input[name=right]", "77");
        await admin.FillAsync("input[name=message]", "廉政教育次数超过77次（浏览器测试）");
        await admin.PressAsync("input[name=message]", "Tab");
        await admin.ClickAsync("[data-testid=rule-save]");
        await Assertions.Expect(admin.Locator("[data-testid=rule-saved]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var row = admin.Locator("[data-testid=rules-grid] .rz-data-row", new() { HasText = "廉政教育次数 ≤ 77" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        try
        {
            // Checked, never stored: the confirmation is left with 返回修改.
            await app.GoInteractiveAsync(admin, $"/entry?org={unit.Code}&period={calendar.LatestReportable}");
            await admin.FillAsync("[data-testid=value-INTEGRITY_EDUCATION]", "78");
            await admin.ClickAsync("[data-testid=entry-submit]");
            await Assertions.Expect(admin.Locator("[data-testid=entry-confirm]")).ToContainTextAsync("廉政教育次数超过77次（浏览器测试）",
                new() { Timeout = 20_000 });
            await admin.ClickAsync("[data-testid=entry-confirm] >> text=返回修改");
        }
        finally
        {
            await app.GoInteractiveAsync(admin, "/admin/rules");
            await row.Locator("[data-testid^=rule-toggle]").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("已停用");
        }
    }

    /// <summary>A unit of D02 that has not reported the month being collected, the <paramref name="skip"/>th of them.</summary>
    private async Task<(Organisation Unit, Period Month)> MissingUnitAsync(int skip)
    {
        var (tree, _, calendar) = await app.ReferenceAsync();
        var month = calendar.LatestReportable;
        var status = await app.Services.GetRequiredService<ReportingStatusQueries>().GetAsync(tree.ByCode("D02")!, month, tree);
        var code = status.Units.Where(u => u.State == ReportState.Missing).Skip(skip).First().Code;
        return (tree.ByCode(code)!, month);
    }


}
