using ClosedXML.Excel;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using DashboardApp.Core.Workbooks;
using Microsoft.Extensions.Options;

namespace DashboardApp.Core.Cycle;

/// <summary>A headline indicator of the 通报: the month's figure with 同比 over the same months.</summary>
public sealed record BulletinFigure(Indicator Indicator, Figure Month);

/// <summary>
/// 月度通报 for an organisation and month: reporting status by child (on time, late, missing), the headline indicators with 同比,
/// the ranking of its children by the first of them, and the review items still open.
/// </summary>
public sealed record Bulletin(Organisation Org, Period Month, DateOnly Today, bool Collecting, ReportingStatus Status,
    IReadOnlyList<BulletinFigure> Headlines, Indicator? RankedBy, IReadOnlyList<RankingRow> Ranking, IReadOnlyList<ReviewItem> OpenItems,
    DateTime? AsOfUtc)
{
    public string Title => $"{Org.Name}{Month.ToChinese()}党建指标工作通报";

    /// <summary>The 通报 is of a reporting unit itself: its own state is said, not "应报送基层党组织1个".</summary>
    public bool OfUnit { get; init; }

    /// <summary>The issuing line (落款) under the text: the organisation and the day, as a document is signed ("2026年12月7日").</summary>
    public string Issued => $"{Today.Year}年{Today.Month}月{Today.Day}日";

    /// <summary>The opening paragraph, as a clerk would write it: numbers as a document writes them (no 千分位, 万 from ten thousand).</summary>
    public string Lead
    {
        get
        {
            var t = Status.Total;
            var when = Collecting ? $"截至{Today.Year}年{Today.Month}月{Today.Day}日（{Month.ToChinese()}数据报送中，截止{Status.Deadline.Month}月{Status.Deadline.Day}日）"
                : $"{Month.ToChinese()}";
            var figures = string.Join("；", Headlines.Where(h => h.Month.Value is not null)
                .Select(h => $"{h.Indicator.Name}{SummaryText.Number(h.Month.Value!.Value)}{h.Indicator.Unit}"
                    + (SummaryText.Change(h.Month.Yoy, partial: true) is { } c ? $"，{c}" : "")));
            var reporting = !OfUnit
                ? $"{Org.Name}应报送基层党组织{t.Expected}个，按时报送{t.OnTime}个，逾期报送{t.Late}个，未报送{t.Missing}个，报送率{Format.Percent(t.Rate)}。"
                : t.OnTime > 0 ? $"{Org.Name}已按时报送。" : t.Late > 0 ? $"{Org.Name}已报送（逾期）。" : $"{Org.Name}尚未报送。";
            // A month being collected is compared with last year over only the units that have reported it: said so, or the reader
            // would take 同比 for the whole.
            var compared = Collecting && !OfUnit && figures.Length > 0 ? "（同比仅比较已报送单位）" : "";
            return $"{when}，{reporting}"
                   + (figures.Length > 0 ? $"主要指标{compared}：{figures}。" : "")
                   + (OpenItems.Count > 0 ? $"另有{OpenItems.Count}条数据待核实。" : "");
        }
    }

    public string FileName => $"{Org.Code}-{Month}-月度通报.xlsx";
}

public sealed class BulletinQueries(FigureQueries figures, ReportingStatusQueries status, ReviewQueries review,
    IOptions<OutlierThresholds> thresholds)
{
    public async Task<Bulletin> LoadAsync(Organisation org, Period month, OrganisationTree tree, IndicatorCatalogue catalogue, CalendarToday calendar,
        CancellationToken ct = default)
    {
        var s = await status.GetAsync(org, month, tree, ct);
        var headlines = new List<BulletinFigure>();
        foreach (var indicator in catalogue.Headlines)
            headlines.Add(new BulletinFigure(indicator, await figures.GetAsync(org, month, indicator, tree, ct: ct, comparable: true)));
        var rankedBy = catalogue.Headlines.FirstOrDefault();
        var ranking = rankedBy is null || tree.IsReportingUnit(org.Id) ? []
            : Figures.Ranking.Of(await figures.GetAsync(org, month, rankedBy, tree, withChildren: true, comparable: true, ct: ct), tree);
        var open = (await review.GetAsync(org, month, tree, catalogue, thresholds.Value, ct)).Where(i => !i.Checked).ToList();
        return new Bulletin(org, month, calendar.Today, calendar.IsCollecting(month), s, headlines, rankedBy, ranking, open,
            await figures.AsOfAsync(ct))
        { OfUnit = tree.IsReportingUnit(org.Id) };
    }

    /// <summary>The 通报 as a workbook: the lead paragraph, reporting by child, the headline indicators, the ranking, the open items.</summary>
    public static byte[] Workbook(Bulletin b)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("月度通报");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 7).Merge().SetValue(b.Title);
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(16);
        ws.Range(2, 1, 2, 7).Merge().SetValue(b.Lead);
        ws.Range(2, 1, 2, 7).Style.Alignment.SetWrapText();
        ws.Row(2).Height = 60;
        var r = Section(ws, 4, "一、报送情况", ["组织", "应报", "按时", "逾期", "未报", "报送率"]);
        foreach (var g in b.Status.Groups.Append(b.Status.Total with { Name = "合计" }))
        {
            TemplateWriter.Text(ws.Cell(r, 1), g.Name);
            (ws.Cell(r, 2).Value, ws.Cell(r, 3).Value, ws.Cell(r, 4).Value, ws.Cell(r, 5).Value) = (g.Expected, g.OnTime, g.Late, g.Missing);
            Percent(ws.Cell(r++, 6), g.Rate);
        }
        var missing = b.Status.Units.Where(u => u.State == ReportState.Missing).ToList();
        if (missing.Count > 0)
        {
            TemplateWriter.Text(ws.Cell(r++, 1), $"未报送单位（{missing.Count}个）：" + string.Join("、", missing.Take(200).Select(u => $"{u.Name}（{u.GroupName}）"))
                + (missing.Count > 200 ? "等" : ""));
        }
        r = Section(ws, r + 1, "二、主要指标", ["指标", "本期", "上年同期", "同比", "可比同比", "统计期"]);
        foreach (var h in b.Headlines)
        {
            TemplateWriter.Text(ws.Cell(r, 1), $"{h.Indicator.Name}（{h.Indicator.Unit}）");
            Number(ws.Cell(r, 2), h.Month.Value);
            Number(ws.Cell(r, 3), h.Month.LastYear);
            Percent(ws.Cell(r, 4), h.Month.Yoy);
            Percent(ws.Cell(r, 5), h.Month.YoyComparable);
            TemplateWriter.Text(ws.Cell(r++, 6), h.Month.PeriodLabel + (b.Collecting ? "（报送中）" : ""));
        }
        if (b.RankedBy is { } by && b.Ranking.Count > 0)
        {
            r = Section(ws, r + 1, $"三、下级组织{by.Name}排名", ["排名", "组织", "本期", "上年同期", "同比", "报送单位"]);
            foreach (var row in b.Ranking)
            {
                if (row.Rank is { } rank) ws.Cell(r, 1).Value = rank; else TemplateWriter.Text(ws.Cell(r, 1), "—");
                TemplateWriter.Text(ws.Cell(r, 2), row.OrgName);
                Number(ws.Cell(r, 3), row.Value);
                Number(ws.Cell(r, 4), row.LastYear);
                Percent(ws.Cell(r, 5), row.Yoy);
                TemplateWriter.Text(ws.Cell(r++, 6), $"{row.Reported}/{row.Expected}");
            }
        }
        r = Section(ws, r + 1, "四、待核实数据", ["类型", "单位", "指标", "数值", "说明", ""]);
        if (b.OpenItems.Count == 0) TemplateWriter.Text(ws.Cell(r++, 1), "无");
        foreach (var i in b.OpenItems)
        {
            TemplateWriter.Text(ws.Cell(r, 1), i.KindName);
            TemplateWriter.Text(ws.Cell(r, 2), i.OrgName);
            TemplateWriter.Text(ws.Cell(r, 3), i.IndicatorName ?? "—");
            Number(ws.Cell(r, 4), i.Value);
            TemplateWriter.Text(ws.Cell(r++, 5), i.Message);
        }
        r++;
        ws.Range(r, 4, r, 7).Merge().SetValue(b.Org.Name);
        ws.Range(r + 1, 4, r + 1, 7).Merge().SetValue(b.Issued);
        ws.Range(r, 4, r + 1, 7).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        TemplateWriter.SetWidths(ws, 30, 14, 14, 12, 12, 16, 10);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    private static int Section(IXLWorksheet ws, int row, string title, string[] headers)
    {
        TemplateWriter.Text(ws.Cell(row, 1), title);
        ws.Cell(row, 1).Style.Font.SetBold().Font.SetFontSize(12);
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(row + 1, c + 1), headers[c]);
        ws.Range(row + 1, 1, row + 1, headers.Length).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"));
        return row + 2;
    }

    private static void Number(IXLCell cell, decimal? value)
    {
        if (value is { } v) { cell.Value = v; cell.Style.NumberFormat.Format = v == decimal.Truncate(v) ? "#,##0" : "#,##0.0"; }
        else TemplateWriter.Text(cell, "—");
    }

    private static void Percent(IXLCell cell, decimal? share)
    {
        if (share is { } s) { cell.Value = Math.Round(s, 4); cell.Style.NumberFormat.Format = "0.0%"; }
        else TemplateWriter.Text(cell, "—");
    }
}
