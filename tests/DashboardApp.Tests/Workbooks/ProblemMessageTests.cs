using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>
/// Every case of docs/product.md, “Workbooks”, that lies in a cell ends in a message the uploader reads as
/// "工作表“月报表”F6：…": the sheet and the cell to fix, then what is wrong, in Chinese. One row per
/// case; the whole-file refusals (.xls, CSV, Word, images, corrupt, password, size, zip bomb, no
/// table) have no cell and are covered by <see cref="WorkbookGuardTests"/> and <see cref="DamagedWorkbookTests"/>.
/// </summary>
public class ProblemMessageTests
{
    private const string Sheet = TemplateWriter.UnitSheetName;
    private static readonly int StudyRow = TemplateWriter.FirstValueRow; // STUDY_SESSIONS, an integer indicator
    private const int HoursRow = 22; // VOLUNTEER_HOURS, one decimal allowed

    public sealed record Case(string Name, Func<byte[]> File, string Code, string Cell, string MessagePart, bool Warning = false,
        ImportContext? Context = null)
    {
        public override string ToString() => Name;
    }

    private static byte[] Template(string unit = "D1-S1-U1", Period? month = null, Action<IXLWorksheet>? change = null)
    {
        using var wb = new XLWorkbook(new MemoryStream(TemplateWriter.WriteUnitTemplate(TestWorkbooks.Unit(unit), month ?? Period.Month(2025, 3),
            TestCatalogue.Catalogue)));
        var ws = wb.Worksheet(Sheet);
        ws.Cell(HoursRow + 1, TemplateWriter.ValueColumn).SetValue(2); // one good value, so only the case under test is wrong
        change?.Invoke(ws);
        return TestTree.Save(wb);
    }

    private static byte[] Value(int row, object value) => Template(change: ws =>
    {
        var cell = ws.Cell(row, TemplateWriter.ValueColumn);
        switch (value)
        {
            case string s: cell.SetValue(s); cell.DataType = XLDataType.Text; break;
            case DateTime d: cell.SetValue(d); break;
            default: cell.SetValue(Convert.ToDouble(value)); break;
        }
    });

    private static byte[] Formula(string? cached, string? type) =>
        cached is null
            ? Template(change: ws => ws.Cell(StudyRow, TemplateWriter.ValueColumn).FormulaA1 = "1/0")
            : XlsxSurgery.WithCachedFormulaResult(Template(change: ws => ws.Cell(StudyRow, TemplateWriter.ValueColumn).FormulaA1 = "1/0"), 1,
                $"F{StudyRow}", cached, type);

    private static byte[] PeriodText(string text) => Template(change: ws => TemplateWriter.Text(ws.Cell(3, 2), text));

    private static byte[] Summary(params (string Code, object Study)[] rows)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("汇总");
        ws.Cell("A1").SetValue("统计期：2025年3月");
        ws.Cell("A2").SetValue("单位代码");
        ws.Cell("B2").SetValue("集中学习研讨次数");
        for (var i = 0; i < rows.Length; i++)
        {
            TemplateWriter.Text(ws.Cell(3 + i, 1), rows[i].Code);
            ws.Cell(3 + i, 2).SetValue(Convert.ToDouble(rows[i].Study));
        }
        return TestTree.Save(wb);
    }

    private static readonly string F = $"F{StudyRow}";

    public static TheoryData<Case> Cases => new()
    {
        // §5.3 cell values
        new("negative number", () => Value(StudyRow, -2), "NEGATIVE", F, "不能为负数"),
        new("fraction for an integer indicator", () => Value(StudyRow, 3.5), "FRACTION", F, "整数"),
        new("fraction typed as text", () => Value(StudyRow, "3.5次"), "FRACTION", F, "整数"),
        new("too many decimals", () => Value(HoursRow, 12.55), "TOO_MANY_DECIMALS", $"F{HoursRow}", "小数"),
        new("percentage", () => Value(StudyRow, "50%"), "PERCENT", F, "百分比"),
        new("date in a value cell", () => Value(StudyRow, new DateTime(2025, 3, 8)), "DATE_IN_VALUE", F, "日期"),
        new("free text", () => Value(StudyRow, "见附件"), "NOT_A_NUMBER", F, "见附件"),
        new("formula never calculated", () => Formula(null, null), "FORMULA_NOT_CALCULATED", F, "公式未计算，请在 Excel 中重新计算并保存"),
        new("formula with an error result", () => Formula("#DIV/0!", "e"), "FORMULA_ERROR", F, "#DIV/0!"),
        new("approximation", () => Value(StudyRow, "约30"), "APPROXIMATE", F, "30", Warning: true),
        new("approximation with 余", () => Value(StudyRow, "12余次"), "APPROXIMATE", F, "12", Warning: true),
        new("Chinese numeral", () => Value(StudyRow, "十二"), "CHINESE_NUMERAL", F, "12", Warning: true),
        new("above the indicator's ceiling", () => Value(StudyRow, 999), "ABOVE_CEILING", F, "999", Warning: true),
        // §5.4 units
        new("unknown unit code", () => Template(change: ws => TemplateWriter.Text(ws.Cell(2, 2), "D9-X-404")), "UNKNOWN_UNIT", "B2", "D9-X-404"),
        new("unit outside the uploader's scope", () => Template(), "UNKNOWN_UNIT", "B2", "不存在或不在您的报送范围内",
            Context: TestWorkbooks.Context(scope: TestTree.Build().ByCode("D2")!.Id)),
        new("organisation with units below it", () => Template(unit: "D1-S1"), "NOT_REPORTING_UNIT", "B2", "有下级组织"),
        new("unit not yet opened", () => Template(unit: "D1-S1-U9"), "UNIT_NOT_OPEN", "B2", "尚未成立"),
        new("the same unit twice with different values", () => Summary(("D1-S1-U1", 3), ("D1-S1-U1", 4)), "DUPLICATE_UNIT", "B4", "出现两次且数值不同"),
        // §5.4 periods
        new("missing period", () => Template(change: ws => ws.Cell(3, 2).Clear()), "MISSING_PERIOD", "A3", "未填写统计期"),
        new("unreadable period", () => PeriodText("上个月"), "BAD_PERIOD", "B3", "上个月"),
        new("ambiguous period", () => Template(change: ws => ws.Cell(3, 2).SetValue(2025.1)), "AMBIGUOUS_PERIOD", "B3", "2025-10"),
        new("quarter instead of month", () => PeriodText("2025年第一季度"), "NOT_MONTHLY", "B3", "季度"),
        new("future period", () => Template(month: Period.Month(2026, 1)), "FUTURE_PERIOD", "B3", "尚未开始"),
        new("month not yet over", () => Template(month: Period.Month(2025, 12)), "PERIOD_NOT_ENDED", "B3", "尚未结束"),
        new("locked period", () => Template(), "LOCKED_PERIOD", "B3", "已锁定", Context: TestWorkbooks.Context(locked: Period.Month(2025, 3))),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheMessageNamesTheSheetAndCellInChinese(Case c)
    {
        var result = WorkbookParser.Parse(c.File(), "报表.xlsx", c.Context ?? TestWorkbooks.Context());

        var problems = c.Warning ? result.Warnings : result.Errors;
        var problem = Assert.Single(problems, p => p.Code == c.Code);
        var sheet = c.Code == "DUPLICATE_UNIT" ? "汇总" : Sheet;
        Assert.Equal((sheet, c.Cell), (problem.Sheet, problem.Cell));
        Assert.StartsWith($"工作表“{sheet}”{c.Cell}：", problem.Describe());
        Assert.Contains(c.MessagePart, problem.Message);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.Message);
        Assert.Equal(c.Warning, result.Accepted);
        // An indicator is named once, not "“专题党课次数”：“专题党课次数”应为整数".
        foreach (var name in TestCatalogue.Catalogue.All.Select(i => $"“{i.Name}”"))
            Assert.True(problem.Message.Split(name).Length <= 2, problem.Message);
    }
}

public class ProblemOnFieldTests
{
    [Theory]
    [InlineData("集中学习研讨次数", "“集中学习研讨次数”：无法识别为数字", "“集中学习研讨次数”：无法识别为数字")]
    [InlineData("集中学习研讨次数", "无法识别为数字", "“集中学习研讨次数”：无法识别为数字")]
    [InlineData("", "统计期应为 2025-03", "统计期应为 2025-03")]
    public void AFormsProblemNamesItsFieldOnce(string field, string message, string expected) =>
        Assert.Equal(expected, new Core.Workbooks.ImportProblem(Core.Submissions.Provenance.Form, field, "X", message).OnField());

    [Theory]
    [InlineData("", "", "Whole", "问题")]
    [InlineData("月报表", "", "OfSheet", "工作表“月报表”：问题")]
    [InlineData("月报表", "F7", "AtCell", "工作表“月报表”F7：问题")]
    [InlineData("在线填报", "志愿服务时长、志愿服务参与人次", "Fields", "在线填报“志愿服务时长、志愿服务参与人次”：问题")]
    [InlineData("接口报送", "集中学习研讨次数", "Fields", "接口报送“集中学习研讨次数”：问题")]
    public void WhereAProblemIsIsATypeAndReadsAsItAlwaysHas(string sheet, string cell, string place, string described)
    {
        var problem = new Core.Workbooks.ImportProblem(sheet, cell, "X", "问题");
        Assert.Equal((place, described), (problem.Place.GetType().Name, problem.Describe()));
        Assert.Equal(place == "Fields" && cell.Contains("志愿服务时长"), problem.IsAboutField("志愿服务时长"));
        // The JSON contract keeps its two strings.
        Assert.DoesNotContain("Place", System.Text.Json.JsonSerializer.Serialize(problem));
    }
}
