using System.Globalization;
using ClosedXML.Excel;
using DashboardApp.Core.Data;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Access;

/// <summary>What the audit page filters by: any of actor, subject, a text in the target, and a date range (local dates, inclusive).</summary>
public sealed record AuditFilter(string? Actor = null, string? Subject = null, string? Text = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>审计日志 for administrators: filtered, newest first, and as a workbook with the same rows.</summary>
public sealed class AuditQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public const int Limit = 5000;

    public static readonly string[] Subjects = ["报送", "组织", "指标", "派生指标", "校验规则", "统计期", "报送截止日期", "数据复核", "月度复核", "通报收件人", "用户", "用户角色"];

    public async Task<List<AuditEntry>> ListAsync(AuditFilter filter, TimeZoneInfo zone, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.Where(a => a.Actor.Contains(filter.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Subject)) query = query.Where(a => a.Subject == filter.Subject);
        if (!string.IsNullOrWhiteSpace(filter.Text)) query = query.Where(a => a.Target.Contains(filter.Text.Trim()));
        if (filter.From is { Year: >= 1900 } from) query = query.Where(a => a.AtUtc >= Utc(from, zone));
        // The last day has no day after it: nothing is recorded that late, so there is no upper bound.
        if (filter.To is { } to && to < DateOnly.MaxValue.AddDays(-1)) query = query.Where(a => a.AtUtc < Utc(to.AddDays(1), zone));
        return await query.OrderByDescending(a => a.Id).Take(Limit).ToListAsync(ct);
    }

    private static DateTime Utc(DateOnly localDate, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localDate.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone);

    public static byte[] Workbook(IReadOnlyList<AuditEntry> entries, AuditFilter filter, TimeZoneInfo zone)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("审计日志");
        ws.Style.Font.FontName = "宋体";
        var range = (filter.From, filter.To) switch
        {
            (null, null) => "全部时间",
            _ => $"{filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"} 至 {filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}",
        };
        TemplateWriter.Text(ws.Cell(1, 1), $"审计日志（{range}，共 {entries.Count} 条）");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        string[] headers = ["时间", "操作人", "对象", "操作", "目标", "变更前", "变更后"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(3, c + 1), headers[c]);
        ws.Range(3, 1, 3, headers.Length).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"));
        var r = 4;
        foreach (var e in entries)
        {
            TemplateWriter.Text(ws.Cell(r, 1),
                TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss",
                CultureInfo.InvariantCulture));
            TemplateWriter.Text(ws.Cell(r, 2), e.Actor);
            TemplateWriter.Text(ws.Cell(r, 3), e.Subject);
            TemplateWriter.Text(ws.Cell(r, 4), e.Action);
            TemplateWriter.Text(ws.Cell(r, 5), e.Target);
            TemplateWriter.Text(ws.Cell(r, 6), AuditText.Describe(e.Before, zone));
            TemplateWriter.Text(ws.Cell(r, 7), AuditText.Describe(e.After, zone));
            r++;
        }
        ws.SheetView.FreezeRows(3);
        TemplateWriter.SetWidths(ws, 20, 16, 12, 10, 30, 50, 50);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
