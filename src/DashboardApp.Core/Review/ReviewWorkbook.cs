using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Review;

/// <summary>The 数据复核 list as a workbook: the rows the page shows, in its order, with their state and source cell.</summary>
public static class ReviewWorkbook
{
    public static byte[] Write(string orgName, Period month, IReadOnlyList<ReviewItem> items, string filterName)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("数据复核");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 11).Merge().SetValue($"{orgName} {month.ToChinese()}数据复核（{filterName}，共 {items.Count} 条）");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        string[] headers = ["状态", "类型", "偏离程度", "单位代码", "单位", "指标", "数值", "说明", "工作表", "单元格", "核实说明"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(3, c + 1), headers[c]);
        ws.Range(3, 1, 3, headers.Length).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"));
        var r = 4;
        foreach (var i in items)
        {
            TemplateWriter.Text(ws.Cell(r, 1), i.StatusName);
            TemplateWriter.Text(ws.Cell(r, 2), i.KindName);
            if (i.Score is { } score) ws.Cell(r, 3).SetValue(score);
            TemplateWriter.Text(ws.Cell(r, 4), i.OrgCode);
            TemplateWriter.Text(ws.Cell(r, 5), i.OrgName);
            TemplateWriter.Text(ws.Cell(r, 6), i.IndicatorName ?? "");
            if (i.Value is { } v) ws.Cell(r, 7).SetValue(v);
            TemplateWriter.Text(ws.Cell(r, 8), i.Message);
            TemplateWriter.Text(ws.Cell(r, 9), i.Sheet);
            TemplateWriter.Text(ws.Cell(r, 10), i.Cell);
            if (i.Mark is { } m) TemplateWriter.Text(ws.Cell(r, 11), $"{m.Note}（{m.MarkedBy} {m.MarkedAtUtc.ToLocalTime():yyyy-MM-dd HH:mm}）");
            r++;
        }
        ws.SheetView.FreezeRows(3);
        TemplateWriter.SetWidths(ws, 8, 14, 10, 16, 26, 20, 10, 60, 14, 8, 40);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}

/// <summary>Which flags a list shows: those still to look at (the default), those checked, or all.</summary>
public enum ReviewStatusFilter { Open, Checked, All }

public static class ReviewFilters
{
    public static ReviewStatusFilter ParseStatus(string? text) => text switch
    {
        "checked" => ReviewStatusFilter.Checked,
        "all" => ReviewStatusFilter.All,
        _ => ReviewStatusFilter.Open,
    };

    public static string Text(this ReviewStatusFilter status) => status switch
    {
        ReviewStatusFilter.Checked => "checked",
        ReviewStatusFilter.All => "all",
        _ => "open",
    };

    public static string ChineseName(this ReviewStatusFilter status) => status switch
    {
        ReviewStatusFilter.Checked => "已核实",
        ReviewStatusFilter.All => "全部",
        _ => "待核实",
    };

    /// <summary>The items a list shows for a status and, optionally, one kind.</summary>
    public static List<ReviewItem> Apply(IEnumerable<ReviewItem> items, ReviewStatusFilter status, string? kind) => items
        .Where(i => status == ReviewStatusFilter.All || i.Checked == (status == ReviewStatusFilter.Checked))
        .Where(i => kind is null || i.Kind == kind).ToList();
}
