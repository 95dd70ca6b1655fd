using ClosedXML.Excel;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Tests.Support;

/// <summary>Builds upload workbooks the way users do: from the real template, or by hand.</summary>
public static class TestWorkbooks
{
    /// <summary>The real template for a unit and month, with the given values typed into 本期数值.</summary>
    public static byte[] FilledTemplate(Organisation unit, Period month, IReadOnlyDictionary<string, object> values)
    {
        var template = TemplateWriter.WriteUnitTemplate(unit, month, TestCatalogue.Catalogue);
        using var wb = new XLWorkbook(new MemoryStream(template));
        Fill(wb, values);
        return TestTree.Save(wb);
    }

    public static void Fill(XLWorkbook wb, IReadOnlyDictionary<string, object> values)
    {
        var ws = wb.Worksheet(TemplateWriter.UnitSheetName);
        foreach (var row in ws.RowsUsed())
        {
            var code = row.Cell(3).GetString();
            if (!values.TryGetValue(code, out var v)) continue;
            var cell = row.Cell(TemplateWriter.ValueColumn);
            switch (v)
            {
                case string s: cell.SetValue(s); cell.DataType = XLDataType.Text; break;
                case int i: cell.SetValue(i); break;
                case double d: cell.SetValue(d); break;
                case decimal m: cell.SetValue(m); break;
            }
        }
    }

    public static ImportContext Context(DateOnly? today = null, int? scope = null, params Period[] locked) =>
        new(TestCatalogue.Catalogue, TestTree.Build(), scope, today ?? new DateOnly(2025, 12, 15), locked.ToHashSet());

    public static Organisation Unit(string code) => TestTree.Build().ByCode(code)!;
}
