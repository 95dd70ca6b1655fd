using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rules;
using DashboardApp.Core.Submissions;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Rules;

/// <summary>Rules on uploads: each contradiction named with its sheet and cells, errors refusing and warnings not, and rules changed by an administrator in force at the next upload.</summary>
public class RuleImportTests
{
    private static async Task<ImportReport> UploadAsync(ServicesDatabase database, Dictionary<string, object> values)
    {
        var file = TestWorkbooks.FilledTemplate(database.Tree.ByCode("D1-S1-U1")!, Period.Month(2025, 3), values);
        return await database.Importer.ImportAsync(file, "月报表.xlsx", Actor.System("test"));
    }

    [Fact]
    public async Task AViolationNamesTheSheetAndEveryCellInvolvedAndOnlyAnErrorRefuses()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        var warned = await UploadAsync(database, new() { ["VOLUNTEER_HOURS"] = 1000, ["VOLUNTEERS"] = 10 });
        Assert.Equal(ImportStatus.Accepted, warned.Status);
        var warning = Assert.Single(warned.Warnings, w => w.Code == RuleChecks.Code);
        // 志愿服务时长 is row 22 and 志愿服务参与人次 row 21 of the template, in column F.
        Assert.Equal(("月报表", "F22、F21"), (warning.Sheet, warning.Cell));
        Assert.Contains("志愿服务时长为 1,000", warning.Message);

        var refused = await UploadAsync(database, new() { ["NEW_MEMBERS"] = 12, ["MEMBERS_TOTAL"] = 8 });
        Assert.Equal(ImportStatus.Refused, refused.Status);
        var error = Assert.Single(refused.Errors);
        Assert.Equal((RuleChecks.Code, "F13、F15"), (error.Code, error.Cell));
        Assert.StartsWith("工作表“月报表”F13、F15：发展党员数不能超过党员总数", error.Describe());
    }

    [Fact]
    public async Task ARuleAddedTakesEffectAtTheNextUploadAndADisabledOneNoLonger()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        var values = new Dictionary<string, object> { ["INSPECTIONS"] = 0, ["ISSUES_FOUND"] = 5 };
        Assert.Empty((await UploadAsync(database, values)).Warnings);

        var admin = database.Get<RuleAdmin>();
        var rule = await admin.SaveAsync("admin", null,
            new RuleEdit("发现问题数", "≤", "监督检查次数 × 10", RuleSeverity.Warning, "发现问题数偏多，请核对监督检查次数"));
        Assert.Equal(("ISSUES_FOUND", "<=", "INSPECTIONS * 10"), (rule.Left, rule.Operator, rule.Right));
        var next = await UploadAsync(database, values);
        Assert.Contains(next.Warnings, w => w.Code == RuleChecks.Code && w.Message.StartsWith("发现问题数偏多", StringComparison.Ordinal));

        await admin.SetEnabledAsync("admin", rule.Id, false);
        values["ISSUES_FOUND"] = 6;
        Assert.DoesNotContain((await UploadAsync(database, values)).Warnings, w => w.Code == RuleChecks.Code);
        var audit = await database.AuditAsync();
        Assert.Equal(["新增", "修改"], audit.Where(a => a.Subject == "校验规则" && a.Actor == "admin").Select(a => a.Action));
    }

    [Fact]
    public async Task ARuleNamingAnUnknownIndicatorOrThatDoesNotParseIsRefusedWithTheReason()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        var admin = database.Get<RuleAdmin>();
        var unknown = await Assert.ThrowsAsync<InputRefusedException>(() =>
            admin.SaveAsync("admin", null, new RuleEdit("党费收缴金额", "<=", "100", RuleSeverity.Warning, "x")));
        Assert.Equal("左边“党费收缴金额”：“党费收缴金额”不是指标目录中的指标代码或名称", unknown.Message);
        var syntax = await Assert.ThrowsAsync<InputRefusedException>(() =>
            admin.SaveAsync("admin", null, new RuleEdit("VOLUNTEERS", "<=", "VOLUNTEERS * * 2", RuleSeverity.Warning, "x")));
        Assert.Contains("右边", syntax.Message);
        Assert.Equal(6, (await admin.ListAsync()).Count);
    }

    [Fact]
    public async Task ReviewFindsAContradictionBetweenTwoSeparateEntriesWithTheCellsOfBoth()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        Assert.Empty((await UploadAsync(database, new() { ["VOLUNTEER_HOURS"] = 1000 })).Warnings);
        Assert.Empty((await UploadAsync(database, new() { ["VOLUNTEERS"] = 10 })).Warnings);
        await using var db = await database.Factory.CreateDbContextAsync();
        var items = await database.Get<Core.Review.ReviewQueries>().GetAsync(database.Tree.ByCode("D1")!, Period.Month(2025, 3), database.Tree,
            await Core.Data.DashboardDatabase.LoadCatalogueAsync(db), new Core.Review.OutlierThresholds());
        var rule = Assert.Single(items, i => i.Kind == Core.Review.ReviewKinds.Rule);
        Assert.Equal(("D1-S1-U1", "VOLUNTEER_HOURS", 1000m), (rule.OrgCode, rule.IndicatorCode, rule.Value));
        // The latest entry's cell as it is, the earlier one's with its sheet.
        Assert.Equal(("月报表", "月报表!F22、F21"), (rule.Sheet, rule.Cell));
        Assert.StartsWith("提示：志愿服务时长超过参与人次×24小时", rule.Message);
        Assert.Equal("校验规则", rule.KindName);
    }
}
