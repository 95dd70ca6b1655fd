using ClosedXML.Excel;
using DashboardApp.Core.Figures;

namespace DashboardApp.Core.Assessment;

/// <summary>考核结果 as a workbook: the result table (名次, 组织, each item, 总分, 等次) and 计分依据, every score with how it was computed.</summary>
public static class AssessmentWorkbook
{
    public static byte[] Write(AssessmentResult result, IReadOnlyList<SchemeItem> items)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("考核结果");
        ws.Style.Font.FontName = "宋体";
        ws.Style.Font.FontSize = 11;
        var columns = 5 + items.Count;
        ws.Range(1, 1, 1, columns).Merge().SetValue(result.Title);
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(16).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        ws.Range(2, 1, 2, columns).Merge().SetValue(Note(result));
        string[] head = ["名次", "组织代码", "组织", .. items.Select(i => $"{i.Name}（{Format.Number(i.Points)}分）"), "总分", "等次"];
        for (var c = 0; c < head.Length; c++) ws.Cell(3, c + 1).SetValue(head[c]);
        ws.Range(3, 1, 3, columns).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2F2F2")).Alignment.SetWrapText(true);
        var r = 4;
        foreach (var row in result.Rows)
        {
            ws.Cell(r, 1).SetValue(row.Rank);
            ws.Cell(r, 2).SetValue(row.Org);
            ws.Cell(r, 3).SetValue(row.OrgName);
            for (var i = 0; i < row.Items.Count; i++) ws.Cell(r, 4 + i).SetValue(row.Items[i].Score);
            ws.Cell(r, 4 + row.Items.Count).SetValue(row.Total);
            ws.Cell(r, 5 + row.Items.Count).SetValue(row.Grade ?? "");
            r++;
        }
        ws.Range(3, 1, r - 1, columns).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.Range(4, 4, Math.Max(4, r - 1), 4 + items.Count).Style.NumberFormat.Format = "0.##";
        ws.Column(1).Width = 6;
        ws.Column(2).Width = 16;
        ws.Column(3).Width = 28;
        for (var c = 4; c <= columns; c++) ws.Column(c).Width = 12;
        ws.SheetView.FreezeRows(3);

        var basis = wb.Worksheets.Add("计分依据");
        basis.Style.Font.FontName = "宋体";
        string[] basisHead = ["组织代码", "组织", "考核项目", "分值", "得分", "计分依据"];
        for (var c = 0; c < basisHead.Length; c++) basis.Cell(1, c + 1).SetValue(basisHead[c]);
        basis.Range(1, 1, 1, basisHead.Length).Style.Font.SetBold();
        r = 2;
        foreach (var row in result.Rows)
            foreach (var item in row.Items)
            {
                basis.Cell(r, 1).SetValue(row.Org);
                basis.Cell(r, 2).SetValue(row.OrgName);
                basis.Cell(r, 3).SetValue(item.Name);
                basis.Cell(r, 4).SetValue(item.Points);
                basis.Cell(r, 5).SetValue(item.Score);
                basis.Cell(r, 6).SetValue(item.Basis);
                r++;
            }
        basis.Column(1).Width = 16;
        basis.Column(2).Width = 28;
        basis.Column(3).Width = 20;
        basis.Column(6).Width = 90;
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>"数据为2026年1—10月（已截止月份）；发布于 2027-01-20 09:00（admin）" — what the figures cover and whether they are frozen.</summary>
    public static string Note(AssessmentResult result) =>
        $"数据为{result.Span}{(result.Partial ? "（年度未结束，只计已截止月份）" : "")}；"
        + (result.PublishedAtUtc is { } at ? $"发布于 {Format.LocalMinute(at)}，发布后数据变化不改变本结果" : "按当前数据计算，尚未发布");
}
