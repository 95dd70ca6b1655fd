using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>What an officer decided about a unit's month: 已核实, or 退回 for correction.</summary>
public enum MonthDecision { Verified, SentBack }

/// <summary>
/// 复核/退回: an officer's decision on one unit's month, kept as history. The month's review state is the latest decision
/// unless a submission for the month arrived after it (then it is 待核实 again); figures count accepted data whatever it is.
/// </summary>
public sealed class MonthReview : Access.IAudited
{
    public long Id { get; set; }
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    public MonthDecision Decision { get; set; }
    /// <summary>核实说明 or 退回原因.</summary>
    public required string Reason { get; set; }
    /// <summary>For a decision on single values: their indicator codes, joined by “、”; null for the whole month.</summary>
    public string? Indicators { get; set; }
    public required string DecidedBy { get; set; }
    public DateTime DecidedAtUtc { get; set; }

    /// <summary>月度复核 of "D01-S01-U001（和平安居社区党委） 2026-10": 核实 or 退回 with the reason and the values concerned.</summary>
    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var org = await change.Db.Organisations.AsNoTracking().Where(o => o.Id == OrganisationId).Select(o => o.Code + "（" + o.Name + "）")
            .FirstOrDefaultAsync(ct);
        var after = new Dictionary<string, object?> { ["Reason"] = Reason };
        if (Indicators is not null) after["Indicators"] = Indicators;
        return new Access.AuditEntry
        {
            Actor = "", Subject = "月度复核", Target = $"{org} {Period}", Action = Decision == MonthDecision.Verified ? "核实" : "退回",
            After = System.Text.Json.JsonSerializer.Serialize(after, Access.AuditTrail.Json),
        };
    }
}

public enum NoticeKind { Reminder, SentBack, Verified, Bulletin }

public enum NoticeChannel { App, Email }

public enum DeliveryStatus { Sent, Failed }

/// <summary>
/// 通知: one reminder, decision or 通报 sent about an organisation's month — when, by whom (a user name or the schedule), and
/// each delivery with its result. A reminder carries the day it was sent: one per unit per day, whatever triggers it.
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }
    public NoticeKind Kind { get; set; }
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    /// <summary>The local day of a reminder (unique with the unit); null for other kinds.</summary>
    public DateOnly? ReminderDay { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    /// <summary>A user name, or 定时催报 / 定时通报 / 命令行.</summary>
    public required string SentBy { get; set; }
    public DateTime SentAtUtc { get; set; }
    public List<NoticeDelivery> Deliveries { get; set; } = [];
}

/// <summary>One delivery of a notice: to an account's 消息 inbox or to an e-mail address, and how it went.</summary>
public sealed class NoticeDelivery
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public NoticeChannel Channel { get; set; }
    /// <summary>The account's user name, or the e-mail address.</summary>
    public required string To { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
}

/// <summary>消息: what an account finds in its inbox.</summary>
public sealed class InboxMessage
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public long? NoticeId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>A page of this site the message is about.</summary>
    public string? Link { get; set; }
    public DateTime SentAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
}

/// <summary>Who receives an organisation's 月度通报 by e-mail when it is sent on its schedule; set by an administrator.</summary>
public sealed class BulletinRecipient : Access.IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Email { get; set; }

    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        change.Record("通报收件人", await change.OrganisationCodeAsync(OrganisationId, ct) ?? "", nameof(Id), nameof(OrganisationId));
}
