using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

public class UnitReportTests
{
    private static readonly Period March = Period.Month(2025, 3);

    private static ParsedWorkbook Parse(byte[] file, ImportContext? context = null) =>
        WorkbookParser.Parse(file, "报表.xlsx", context ?? TestWorkbooks.Context());

    private static byte[] Template(string unit = "D1-S1-U1", Period? month = null, Dictionary<string, object>? values = null) =>
        TestWorkbooks.FilledTemplate(TestWorkbooks.Unit(unit), month ?? March,
            values ?? new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4, ["NEW_MEMBERS"] = 1, ["VOLUNTEER_HOURS"] = 12.5 });

    [Fact]
    public void AFilledTemplateIsReadBackWithEveryValueAndItsCell()
    {
        var result = Parse(Template());

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        var submission = Assert.Single(result.Submissions);
        Assert.Equal(("D1-S1-U1", March), (submission.Unit.Code, submission.Period));
        Assert.Equal(
            [("STUDY_SESSIONS", 4m, "F6"), ("NEW_MEMBERS", 1m, "F13"), ("VOLUNTEER_HOURS", 12.5m, "F22")],
            submission.Values.Select(v => (v.Indicator.Code, v.Value, v.Cell)));
    }

    [Fact]
    public void BlankValueCellsAreNotReportedAndAnExplicitZeroIs()
    {
        var result = Parse(Template(values: new() { ["INSPECTIONS"] = 0 }));
        var value = Assert.Single(Assert.Single(result.Submissions).Values);
        Assert.Equal(("INSPECTIONS", 0m), (value.Indicator.Code, value.Value));
    }

    [Fact]
    public void AnEmptyTemplateIsRefusedAsHavingNoValues()
    {
        var result = Parse(Template(values: []));
        Assert.Equal("NO_VALUES", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void EveryBadCellIsListedWithSheetAndCellAndNothingIsAccepted()
    {
        var result = Parse(Template(values: new()
        {
            ["STUDY_SESSIONS"] = -2, ["NEW_MEMBERS"] = "两个左右的人", ["INSPECTIONS"] = 3,
            ["VOLUNTEERS"] = "50%"
        }));

        Assert.False(result.Accepted);
        Assert.Empty(result.Submissions);
        Assert.Equal([("F6", "NEGATIVE"), ("F13", "NOT_A_NUMBER"), ("F21", "PERCENT")], result.Errors.Select(e => (e.Cell, e.Code)));
        Assert.All(result.Errors, e => Assert.StartsWith("工作表“月报表”F", e.Describe()));
    }

    [Fact]
    public void ApproximateAndChineseValuesAreAcceptedWithWarningsNamingTheirCells()
    {
        var result = Parse(Template(values: new() { ["PUBLICITY_AUDIENCE"] = "1732余人", ["STUDY_SESSIONS"] = "十二" }));

        Assert.True(result.Accepted);
        Assert.Equal([("F6", "CHINESE_NUMERAL"), ("F10", "APPROXIMATE")], result.Warnings.Select(w => (w.Cell, w.Code)));
        Assert.Equal([12m, 1732m], Assert.Single(result.Submissions).Values.Select(v => v.Value));
    }

    [Fact]
    public void AnUnknownUnitCodeIsRefusedAtItsCell()
    {
        var file = Edit(Template(), ws => ws.Cell("B2").SetValue("D9-X"));
        var error = Assert.Single(Parse(file).Errors);
        Assert.Equal(("B2", "UNKNOWN_UNIT"), (error.Cell, error.Code));
        Assert.Contains("D9-X", error.Message);
    }

    [Fact]
    public void AnOrganisationWithChildrenCannotReportDirectly()
    {
        var file = Edit(Template(), ws => ws.Cell("B2").SetValue("D1-S1"));
        Assert.Equal("NOT_REPORTING_UNIT", Assert.Single(Parse(file).Errors).Code);
    }

    [Fact]
    public void AUnitOutsideTheUploadersScopeReadsExactlyLikeACodeThatDoesNotExist()
    {
        var tree = TestTree.Build();
        var outside = TestWorkbooks.Context(scope: tree.ByCode("D2")!.Id);
        // A wrong name beside a code outside the scope: no 单位名称不符 with the real name, just "not found".
        var named = Edit(Template(), ws => ws.Cell("D2").SetValue("随便写的名称"));
        var error = Assert.Single(Parse(named, outside).Errors);
        Assert.Empty(Parse(named, outside).Warnings);
        Assert.Equal("UNKNOWN_UNIT", error.Code);
        Assert.DoesNotContain("甲街道幸福社区党委", error.Message);

        var unknown = Assert.Single(Parse(Edit(named, ws => ws.Cell("B2").SetValue("D1-S1-U404")), outside).Errors);
        Assert.Equal((error.Code, error.Sheet, error.Cell), (unknown.Code, unknown.Sheet, unknown.Cell));
        Assert.Equal(error.Message.Replace("D1-S1-U1", "D1-S1-U404"), unknown.Message);

        // An organisation with units below it, outside the scope: not "有下级组织", which would tell it exists.
        var parent = Assert.Single(Parse(Edit(named, ws => ws.Cell("B2").SetValue("D1-S1")), outside).Errors);
        Assert.Equal(error.Message.Replace("D1-S1-U1", "D1-S1"), parent.Message);
        // By name only, the same.
        var byName = Edit(Template(), ws => { ws.Cell("B2").Clear(); ws.Cell("D2").SetValue("甲街道幸福社区党委"); });
        Assert.True(Parse(byName).Accepted);
        Assert.Equal("UNKNOWN_UNIT", Assert.Single(Parse(byName, outside).Errors).Code);
    }

    [Fact]
    public void AUnitCannotReportForAMonthBeforeItOpened()
    {
        var result = Parse(Template(unit: "D1-S1-U9"));
        Assert.Equal("UNIT_NOT_OPEN", Assert.Single(result.Errors).Code);
        Assert.True(Parse(Template(unit: "D1-S1-U9", month: Period.Month(2025, 6))).Accepted);
    }

    [Theory]
    [InlineData("", "MISSING_PERIOD")]
    [InlineData("2025-Q1", "NOT_MONTHLY")]
    [InlineData("2025年度", "NOT_MONTHLY")]
    [InlineData("2026-02", "FUTURE_PERIOD")]
    [InlineData("下个月", "BAD_PERIOD")]
    public void AMissingWrongOrFuturePeriodIsRefusedAtThePeriodCell(string period, string code)
    {
        var file = Edit(Template(), ws => { if (period.Length == 0) ws.Cell("B3").Clear(); else ws.Cell("B3").SetValue(period); });
        var error = Assert.Single(Parse(file).Errors);
        Assert.Equal(code, error.Code);
        if (period.Length > 0) Assert.Equal("B3", error.Cell);
    }

    [Fact]
    public void AMonthNotYetOverIsRefusedUntilItEndsOrUntilTheConfiguredDaysBeforeItsEnd()
    {
        // "Today" in these tests is 2025-12-15.
        var december = Period.Month(2025, 12);
        var error = Assert.Single(Parse(Template(month: december)).Errors);
        Assert.Equal(("PERIOD_NOT_ENDED", "B3"), (error.Code, error.Cell));
        Assert.Contains("统计期 2025年12月 尚未结束，1月1日起才能报送", error.Message);

        var context = TestWorkbooks.Context() with { ReportFromDaysBeforeEnd = 17 };
        Assert.True(Parse(Template(month: december), context).Accepted);
        var shorter = TestWorkbooks.Context() with { ReportFromDaysBeforeEnd = 16 };
        Assert.Contains("12月16日起", Assert.Single(Parse(Template(month: december), shorter).Errors).Message);
        // November has ended: reported as always.
        Assert.True(Parse(Template(month: Period.Month(2025, 11))).Accepted);
    }

    [Fact]
    public void ALockedPeriodIsRefusedWithAMessageNamingIt()
    {
        var error = Assert.Single(Parse(Template(), TestWorkbooks.Context(locked: March)).Errors);
        Assert.Equal("LOCKED_PERIOD", error.Code);
        Assert.Contains("2025年3月", error.Message);
    }

    [Fact]
    public void APeriodWrittenAsADateCellNamesItsMonth()
    {
        var file = Edit(Template(), ws => ws.Cell("B3").SetValue(new DateTime(2025, 3, 31)));
        Assert.Equal(March, Assert.Single(Parse(file).Submissions).Period);
    }

    [Fact]
    public void AHandMadeSheetWithLabelsAndAliasesIsRecognisedOnAnyVisibleSheet()
    {
        using var wb = new XLWorkbook();
        var hidden = wb.AddWorksheet("旧数据");
        hidden.Cell("A1").SetValue("单位代码");
        hidden.Cell("B1").SetValue("D2-U3");
        hidden.Visibility = XLWorksheetVisibility.Hidden;
        wb.AddWorksheet("说明").Cell("A1").SetValue("单位名称：这里的内容不应被读取");
        var ws = wb.AddWorksheet("三月");
        ws.Cell("B2").SetValue("二区机关党支部党建月报");
        ws.Range("A3:B3").Merge().SetValue("单位名称:");
        ws.Cell("D3").SetValue("二区机关党支部");
        ws.Cell("A4").SetValue("统计期：2025年3月");
        ws.Cell("A6").SetValue("指标");
        ws.Cell("B6").SetValue("本月数");
        ws.Cell("A7").SetValue("一、学习教育");
        ws.Cell("A8").SetValue("集中学习研讨");
        ws.Cell("B8").SetValue(3);
        ws.Cell("A9").SetValue("新发展党员");
        ws.Cell("B9").SetValue("１");
        ws.Cell("A10").SetValue("志愿者人次");
        ws.Cell("B10").FormulaA1 = "=B8*10";
        ws.Cell("A12").SetValue("填表人：李四");
        var file = XlsxSurgery.WithCachedFormulaResult(TestTree.Save(wb), 3, "B10", "30");
        var result = Parse(file);

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        var s = Assert.Single(result.Submissions);
        Assert.Equal(("D2-U3", "三月"), (s.Unit.Code, s.Sheet));
        Assert.Equal([("STUDY_SESSIONS", 3m, "B8"), ("NEW_MEMBERS", 1m, "B9"), ("VOLUNTEERS", 30m, "B10")],
            s.Values.Select(v => (v.Indicator.Code, v.Value, v.Cell)));
    }

    [Fact]
    public void AFormulaWithoutACachedResultIsAnError()
    {
        var file = Edit(Template(values: new() { ["STUDY_SESSIONS"] = 1 }), ws => ws.Cell("F7").FormulaA1 = "=F6*2");
        var result = Parse(file);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("F7", "FORMULA_NOT_CALCULATED"), (error.Cell, error.Code));
        Assert.Contains("公式未计算，请在 Excel 中重新计算并保存", error.Message);
    }

    [Fact]
    public void AWorkbookWithAPictureStampImportsNormallyAndKeepsItsOriginal()
    {
        var withStamp = XlsxSurgery.WithPicture(Template(), 1);
        Assert.Contains(new System.IO.Compression.ZipArchive(new MemoryStream(withStamp)).Entries, e => e.FullName == "xl/media/image1.png");

        var result = Parse(withStamp);

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal(3, Assert.Single(result.Submissions).Values.Count);
    }

    private static byte[] Edit(byte[] file, Action<IXLWorksheet> change)
    {
        using var wb = new XLWorkbook(new MemoryStream(file));
        change(wb.Worksheet(TemplateWriter.UnitSheetName));
        return TestTree.Save(wb);
    }
}
