using ClosedXML.Excel;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Benchmarks;

/// <summary>Upload workbooks as units fill them: the real templates with plausible values typed in.</summary>
internal static class Workbooks
{
    /// <summary>
    /// The unit's month as a unit would fill it: <see cref="PlausibleMonth"/> in the real template, with any value in
    /// <paramref name="replace"/> (by indicator code) typed instead.
    /// </summary>
    public static byte[] FilledUnitTemplate(Organisation unit, Period month, IndicatorCatalogue catalogue, int seed,
        IReadOnlyDictionary<string, double>? replace = null)
    {
        var values = PlausibleMonth(catalogue, seed);
        using var wb = new XLWorkbook(new MemoryStream(TemplateWriter.WriteUnitTemplate(unit, month, catalogue)));
        var ws = wb.Worksheet(TemplateWriter.UnitSheetName);
        for (var i = 0; i < catalogue.All.Count; i++)
            ws.Cell(TemplateWriter.FirstValueRow + i, TemplateWriter.ValueColumn)
                .SetValue(replace?.GetValueOrDefault(catalogue.All[i].Code) ?? values[i]);
        return Save(wb);
    }

    /// <summary>The same kind of month as <see cref="FilledUnitTemplate"/>, as the 在线填报 form sends it.</summary>
    public static Core.Submissions.FormEntry FilledForm(Organisation unit, Period month, IndicatorCatalogue catalogue, int seed) =>
        new(unit.Code, month.ToString(), [.. catalogue.All.Zip(PlausibleMonth(catalogue, seed),
            (i, v) => new Core.Submissions.EntryField(i.Code, v.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);

    /// <summary>A month's plausible value of every indicator, in catalogue order; the same for the same seed.</summary>
    public static List<double> PlausibleMonth(IndicatorCatalogue catalogue, int seed)
    {
        var random = new Random(seed);
        return [.. catalogue.All.Select(i => Plausible(i, random))];
    }

    /// <summary>A 汇总表 of the given units; with several months, one block of rows per month and a 统计期 column.</summary>
    public static byte[] FilledSummary(Organisation org, IReadOnlyList<Organisation> units, IReadOnlyList<Period> months,
        IndicatorCatalogue catalogue, int seed)
    {
        var random = new Random(seed);
        using var wb = new XLWorkbook(new MemoryStream(TemplateWriter.WriteSummaryTemplate(org, units, months[0], catalogue)));
        var ws = wb.Worksheet(TemplateWriter.SummarySheetName);
        var firstRow = TemplateWriter.SummaryHeaderRow + 2;
        var indicators = Enumerable.Range(TemplateWriter.SummaryFirstValueColumn, catalogue.All.Count)
            .Select(c => catalogue.Find(ws.Cell(firstRow - 1, c).GetString())!).ToList();
        if (months.Count > 1)
        {
            // A long history in one sheet: the 统计期 label above gives way to a 统计期 column.
            ws.Cell(2, 1).Clear();
            ws.Cell(2, 2).Clear();
            ws.Unprotect();
            ws.Row(firstRow + units.Count).Clear(); // the 合计 row
            ws.Range(firstRow - 2, 1, firstRow - 1, 1).Unmerge();
            ws.Cell(firstRow - 2, 1).SetValue("统计期");
        }
        var row = firstRow;
        foreach (var month in months)
            foreach (var unit in units)
            {
                if (months.Count > 1)
                {
                    TemplateWriter.Text(ws.Cell(row, 1), month.ToString());
                    TemplateWriter.Text(ws.Cell(row, 2), unit.Code);
                    TemplateWriter.Text(ws.Cell(row, 3), unit.Name);
                }
                for (var i = 0; i < indicators.Count; i++)
                    ws.Cell(row, TemplateWriter.SummaryFirstValueColumn + i).SetValue(Plausible(indicators[i], random));
                row++;
            }
        return Save(wb);
    }

    public static double Plausible(Indicator indicator, Random random) => indicator.Code switch
    {
        "MEMBERS_TOTAL" => random.Next(8, 400),
        "PUBLICITY_AUDIENCE" => random.Next(0, 800),
        "VOLUNTEER_HOURS" => Math.Round(random.NextDouble() * 200, 1),
        _ => random.Next(0, 6),
    };

    private static byte[] Save(XLWorkbook wb)
    {
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
