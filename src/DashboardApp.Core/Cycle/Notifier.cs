using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>
/// Tells a unit something — a reminder, a decision on its figures, a 通报 — in the 消息 inbox of each of its reporter accounts and
/// by e-mail to its 电子邮箱, and records the notice with every delivery and its result, a failed one included.
/// </summary>
public sealed class Notifier(IDbContextFactory<DashboardDbContext> dbFactory, MailSender mail, TimeProvider clock)
{
    public bool MailConfigured => mail.IsConfigured;

    /// <summary>The enabled 单位填报员 accounts whose scope is exactly the unit.</summary>
    public static async Task<List<string>> ReporterAccountsAsync(DashboardDbContext db, string unitCode, CancellationToken ct) =>
        (await ReporterAccountsAsync(db, [unitCode], ct)).GetValueOrDefault(unitCode) ?? [];

    /// <summary>The enabled 单位填报员 accounts of each of the units, by unit code (units without one are absent): one query for a list.</summary>
    public static async Task<Dictionary<string, List<string>>> ReporterAccountsAsync(DashboardDbContext db, IReadOnlyCollection<string> unitCodes,
        CancellationToken ct)
    {
        var accounts = await (from u in db.Users
                              join ur in db.UserRoles on u.Id equals ur.UserId
                              join r in db.Roles on ur.RoleId equals r.Id
                              where u.ScopeOrgCode != null && unitCodes.Contains(u.ScopeOrgCode) && r.Name == Roles.Reporter
                              select new { u.ScopeOrgCode, u.UserName, u.LockoutEnd }).AsNoTracking().ToListAsync(ct);
        return accounts.Where(a => a.LockoutEnd != DateTimeOffset.MaxValue).GroupBy(a => a.ScopeOrgCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.UserName!).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Delivers a notice already saved (it has an id) to <paramref name="unit"/>: its reporter accounts' inboxes always, its e-mail
    /// address when there is one and mail is configured (<paramref name="email"/> false leaves mail out); saves the deliveries.
    /// </summary>
    public async Task<List<NoticeDelivery>> DeliverAsync(Notice notice, Organisation unit, string link, bool email = true,
        MailAttachment? attachment = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var deliveries = new List<NoticeDelivery>();
        foreach (var account in await ReporterAccountsAsync(db, unit.Code, ct))
        {
            db.InboxMessages.Add(new InboxMessage
            {
                UserName = account, NoticeId = notice.Id, Title = notice.Subject, Body = notice.Body, Link = link, SentAtUtc = now,
            });
            deliveries.Add(new NoticeDelivery
            {
                NoticeId = notice.Id, Channel = NoticeChannel.App, To = account, Status = DeliveryStatus.Sent, Attempts = 1,
            });
        }
        if (email && unit.Email is { } address && mail.IsConfigured)
        {
            var result = await mail.SendAsync(address, notice.Subject, notice.Body, attachment, ct);
            deliveries.Add(new NoticeDelivery
            {
                NoticeId = notice.Id, Channel = NoticeChannel.Email, To = address, Status = result.Sent ? DeliveryStatus.Sent : DeliveryStatus.Failed,
                Attempts = result.Attempts, Error = result.Error,
            });
        }
        db.NoticeDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(ct);
        return deliveries;
    }

    /// <summary>Saves a notice that is not a reminder and delivers it to the unit.</summary>
    public async Task<List<NoticeDelivery>> SendAsync(NoticeKind kind, Organisation unit, Periods.Period period, string subject, string body,
        string sentBy, string link, bool email, CancellationToken ct = default)
    {
        var notice = new Notice
        {
            Kind = kind, OrganisationId = unit.Id, Period = period, Subject = subject, Body = body, SentBy = sentBy,
            SentAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Notices.Add(notice);
            await db.SaveChangesAsync(ct);
        }
        return await DeliverAsync(notice, unit, link, email, null, ct);
    }
}
