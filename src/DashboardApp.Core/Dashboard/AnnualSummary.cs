using ClosedXML.Excel;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Dashboard;

/// <summary>One line of a 年度数据摘要: an indicator's year figure, last year's, 同比, and the sentence for a work report.</summary>
public sealed record SummaryLine(Indicator Indicator, decimal? Value, decimal? LastYear, decimal? Yoy, string Sentence);

/// <summary>
/// 年度数据摘要 (issue 7): the figures a year-end work report needs, one sentence per indicator, as
/// the department writes them by hand today ("全年累计开展集中学习研讨 N 次，同比增长 x%"). SUM
/// indicators give the year's total; LAST indicators (党员总数) the year-end figure.
/// </summary>
public sealed class AnnualSummaryQueries(FigureQueries figures)
{
    public async Task<IReadOnlyList<SummaryLine>> GetAsync(Organisation org, int year, IndicatorCatalogue catalogue, OrganisationTree tree, CancellationToken ct = default)
    {
        var lines = new List<SummaryLine>();
        foreach (var indicator in catalogue.All)
        {
            var f = await figures.GetAsync(org, Period.OfYear(year), indicator, tree, ct: ct);
            // A year not over covers the months ended so far and is compared with the same months of last year.
            int? through = f.Partial ? Period.Parse(f.Months[1]).Index : null;
            lines.Add(new SummaryLine(indicator, f.Value, f.LastYear, f.Yoy, Sentence(indicator, f.Value, f.LastYear, f.Yoy, through)));
        }
        return lines;
    }

    /// <param name="throughMonth">For a year not over: the last month ended, through which the figures run.</param>
    public static string Sentence(Indicator indicator, decimal? value, decimal? lastYear, decimal? yoy, int? throughMonth = null)
    {
        var what = (indicator.Aggregation, throughMonth) switch
        {
            (Aggregation.Last, null) => $"年末{indicator.Name}",
            (Aggregation.Last, { } m) => $"截至{m}月底，{indicator.Name}",
            (_, null) => $"全年累计{indicator.Name}",
            (_, { } m) => $"截至{m}月底，本年累计{indicator.Name}",
        };
        if (value is not { } v) return $"{what}：本年无报送数据。";
        var change = yoy switch
        {
            > 0 => $"，同比增长{Format.Percent(yoy.Value)}",
            < 0 => $"，同比下降{Format.Percent(-yoy.Value)}",
            0 => "，与上年持平",
            _ => lastYear is null ? "，上年无可比数据" : "，上年为 0，不计算同比",
        };
        return $"{what}{Format.Number(v)}{indicator.Unit}{change}。";
    }

    /// <param name="span">The months the figures cover: for a year not over, its columns say so ("2026年1—11月").</param>
    public static byte[] Workbook(string orgName, int year, IReadOnlyList<SummaryLine> lines, ComparableSpan? span = null)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("年度数据摘要");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 6).Merge().SetValue($"{orgName}{year}年党建工作数据摘要");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        string[] headers = ["指标", "计量单位", span?.ToChinese() ?? $"{year}年", span?.LastYear.ToChinese() ?? $"{year - 1}年", "同比", "表述"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(3, c + 1), headers[c]);
        ws.Range(3, 1, 3, headers.Length).Style.Font.SetBold();
        var r = 4;
        foreach (var line in lines)
        {
            TemplateWriter.Text(ws.Cell(r, 1), line.Indicator.Name);
            TemplateWriter.Text(ws.Cell(r, 2), line.Indicator.Unit);
            if (line.Value is { } v) ws.Cell(r, 3).SetValue(v);
            if (line.LastYear is { } l) ws.Cell(r, 4).SetValue(l);
            if (line.Yoy is { } y) { ws.Cell(r, 5).SetValue(Math.Round(y, 3)); ws.Cell(r, 5).Style.NumberFormat.Format = "+0.0%;-0.0%;0.0%"; }
            TemplateWriter.Text(ws.Cell(r, 6), line.Sentence);
            r++;
        }
        TemplateWriter.SetWidths(ws, 24, 8, 12, 12, 10, 70);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
