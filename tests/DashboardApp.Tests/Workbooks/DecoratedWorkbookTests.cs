using System.IO.Compression;
using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>
/// docs/product.md, “Workbooks”: pictures, comments, charts, merged cells, styles, frozen panes and data validation
/// are normal in the workbooks units send, and must import with exactly the values of a plain
/// workbook. ClosedXML 0.95.4 reaches System.Drawing (absent on Linux) for some of these; any such
/// call would end the file as CORRUPT_FILE, so "accepted with the same values" also proves it was never made.
/// </summary>
public class DecoratedWorkbookTests
{
    private static readonly Period March = Period.Month(2025, 3);

    private static byte[] Filled() => TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U1"), March,
        new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4, ["NEW_MEMBERS"] = 1, ["VOLUNTEER_HOURS"] = 12.5 });

    private static readonly (string, decimal, string)[] PlainValues =
        [("STUDY_SESSIONS", 4m, "F6"), ("NEW_MEMBERS", 1m, "F13"), ("VOLUNTEER_HOURS", 12.5m, "F22")];

    public static TheoryData<string> Decorations => ["picture", "comment", "chart", "extension-list validation", "Excel frozen panes",
        "background picture", "all of them"];

    private static byte[] Decorate(string decoration, byte[] file) => decoration switch
    {
        "picture" => XlsxSurgery.WithPicture(file, 1),
        "comment" => XlsxSurgery.WithComment(file, 1, "F6", "张三", "含线上学习 1 次"),
        "chart" => XlsxSurgery.WithChart(file, 1, TemplateWriter.UnitSheetName, "$F$6:$F$22"),
        "extension-list validation" => XlsxSurgery.WithExtensionListValidation(file, 1, "G6:G22"),
        "Excel frozen panes" => XlsxSurgery.WithExcelFrozenPanes(file, 1),
        "background picture" => XlsxSurgery.WithBackgroundPicture(file, 1),
        _ => XlsxSurgery.WithExcelFrozenPanes(XlsxSurgery.WithExtensionListValidation(
            XlsxSurgery.WithComment(XlsxSurgery.WithPicture(file, 1), 1, "F6", "张三", "含线上学习 1 次"), 1, "G6:G22"), 1),
    };

    [Theory]
    [MemberData(nameof(Decorations))]
    public void ADecoratedTemplateImportsWithTheValuesOfAPlainOne(string decoration)
    {
        var file = Decorate(decoration, Filled());
        Assert.NotEqual(Filled().Length, file.Length);

        var result = WorkbookParser.Parse(file, "报表.xlsx", TestWorkbooks.Context());

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal(PlainValues, Assert.Single(result.Submissions).Values.Select(v => (v.Indicator.Code, v.Value, v.Cell)));
    }

    [Fact]
    public void TheDecorationsAreReallyInTheFile()
    {
        using var zip = new ZipArchive(new MemoryStream(Decorate("all of them", Filled())));
        Assert.Contains(zip.Entries, e => e.FullName == "xl/comments1.xml");
        Assert.Contains(zip.Entries, e => e.FullName == "xl/media/image1.png");
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = reader.ReadToEnd();
        Assert.Contains("legacyDrawing r:id=\"rIdVml\"", sheet);
        Assert.Contains("drawing r:id=\"rIdStamp\"", sheet);
        Assert.Contains("x14:dataValidation ", sheet);
        Assert.Contains("state=\"frozen\"", sheet);
        Assert.Contains("dataValidations count", sheet);
    }

    /// <summary>A 汇总表 built by hand with styles, merged title and category cells, frozen panes, conditional formatting, a comment and a
    /// chart.</summary>
    [Fact]
    public void AHandMadeStyledSummaryWithACommentAndAChartImports()
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("三月汇总");
        ws.Range("A1:F1").Merge().SetValue("甲街道党建工作情况统计表").Style.Font.SetBold().Font.SetFontSize(18)
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Fill.SetBackgroundColor(XLColor.LightPink);
        ws.Cell("A2").SetValue("统计期：2025年3月").Style.Font.SetItalic();
        ws.Range("A3:A4").Merge().SetValue("序号");
        ws.Range("B3:B4").Merge().SetValue("党组织名称");
        ws.Range("C3:D3").Merge().SetValue("学习教育");
        ws.Cell("C4").SetValue("集中学习研讨（次）");
        ws.Cell("D4").SetValue("专题党课（次）");
        ws.Range("E3:F3").Merge().SetValue("组织建设");
        ws.Cell("E4").SetValue("发展党员（人）");
        ws.Cell("F4").SetValue("党员总数");
        object[][] rows = [[1, "甲街道幸福社区党委", 3, 1, 0, 58], [2, "甲街道光明村党支部", "２", "—", 1, 23]];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                ws.Cell(5 + r, 1 + c).SetValue(rows[r][c] switch { int i => (object)i, var o => o.ToString()! });
        ws.Cell("B7").SetValue("合计");
        ws.Cell("C7").FormulaA1 = "SUM(C5:C6)";
        ws.Range("A3:F7").Style.Border.SetInsideBorder(XLBorderStyleValues.Thin).Border.SetOutsideBorder(XLBorderStyleValues.Medium)
            .Font.SetFontName("仿宋_GB2312");
        ws.Range("C5:F6").AddConditionalFormat().WhenGreaterThan(50).Fill.SetBackgroundColor(XLColor.Yellow);
        ws.Range("C5:F6").SetDataValidation().WholeNumber.EqualOrGreaterThan(0);
        ws.SheetView.Freeze(4, 2);
        ws.Column(2).Width = 28;
        var file = XlsxSurgery.WithChart(XlsxSurgery.WithComment(TestTree.Save(wb), 1, "C5", "李四", "其中线上 1 次"), 1, "三月汇总", "$C$5:$C$6");

        var result = WorkbookParser.Parse(file, "甲街道3月.xlsx", TestWorkbooks.Context());

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal(
            [("D1-S1-U1", "STUDY_SESSIONS", 3m), ("D1-S1-U1", "PARTY_LECTURES", 1m), ("D1-S1-U1", "NEW_MEMBERS", 0m),
                ("D1-S1-U1", "MEMBERS_TOTAL", 58m),
             ("D1-S1-U2", "STUDY_SESSIONS", 2m), ("D1-S1-U2", "NEW_MEMBERS", 1m), ("D1-S1-U2", "MEMBERS_TOTAL", 23m)],
            result.Submissions.SelectMany(s => s.Values.Select(v => (s.Unit.Code, v.Indicator.Code, v.Value))));
        Assert.All(result.Submissions, s => Assert.Equal(March, s.Period));
    }
}
