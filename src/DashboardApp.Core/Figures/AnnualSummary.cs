using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Figures;

/// <summary>One line of a 年度数据摘要: an indicator's or derived rate's figure for the year, last year's and 同比 (a percentage rate's change
/// in 百分点 instead).</summary>
public sealed record SummaryLine(Measure Measure, decimal? Value, decimal? LastYear, decimal? Yoy, decimal? Points = null)
{
    /// <summary>The change as the table shows it: "+5.2%", or for a percentage rate "+1.8个百分点".</summary>
    public string Change => Format.Change(Yoy, Points);

    /// <summary>The year's 目标任务 and 完成率 against it (and 时间进度 while the year is not over), where a target is set.</summary>
    public decimal? Target { get; init; }
    public decimal? Completion { get; init; }
    public decimal? TimeProgress { get; init; }
}

/// <summary>Where the organisation stands among its siblings for a headline indicator: 第 Rank of Of.</summary>
public sealed record SiblingRank(Indicator Indicator, int Rank, int Of);

/// <summary>
/// 年度数据摘要: an organisation's year as the department's work reports write it — the figures grouped by category
/// into one or two paragraphs, each indicator in its catalogue phrase ("开展集中学习研讨2480次"), 同比 as 增长/下降,
/// the derived rates, and the rank among its siblings; for a year not over, through which month it runs.
/// </summary>
public sealed record AnnualSummary(
    Organisation Org, int Year, ComparableSpan Span, int Units, IReadOnlyList<SummaryLine> Lines, IReadOnlyList<SiblingRank> Ranks,
        string? ParentName)
{
    /// <summary>The months of the year still being collected — left out, or counted when asked — said in the text so no one takes
    /// them for final.</summary>
    public IReadOnlyList<CollectingMonth> Collecting { get; init; } = [];

    /// <summary>The paragraphs to paste into a report.</summary>
    public IReadOnlyList<string> Paragraphs => SummaryText.Paragraphs(this);

    /// <summary>The paragraphs as one text, a blank line between them, as the 复制 button copies it.</summary>
    public string Text => string.Join("\n\n", Paragraphs);
}

public sealed class AnnualSummaryQueries(FigureQueries figures)
{
    /// <param name="rankAmongSiblings">Whether the reader may see the organisation's parent: only then is its rank among its siblings
    /// said (an organisation outside the reader's scope is never named).</param>
    /// <param name="includeProvisional">Count the months still being collected (said so in the text); by default final months only.</param>
    public async Task<AnnualSummary> GetAsync(Organisation org, int year, IndicatorCatalogue catalogue, OrganisationTree tree,
        bool rankAmongSiblings = true, bool includeProvisional = false, CancellationToken ct = default)
    {
        var period = Period.OfYear(year);
        var lines = new List<SummaryLine>();
        foreach (var measure in catalogue.Measures)
        {
            var f = await figures.GetAsync(org, period, measure, catalogue, tree, includeProvisional: includeProvisional, ct: ct);
            lines.Add(new SummaryLine(measure, f.Value, f.LastYear, f.Yoy, f.Points)
            {
                Target = f.Target, Completion = f.Completion, TimeProgress = f.TimeProgress,
            });
        }
        // Where it stands among its siblings, for the headline indicators: what a report says next to its figures.
        var ranks = new List<SiblingRank>();
        var parent = rankAmongSiblings && org.ParentId is { } p ? tree.ById(p) : null;
        if (parent is not null && tree.ChildrenOf(parent.Id).Count > 1)
        {
            foreach (var indicator in catalogue.Headlines)
            {
                var siblings = await figures.GetAsync(parent, period, indicator, tree, withChildren: true, includeProvisional: includeProvisional,
                    ct: ct);
                var rows = Ranking.Of(siblings, tree);
                if (rows.FirstOrDefault(r => r.Org == org.Code) is { Rank: { } rank }) ranks.Add(new SiblingRank(indicator, rank, rows.Count));
            }
        }
        var span = await figures.SpanAsync(org, period, tree, includeProvisional, ct);
        return new AnnualSummary(org, year, span.Span, tree.ExpectedReporters(org.Id, period), lines, ranks, parent?.Name)
        {
            Collecting = span.Collecting,
        };
    }
}

/// <summary>How the summary's sentences are written: numbers, changes and the order of the parts.</summary>
public static class SummaryText
{
    /// <summary>
    /// A number as an official document writes it: no 千分位 commas; from ten thousand on in 万 with up to two decimals
    /// (20300 → 2.03万, 135787 → 13.58万); a decimal with one place.
    /// </summary>
    public static string Number(decimal value)
    {
        if (Math.Abs(value) >= 10_000)
            return Math.Round(value / 10_000, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) + "万";
        return value == decimal.Truncate(value) ? value.ToString("0", CultureInfo.InvariantCulture)
            : Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>同比 as reports write it: "同比增长5.2%", "同比下降10.0%", "与上年同期持平"; null when there is nothing to compare.</summary>
    public static string? Change(decimal? yoy, bool partial)
    {
        if (yoy is not { } y) return null;
        // A change that rounds to 0.0% is not written as "下降0.0%".
        var percent = Math.Round(Math.Abs(y) * 100, 1, MidpointRounding.AwayFromZero);
        if (percent == 0) return (partial ? "与上年同期" : "与上年") + (y == 0 ? "持平" : "基本持平");
        return (y > 0 ? "同比增长" : "同比下降") + percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>A percentage rate's change in 百分点: "较上年同期提高1.2个百分点".</summary>
    public static string? PointsChange(decimal? value, decimal? lastYear, bool partial)
    {
        if (value is not { } v || lastYear is not { } l) return null;
        var points = Math.Round((v - l) * 100, 1, MidpointRounding.AwayFromZero);
        var than = partial ? "较上年同期" : "较上年";
        return points switch
        {
            > 0 => $"{than}提高{points.ToString("0.0", CultureInfo.InvariantCulture)}个百分点",
            < 0 => $"{than}下降{(-points).ToString("0.0", CultureInfo.InvariantCulture)}个百分点",
            _ => $"与上年{(partial ? "同期" : "")}持平",
        };
    }

    /// <summary>One indicator or rate as a clause: its phrase with the figure, and its change ("发展党员40人，同比下降5.0%").</summary>
    public static string? Clause(SummaryLine line, bool partial)
    {
        if (line.Value is not { } value) return null;
        if (line.Measure.Rate is { } rate)
        {
            var said = Fill(rate.Phrase ?? rate.Name + "{value}", rate.Number(value));
            var change = rate.Display == DerivedDisplay.Percent ? PointsChange(line.Value, line.LastYear, partial) : Change(line.Yoy, partial);
            return change is null ? said : $"{said}，{change}";
        }
        var indicator = line.Measure.Indicator!;
        var text = Fill(indicator.Phrase ?? indicator.Name + "{value}" + indicator.Unit, Number(value));
        if (Change(line.Yoy, partial) is { } c) text = $"{text}，{c}";
        // "完成年度发展党员计划的105%", while the year is not over with its 时间进度 beside it.
        if (line.Completion is { } done)
            text += $"，完成年度{(indicator.Headline ?? indicator.Name).TrimEnd('数')}计划的{Percent(done)}"
                    + (line.TimeProgress is { } t ? $"（时间进度{Percent(t)}）" : "");
        return text;
    }

    /// <summary>A share as a report writes it: "105%", "74.3%".</summary>
    public static string Percent(decimal share) =>
        Math.Round(share * 100, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Fill(string phrase, string value) => phrase.Replace("{value}", value, StringComparison.Ordinal);

    public static IReadOnlyList<string> Paragraphs(AnnualSummary summary)
    {
        var partial = !summary.Span.Whole;
        var categories = summary.Lines.Where(l => l.Value is not null)
            .GroupBy(l => l.Measure.Indicator?.Category ?? l.Measure.Rate!.Category)
            .Select(g => (Category: g.Key, Clauses: g.OrderBy(l => l.Measure.IsRate).Select(l => Clause(l, partial)!).ToList()))
            .ToList();
        var org = summary.Org.Name;
        var who = summary.Units > 1 ? $"{org}所属{summary.Units}个基层党组织" : org;
        // "（11月数据仍在报送中，未计入）", or when counted "（含11月报送中数据，已报 284/507）".
        var collecting = summary.Collecting.Count == 0 ? ""
            : "（" + string.Join("；", summary.Collecting.Select(c => c.Included
                ? $"含{c.Month.Index}月报送中数据，已报 {c.Reported}/{c.Expected}"
                : $"{c.Month.Index}月数据仍在报送中，未计入")) + "）";
        var opening = partial
            ? $"截至{summary.Span.Last.Index}月底{collecting}，{summary.Year}年{who}"
            : $"{summary.Year}年{collecting}，{who}";
        if (categories.Count == 0) return [$"{opening}尚无报送数据。"];
        // "2025年，东城区委所属75个基层党组织在学习教育方面开展集中学习研讨2480次，同比增长3.2%；……。组织建设方面，……。"

        // One paragraph for up to two categories, otherwise the first half and the second.
        var split = categories.Count <= 2 ? categories.Count : (categories.Count + 1) / 2;
        var paragraphs = new List<string>();
        foreach (var part in new[] { categories.Take(split).ToList(), categories.Skip(split).ToList() }.Where(p => p.Count > 0))
        {
            var text = new StringBuilder();
            foreach (var (category, clauses) in part)
            {
                text.Append(text.Length == 0 && paragraphs.Count == 0 ? $"{opening}在{category}方面" : $"{category}方面，");
                text.Append(string.Join("；", clauses)).Append('。');
            }
            paragraphs.Add(text.ToString());
        }
        if (summary.Ranks.Count > 0 && summary.ParentName is { } parent)
        {
            var ranks = string.Join("，", summary.Ranks.Select(r => $"{r.Indicator.Name}居第{r.Rank}位"));
            paragraphs[^1] += $"在{parent}所属{summary.Ranks[0].Of}个组织中，{ranks}。";
        }
        return paragraphs;
    }

    /// <summary>The summary as a workbook: the paragraphs, then every figure with last year's and 同比.</summary>
    public static byte[] Workbook(AnnualSummary summary)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("年度数据摘要");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 5).Merge().SetValue(Title(summary));
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        var r = 2;
        foreach (var paragraph in summary.Paragraphs)
        {
            ws.Range(r, 1, r, 5).Merge();
            TemplateWriter.Text(ws.Cell(r, 1), paragraph);
            ws.Cell(r, 1).Style.Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Top);
            ws.Row(r).Height = 15 * Math.Max(2, paragraph.Length / 60 + 1);
            r++;
        }
        r++;
        string[] headers = ["指标", "计量单位", summary.Span.ToChinese(), summary.Span.LastYear.ToChinese(), "同比（比率：百分点）"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(r, c + 1), headers[c]);
        ws.Range(r, 1, r, headers.Length).Style.Font.SetBold();
        r++;
        foreach (var line in summary.Lines)
        {
            TemplateWriter.Text(ws.Cell(r, 1), line.Measure.Name);
            TemplateWriter.Text(ws.Cell(r, 2), line.Measure.Unit);
            if (line.Measure.Rate is { } rate)
            {
                TemplateWriter.Text(ws.Cell(r, 3), line.Value is null ? "—" : rate.Show(line.Value));
                TemplateWriter.Text(ws.Cell(r, 4), line.LastYear is null ? "—" : rate.Show(line.LastYear));
            }
            else
            {
                if (line.Value is { } v) ws.Cell(r, 3).SetValue(v);
                if (line.LastYear is { } l) ws.Cell(r, 4).SetValue(l);
            }
            if (line.Yoy is { } y) { ws.Cell(r, 5).SetValue(Math.Round(y, 3)); ws.Cell(r, 5).Style.NumberFormat.Format = "+0.0%;-0.0%;0.0%"; }
            else if (line.Points is not null) TemplateWriter.Text(ws.Cell(r, 5), line.Change);
            r++;
        }
        TemplateWriter.SetWidths(ws, 24, 10, 16, 16, 10);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>"东城区委2025年党建工作数据摘要", or for a year not over "东城区委2026年1—11月党建工作数据摘要".</summary>
    public static string Title(AnnualSummary summary) => $"{summary.Org.Name}{summary.Span.ToChinese()}党建工作数据摘要";
}
