using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

public class SummaryTableTests
{
    /// <summary>A street's summary sheet as people build it: title, 统计期 label, two header rows with merged categories, 合计.</summary>
    private static XLWorkbook Summary(params (string Code, string Name, object? Study, object? NewMembers)[] rows)
    {
        var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("汇总");
        ws.Range("A1:E1").Merge().SetValue("甲街道2025年3月党建指标汇总表");
        ws.Cell("A2").SetValue("统计期");
        ws.Cell("B2").SetValue("2025年3月");
        ws.Range("A3:A4").Merge().SetValue("单位代码");
        ws.Range("B3:B4").Merge().SetValue("单位名称");
        ws.Cell("C3").SetValue("学习教育");
        ws.Cell("C4").SetValue("集中学习研讨次数（次）");
        ws.Cell("D3").SetValue("组织建设");
        ws.Cell("D4").SetValue("发展党员数（人）");
        var r = 5;
        foreach (var (code, name, study, members) in rows)
        {
            ws.Cell(r, 1).SetValue(code);
            ws.Cell(r, 2).SetValue(name);
            Set(ws.Cell(r, 3), study);
            Set(ws.Cell(r, 4), members);
            r++;
        }
        return wb;
    }

    private static void Set(IXLCell cell, object? value)
    {
        if (value is int i) cell.SetValue(i);
        else if (value is string s) cell.SetValue(s);
    }

    private static ParsedWorkbook Parse(XLWorkbook wb)
    {
        using (wb) return WorkbookParser.Parse(TestTree.Save(wb), "汇总.xlsx", TestWorkbooks.Context());
    }

    [Fact]
    public void ATwoRowHeaderSummaryGivesOneSubmissionPerUnit()
    {
        var result = Parse(Summary(("D1-S1-U1", "甲街道幸福社区党委", 3, 1), ("D1-S1-U2", "甲街道光明村党支部", 5, null)));

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal(
            [("D1-S1-U1", "STUDY_SESSIONS", 3m, "C5"), ("D1-S1-U1", "NEW_MEMBERS", 1m, "D5"), ("D1-S1-U2", "STUDY_SESSIONS", 5m, "C6")],
            result.Submissions.SelectMany(s => s.Values.Select(v => (s.Unit.Code, v.Indicator.Code, v.Value, v.Cell))));
        Assert.All(result.Submissions, s => Assert.Equal(Period.Month(2025, 3), s.Period));
    }

    [Fact]
    public void ATotalRowIsCheckedNotImportedAndAMismatchIsAWarning()
    {
        var wb = Summary(("D1-S1-U1", "甲街道幸福社区党委", 3, 1), ("D1-S1-U2", "甲街道光明村党支部", 5, 0));
        var ws = wb.Worksheet("汇总");
        ws.Cell("B7").SetValue("合计");
        ws.Cell("C7").SetValue(9);
        ws.Cell("D7").SetValue(1);

        var result = Parse(wb);

        Assert.True(result.Accepted);
        Assert.Equal(2, result.Submissions.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("C7", "TOTAL_MISMATCH"), (warning.Cell, warning.Code));
        Assert.Contains("8", warning.Message);
    }

    [Fact]
    public void UnitsCanBeNamedWithoutCodes()
    {
        var result = Parse(Summary(("", "二区机关党支部", 2, 0)));
        Assert.Equal("D2-U3", Assert.Single(result.Submissions).Unit.Code);
    }

    [Fact]
    public void TheSameUnitTwiceWithDifferentValuesRefusesTheFile()
    {
        var result = Parse(Summary(("D1-S1-U1", "甲街道幸福社区党委", 3, 1), ("D1-S1-U1", "甲街道幸福社区党委", 4, 1)));
        var error = Assert.Single(result.Errors);
        Assert.Equal(("C6", "DUPLICATE_UNIT"), (error.Cell, error.Code));
        Assert.Empty(result.Submissions);
    }

    [Fact]
    public void EveryUnknownUnitAndBadValueIsListed()
    {
        var result = Parse(Summary(("D1-S1-U1", "甲街道幸福社区党委", "三次左右吧", 1), ("X-1", "不存在党支部", 2, 1), ("", "也不存在", 1, -1)));
        Assert.Equal([("C5", "NOT_A_NUMBER"), ("A6", "UNKNOWN_UNIT"), ("B7", "UNKNOWN_UNIT"), ("D7", "NEGATIVE")],
            result.Errors.Select(e => (e.Cell, e.Code)).OrderBy(e => e.Item1[1..]).ThenBy(e => e.Item1));
    }

    [Fact]
    public void APeriodColumnGivesEachRowItsOwnMonth()
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("Sheet1");
        string[] header = ["统计期", "单位代码", "STUDY_SESSIONS", "志愿者人次"];
        for (var c = 0; c < header.Length; c++) ws.Cell(1, c + 1).SetValue(header[c]);
        ws.Cell("A2").SetValue("2025-01"); ws.Cell("B2").SetValue("D2-U3"); ws.Cell("C2").SetValue(1); ws.Cell("D2").SetValue(10);
        ws.Cell("A3").SetValue("2025-02"); ws.Cell("B3").SetValue("D2-U3"); ws.Cell("C3").SetValue(2); ws.Cell("D3").SetValue(20);
        var result = WorkbookParser.Parse(TestTree.Save(wb), "x.xlsx", TestWorkbooks.Context());
        Assert.Equal(["2025-01", "2025-02"], result.Submissions.Select(s => s.Period.ToString()));
    }

    [Fact]
    public void ASheetWithNoRecognisableTableIsRefusedSayingWhatWasExpected()
    {
        using var wb = new XLWorkbook();
        wb.AddWorksheet("Sheet1").Cell("A1").SetValue("会议纪要");
        var error = Assert.Single(WorkbookParser.Parse(TestTree.Save(wb), "x.xlsx", TestWorkbooks.Context()).Errors);
        Assert.Equal("NO_TABLE", error.Code);
        Assert.Contains("单位代码", error.Message);
    }
}
