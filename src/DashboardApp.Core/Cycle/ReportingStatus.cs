using System.Globalization;
using ClosedXML.Excel;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

public enum ReportState { OnTime, Late, Missing }

/// <summary>
/// One expected unit: whether it reported by the deadline, after it, or not at all; where its month stands with the reviewers;
/// who to call; and the latest reminder sent about the month.
/// </summary>
public sealed record UnitStatus(string Code, string Name, string GroupCode, string GroupName, ReportState State, DateTime? FirstAcceptedUtc)
{
    public string StateName => State switch { ReportState.OnTime => "按时", ReportState.Late => "逾期", _ => "未报" };

    public OrganisationContact Contact { get; init; } = OrganisationContact.None;

    /// <summary>复核 state; null when nothing was reported.</summary>
    public MonthReviewState? Review { get; init; }

    public string ReviewName => Review?.ChineseName() ?? "—";

    /// <summary>The latest reminder about the month, with its deliveries.</summary>
    public Notice? LastReminder { get; init; }

    public int Reminders { get; init; }

    /// <summary>Why a 催报 reaches no one — no 单位填报员 account, and no e-mail address or no mail server — or null when it reaches someone.
    /// Said for missing units only.</summary>
    public string? NoRecipient { get; init; }

    /// <summary>"12-06 09:00 邮件、站内" or "12-06 09:00 邮件失败": the latest reminder as a line.</summary>
    public string ReminderText(TimeZoneInfo zone) => LastReminder is not { } n ? "—"
        : $"{TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(n.SentAtUtc, DateTimeKind.Utc), zone).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)} "
          + (n.Deliveries.Count == 0 ? "无接收人"
              : string.Join("、", n.Deliveries.GroupBy(d => d.Channel).Select(g => (g.Key == NoticeChannel.Email ? "邮件" : "站内")
                                                                                 + (g.Any(d => d.Status == DeliveryStatus.Failed) ? "失败" : ""))))
          + (Reminders > 1 ? $"（共 {Reminders} 次）" : "");
}

/// <summary>A state 报送情况 can be narrowed to (its URL's <c>state</c>), as 待办's cards count them.</summary>
public static class UnitStates
{
    public const string Missing = "missing", Late = "late", SentBack = "sentback", ToVerify = "toverify";

    /// <summary>Whether a unit is in the state; every unit when <paramref name="state"/> is not one of them.</summary>
    public static bool Matches(UnitStatus unit, string? state) => state switch
    {
        Missing => unit.State == ReportState.Missing,
        Late => unit.State == ReportState.Late,
        SentBack => unit.Review == Cycle.MonthReviewState.SentBack,
        ToVerify => unit.Review == Cycle.MonthReviewState.Pending,
        _ => true,
    };

    /// <summary>"未报", "逾期", "退回待改", "待核实"; null for none.</summary>
    public static string? ChineseName(string? state) => state switch
    {
        Missing => "未报",
        Late => "逾期",
        SentBack => "退回待改",
        ToVerify => "待核实",
        _ => null,
    };
}

public sealed record GroupStatus(string Code, string Name, int Expected, int OnTime, int Late, int Missing)
{
    /// <summary>报送率 over the units open during the month: never above 100 %.</summary>
    public decimal? Rate => Expected == 0 ? null : (decimal)(OnTime + Late) / Expected;
}

public sealed record ReportingStatus(Period Month, DateOnly Deadline, GroupStatus Total, IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<UnitStatus> Units);

/// <summary>
/// 报送情况 (docs/product.md, “Pages that read the figures”): for a month, every reporting unit under an organisation that was open during
/// it, and whether its first accepted submission came by the deadline, after it, or never. A
/// submission of zeros is a report; a unit that sent nothing is missing.
/// </summary>
public sealed class ReportingStatusQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar,
    Microsoft.Extensions.Options.IOptions<Cycle.MailOptions> mail)
{
    public async Task<ReportingStatus> GetAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var expected = tree.ReportingUnitsUnder(org.Id).Where(u => u.IsOpenDuring(month)).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var ids = expected.Select(u => u.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deadline = await calendar.DeadlineAsync(db, month, ct);
        var submitted = await db.Submissions.AsNoTracking().Where(s => s.Period == month && ids.Contains(s.OrganisationId))
            .GroupBy(s => s.OrganisationId).Select(g => new { g.Key, First = g.Min(s => s.AcceptedAtUtc), Last = g.Max(s => s.AcceptedAtUtc) })
            .ToDictionaryAsync(x => x.Key, ct);
        var decisions = (await db.MonthReviews.AsNoTracking().Where(r => r.Period == month && ids.Contains(r.OrganisationId)).ToListAsync(ct))
            .GroupBy(r => r.OrganisationId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.DecidedAtUtc));
        var reminders = (await db.Notices.AsNoTracking().Include(n => n.Deliveries)
                .Where(n => n.Period == month && n.Kind == NoticeKind.Reminder && ids.Contains(n.OrganisationId)).ToListAsync(ct))
            .GroupBy(n => n.OrganisationId).ToDictionary(g => g.Key, g => (Last: g.MaxBy(n => n.SentAtUtc)!, Count: g.Count()));
        // Who a 催报 could reach among the units that have not reported: their enabled 单位填报员 accounts.
        var missingCodes = expected.Where(u => !submitted.ContainsKey(u.Id)).Select(u => u.Code).ToList();
        var withReporter = await Cycle.Notifier.ReporterAccountsAsync(db, missingCodes, ct);
        var mailOn = mail.Value.IsConfigured;

        var units = expected.Select(u =>
        {
            // Grouped by the child of the organisation on the way to the unit (the organisation itself for its own units).
            var group = tree.AncestorsOf(u.Id).Prepend(u).TakeWhile(a => a.Id != org.Id).LastOrDefault() is { } g && g.Id != u.Id ? g : org;
            var sent = submitted.GetValueOrDefault(u.Id);
            var state = sent is null ? ReportState.Missing
                : DateOnly.FromDateTime(DateTime.SpecifyKind(sent.First, DateTimeKind.Utc).ToLocalTime()) <= deadline ? ReportState.OnTime : ReportState.Late;
            return new UnitStatus(u.Code, u.Name, group.Code, group.Name, state, sent?.First)
            {
                Contact = u.Contact,
                Review = MonthReviewStates.Of(decisions.GetValueOrDefault(u.Id), sent?.Last),
                LastReminder = reminders.TryGetValue(u.Id, out var r) ? r.Last : null,
                Reminders = reminders.TryGetValue(u.Id, out var c) ? c.Count : 0,
                NoRecipient = state != ReportState.Missing || withReporter.ContainsKey(u.Code) || (u.Email is not null && mailOn) ? null
                    : u.Email is null ? "无法催报：没有填报员账号，也没有电子邮箱" : "无法催报：没有填报员账号，系统未设置发送邮件",
            };
        }).ToList();

        static GroupStatus Count(string code, string name, IEnumerable<UnitStatus> members)
        {
            var list = members.ToList();
            return new GroupStatus(code, name, list.Count, list.Count(m => m.State == ReportState.OnTime),
                list.Count(m => m.State == ReportState.Late), list.Count(m => m.State == ReportState.Missing));
        }
        var groups = units.GroupBy(u => (u.GroupCode, u.GroupName)).Select(g => Count(g.Key.GroupCode, g.Key.GroupName, g)).OrderBy(g => g.Code,
            StringComparer.Ordinal).ToList();
        return new ReportingStatus(month, deadline, Count(org.Code, org.Name, units), groups, units);
    }

    /// <summary>The status as a workbook: the summary per group, then every unit with its state.</summary>
    public static byte[] Workbook(ReportingStatus status, string orgName)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("报送情况");
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 7).Merge().SetValue($"{orgName} {status.Month.ToChinese()}报送情况（截止 {status.Deadline:yyyy-MM-dd}）");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        string[] summary = ["组织代码", "组织名称", "应报", "按时", "逾期", "未报", "报送率"];
        for (var c = 0; c < summary.Length; c++) TemplateWriter.Text(ws.Cell(3, c + 1), summary[c]);
        var r = 4;
        foreach (var g in status.Groups.Append(status.Total with { Name = "合计" }))
        {
            TemplateWriter.Text(ws.Cell(r, 1), g.Code);
            TemplateWriter.Text(ws.Cell(r, 2), g.Name);
            ws.Cell(r, 3).SetValue(g.Expected);
            ws.Cell(r, 4).SetValue(g.OnTime);
            ws.Cell(r, 5).SetValue(g.Late);
            ws.Cell(r, 6).SetValue(g.Missing);
            if (g.Rate is { } rate) { ws.Cell(r, 7).SetValue(Math.Round(rate, 3)); ws.Cell(r, 7).Style.NumberFormat.Format = "0.0%"; }
            r++;
        }
        r++;
        string[] detail = ["单位代码", "单位名称", "所属", "状态", "首次报送时间", "复核", "联系人", "联系电话", "电子邮箱", "最近催报"];
        for (var c = 0; c < detail.Length; c++) TemplateWriter.Text(ws.Cell(r, c + 1), detail[c]);
        ws.Range(3, 1, 3, summary.Length).Style.Font.SetBold();
        ws.Range(r, 1, r, detail.Length).Style.Font.SetBold();
        foreach (var u in status.Units)
        {
            r++;
            TemplateWriter.Text(ws.Cell(r, 1), u.Code);
            TemplateWriter.Text(ws.Cell(r, 2), u.Name);
            TemplateWriter.Text(ws.Cell(r, 3), u.GroupName);
            TemplateWriter.Text(ws.Cell(r, 4), u.StateName);
            TemplateWriter.Text(ws.Cell(r, 5), u.FirstAcceptedUtc is { } t
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—");
            TemplateWriter.Text(ws.Cell(r, 6), u.ReviewName);
            TemplateWriter.Text(ws.Cell(r, 7), u.Contact.Name ?? "");
            TemplateWriter.Text(ws.Cell(r, 8), u.Contact.Phone ?? "");
            TemplateWriter.Text(ws.Cell(r, 9), u.Contact.Email ?? "");
            TemplateWriter.Text(ws.Cell(r, 10), u.ReminderText(TimeZoneInfo.Local));
        }
        TemplateWriter.SetWidths(ws, 16, 30, 24, 8, 18, 10, 10, 16, 26, 24);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
