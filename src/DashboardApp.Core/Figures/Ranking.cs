using ClosedXML.Excel;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Figures;

/// <summary>One organisation under the selected one, ranked by its value for the indicator and period.</summary>
public sealed record RankingRow(int? Rank, string Org, string OrgName, bool HasChildren, decimal? Value, decimal? LastYear, decimal? Yoy,
    int Reported, int Expected)
{
    /// <summary>可比口径同比: over the units that reported in both periods.</summary>
    public decimal? YoyComparable { get; init; }
    public int? ComparableUnits { get; init; }

    /// <summary>A percentage rate's change in 百分点 (<see cref="Figure.Points"/>), in place of <see cref="Yoy"/>.</summary>
    public decimal? Points { get; init; }

    /// <summary>目标任务 of the period and 完成率 against it (<see cref="Figure.Target"/>), where a target is set.</summary>
    public decimal? Target { get; init; }
    public decimal? Completion { get; init; }
}

/// <summary>排名 (docs/product.md, “Pages that read the figures”): the children of an organisation ranked by value, and the same rows as a
/// workbook.</summary>
public static class Ranking
{
    /// <summary>Whether any child has a target: a ranking may then go by 完成率.</summary>
    public static bool HasTargets(Figure figure) => figure.Children?.Any(c => c.Target is not null) == true;

    /// <summary>Highest value (or with <paramref name="byCompletion"/>, 完成率) first; equal ones share a rank; organisations without one come
    /// last, unranked.</summary>
    public static List<RankingRow> Of(Figure figure, OrganisationTree tree, bool byCompletion = false)
    {
        var rows = new List<RankingRow>();
        decimal? previous = null;
        var rank = 0;
        var position = 0;
        Func<Figure, decimal?> key = byCompletion ? c => c.Completion : c => c.Value;
        foreach (var c in (figure.Children ?? []).OrderByDescending(c => key(c).HasValue).ThenByDescending(key).ThenBy(c => c.Org,
            StringComparer.Ordinal))
        {
            position++;
            if (key(c) is { } v && v != previous) rank = position;
            previous = key(c);
            var hasChildren = tree.ByCode(c.Org) is { } org && !tree.IsReportingUnit(org.Id);
            rows.Add(new RankingRow(key(c) is null ? null : rank, c.Org, c.OrgName, hasChildren, c.Value, c.LastYear, c.Yoy, c.Reported, c.Expected)
            {
                YoyComparable = c.YoyComparable, ComparableUnits = c.Comparable?.Units, Points = c.Points, Target = c.Target, Completion = c.Completion,
            });
        }
        return rows;
    }

    /// <summary>The ranking as the screen shows it: the same rows, order and rounding (numbers stay numbers).</summary>
    public static byte[] Workbook(Figure figure, IReadOnlyList<RankingRow> rows, Indicators.Measure measure, string periodName)
    {
        var (indicatorName, unitSuffix) = (measure.Name, measure.UnitSuffix);
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("排名");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 8).Merge().SetValue($"{figure.OrgName} 下级组织{indicatorName}排名（{periodName}）");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        // What the figures cover of the months still being collected: left out, or counted with 同比 over the units that reported them.
        if (figure.CollectingNote is { } note)
            ws.Range(2, 1, 2, 8).Merge().SetValue(figure.Provisional ? $"{note}；报送中月份只与已报送单位的上年同月相比" : note);
        var points = measure.Rate?.Display == Indicators.DerivedDisplay.Percent;
        var targets = rows.Any(r => r.Target is not null);
        string[] headers = ["排名", "组织代码", "组织名称", $"本期{unitSuffix}", $"上年同期{unitSuffix}", points ? "变化（百分点）" : "同比", "可比同比", "报送单位",
            .. targets ? new[] { $"目标{unitSuffix}", "完成率" } : []];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(3, c + 1), headers[c]);
        ws.Range(3, 1, 3, headers.Length).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"));
        var r = 4;
        foreach (var row in rows)
        {
            if (row.Rank is { } rank) ws.Cell(r, 1).SetValue(rank);
            else TemplateWriter.Text(ws.Cell(r, 1), "—");
            TemplateWriter.Text(ws.Cell(r, 2), row.Org);
            TemplateWriter.Text(ws.Cell(r, 3), row.OrgName);
            Number(ws.Cell(r, 4), row.Value, measure.Rate);
            Number(ws.Cell(r, 5), row.LastYear, measure.Rate);
            if (row.Points is { } p)
            {
                ws.Cell(r, 6).SetValue(Math.Round(p, 1, MidpointRounding.AwayFromZero));
                ws.Cell(r, 6).Style.NumberFormat.Format = "+0.0;-0.0;0.0";
            }
            else if (row.Yoy is { } yoy)
            {
                ws.Cell(r, 6).SetValue(Math.Round(yoy, 3));
                ws.Cell(r, 6).Style.NumberFormat.Format = "+0.0%;-0.0%;0.0%";
            }
            else TemplateWriter.Text(ws.Cell(r, 6), "—");
            if (row.YoyComparable is { } comparable)
            {
                ws.Cell(r, 7).SetValue(Math.Round(comparable, 3));
                ws.Cell(r, 7).Style.NumberFormat.Format = "+0.0%;-0.0%;0.0%";
            }
            else TemplateWriter.Text(ws.Cell(r, 7), "—");
            TemplateWriter.Text(ws.Cell(r, 8), $"{row.Reported} / {row.Expected}");
            if (targets)
            {
                Number(ws.Cell(r, 9), row.Target, measure.Rate);
                if (row.Completion is { } done)
                {
                    ws.Cell(r, 10).SetValue(Math.Round(done, 3));
                    ws.Cell(r, 10).Style.NumberFormat.Format = "0.0%";
                }
                else TemplateWriter.Text(ws.Cell(r, 10), "—");
            }
            r++;
        }
        ws.Range(3, 1, Math.Max(3, r - 1),
            headers.Length).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.SheetView.FreezeRows(3);
        TemplateWriter.SetWidths(ws, 6, 16, 30, 14, 14, 10, 10, 12, 12, 10);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Whole numbers without decimals, others with one, a rate as a rate — as on screen; a missing value as "—".</summary>
    private static void Number(IXLCell cell, decimal? value, Indicators.DerivedIndicator? rate)
    {
        if (value is not { } v)
        {
            TemplateWriter.Text(cell, "—");
            return;
        }
        if (rate is not null)
        {
            var percent = rate.Display == Indicators.DerivedDisplay.Percent;
            cell.SetValue(Math.Round(v, rate.Decimals + (percent ? 2 : 0), MidpointRounding.AwayFromZero));
            cell.Style.NumberFormat.Format = (percent ? "0." + new string('0', rate.Decimals) + "%" : "0."
                + new string('0', rate.Decimals)).TrimEnd('.');
            return;
        }
        var whole = v == decimal.Truncate(v);
        cell.SetValue(whole ? v : Math.Round(v, 1, MidpointRounding.AwayFromZero));
        cell.Style.NumberFormat.Format = whole ? "#,##0" : "#,##0.0";
    }
}
