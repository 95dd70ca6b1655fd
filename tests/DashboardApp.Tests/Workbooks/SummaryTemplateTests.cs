using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>The 汇总表 template of docs/product.md, “Workbooks”: what it contains, and that filled in it comes back through the importer.</summary>
public class SummaryTemplateTests
{
    private static readonly Period March = Period.Month(2025, 3);

    private static byte[] Template(string orgCode, Period month)
    {
        var tree = TestTree.Build();
        return TemplateWriter.For(tree.ByCode(orgCode)!, tree, month, TestCatalogue.Catalogue).Content;
    }

    /// <summary>Types values into the template's rows the way a street clerk does: found by unit code and column heading.</summary>
    private static byte[] Fill(byte[] template, params (string Unit, string Indicator, object Value)[] values)
    {
        using var wb = new XLWorkbook(new MemoryStream(template));
        var ws = wb.Worksheet(TemplateWriter.SummarySheetName);
        var headerRow = TemplateWriter.SummaryHeaderRow + 1;
        foreach (var (unit, indicator, value) in values)
        {
            var row = ws.Column(2).CellsUsed().Single(c => c.GetString() == unit).Address.RowNumber;
            var col = ws.Row(headerRow).CellsUsed()
                .Single(c => TestCatalogue.Catalogue.Find(c.GetString())?.Code == indicator).Address.ColumnNumber;
            var cell = ws.Cell(row, col);
            if (value is string s) { cell.SetValue(s); cell.DataType = XLDataType.Text; }
            else cell.SetValue(Convert.ToDouble(value));
        }
        return TestTree.Save(wb);
    }

    private static ParsedWorkbook Parse(byte[] file) => WorkbookParser.Parse(file, "汇总表.xlsx", TestWorkbooks.Context());

    [Fact]
    public void ItListsTheUnitsOpenDuringTheMonthUnderTheStreet()
    {
        using var wb = new XLWorkbook(new MemoryStream(Template("D1-S1", March)));
        var ws = wb.Worksheet(TemplateWriter.SummarySheetName);
        var codes = UnitCodes(ws).ToList();
        // U9 opens in June 2025, so it is not asked for March.
        Assert.Equal(["D1-S1-U1", "D1-S1-U2"], codes);

        using var june = new XLWorkbook(new MemoryStream(Template("D1", Period.Month(2025, 6))));
        Assert.Contains("D1-S1-U9", UnitCodes(june.Worksheet(TemplateWriter.SummarySheetName)));
    }

    private static IEnumerable<string> UnitCodes(IXLWorksheet ws) =>
        ws.Column(2).CellsUsed().Where(c => c.Address.RowNumber > TemplateWriter.SummaryHeaderRow + 1).Select(c => c.GetString());

    [Fact]
    public void HeadersAreLockedValueCellsValidatedWithInstructionsAndHiddenMetadata()
    {
        using var wb = new XLWorkbook(new MemoryStream(Template("D1-S1", March)));
        var ws = wb.Worksheet(TemplateWriter.SummarySheetName);
        Assert.True(ws.IsProtected);
        var headerRow = TemplateWriter.SummaryHeaderRow + 1;
        Assert.True(ws.Cell(headerRow, TemplateWriter.SummaryFirstValueColumn).Style.Protection.Locked);
        Assert.Equal("集中学习研讨次数（次）", ws.Cell(headerRow, TemplateWriter.SummaryFirstValueColumn).GetString());
        Assert.Equal("学习教育", ws.Cell(TemplateWriter.SummaryHeaderRow, TemplateWriter.SummaryFirstValueColumn).GetString());

        var value = ws.Cell(headerRow + 1, TemplateWriter.SummaryFirstValueColumn);
        Assert.False(value.Style.Protection.Locked);
        Assert.True(value.HasDataValidation);
        Assert.Equal(XLAllowedValues.WholeNumber, value.DataValidation.AllowedValues);
        var hours = ws.Row(headerRow).CellsUsed().Single(c => c.GetString().StartsWith("志愿服务时长", StringComparison.Ordinal));
        Assert.Equal(XLAllowedValues.Decimal, ws.Cell(headerRow + 1, hours.Address.ColumnNumber).DataValidation.AllowedValues);

        Assert.Equal("合计", ws.Cell(headerRow + 3, 1).GetString());
        Assert.Contains("2 个基层党组织", wb.Worksheet("说明").Cell(2, 1).GetString());
        var meta = wb.Worksheet(TemplateWriter.MetaSheetName);
        Assert.Equal(XLWorksheetVisibility.VeryHidden, meta.Visibility);
        Assert.Equal(["summary", "D1-S1", "2025-03"], new[] { 3, 4, 5 }.Select(r => meta.Cell(r, 2).GetString()));
    }

    [Fact]
    public void AFilledTemplateRoundTripsWithTheCellsItCameFrom()
    {
        var file = Fill(Template("D1-S1", March),
            ("D1-S1-U1", "STUDY_SESSIONS", 4), ("D1-S1-U1", "VOLUNTEER_HOURS", 12.5), ("D1-S1-U2", "NEW_MEMBERS", "2人"));

        var result = Parse(file);

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        // The 合计 row holds formulas no program has calculated yet: it is neither data nor an error.
        Assert.DoesNotContain(result.Warnings, w => w.Code == "TOTAL_MISMATCH");
        Assert.Equal(
            [("D1-S1-U1", "STUDY_SESSIONS", 4m), ("D1-S1-U1", "VOLUNTEER_HOURS", 12.5m), ("D1-S1-U2", "NEW_MEMBERS", 2m)],
            result.Submissions.SelectMany(s => s.Values.Select(v => (s.Unit.Code, v.Indicator.Code, v.Value))));
        Assert.Equal("D6", result.Submissions[0].Values[0].Cell);
        Assert.All(result.Submissions, s => Assert.Equal(March, s.Period));
    }

    [Fact]
    public void ATotalThatExcelCalculatedDifferentlyIsAWarningNamingItsCell()
    {
        var filled = Fill(Template("D1-S1", March), ("D1-S1-U1", "STUDY_SESSIONS", 4), ("D1-S1-U2", "STUDY_SESSIONS", 1));
        // As if the clerk overwrote a row after Excel last calculated the 合计 row (D8).
        var file = XlsxSurgery.WithCachedFormulaResult(filled, 1, "D8", "6");

        var result = Parse(file);

        Assert.True(result.Accepted);
        var warning = Assert.Single(result.Warnings, w => w.Code == "TOTAL_MISMATCH");
        Assert.Equal("工作表“汇总表”D8：合计行“集中学习研讨次数”为 6，但上方各单位之和为 5；合计行不导入，请核对", warning.Describe());
    }

    [Fact]
    public void AReportingUnitGetsTheUnitTemplate()
    {
        var tree = TestTree.Build();
        var (content, name) = TemplateWriter.For(tree.ByCode("D2-U3")!, tree, March, TestCatalogue.Catalogue);
        using var wb = new XLWorkbook(new MemoryStream(content));
        Assert.Equal("D2-U3_2025-03_月报表.xlsx", name);
        Assert.True(wb.Worksheets.Contains(TemplateWriter.UnitSheetName));
    }
}
