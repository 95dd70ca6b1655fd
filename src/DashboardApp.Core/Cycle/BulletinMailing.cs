using System.ComponentModel.DataAnnotations;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>"Dashboard:Bulletin": when the 月度通报 is mailed to its recipients.</summary>
public sealed class BulletinSchedule : DailySchedule
{
    public const string Section = "Dashboard:Bulletin";

    /// <summary>Every day at 08:00.</summary>
    public override string Cron { get; set; } = "0 0 8 * * ?";

    /// <summary>The month's 通报 goes out this many days after its deadline.</summary>
    [Range(0, 60)]
    public int DaysAfterDeadline { get; set; } = 1;
}

/// <summary>
/// 月度通报 by e-mail: the recipients an administrator set for an organisation, and the mail with the 通报 workbook attached, sent on
/// <see cref="BulletinSchedule"/> or at once; each delivery recorded as a notice like a reminder's.
/// </summary>
public sealed class BulletinMailing(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, BulletinQueries bulletins,
    ReportingCalendar calendar, MailSender mail, TimeProvider clock)
{
    public const string Scheduled = "定时通报";

    public async Task<List<BulletinRecipient>> RecipientsAsync(Organisation org, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BulletinRecipients.AsNoTracking().Where(r => r.OrganisationId == org.Id).OrderBy(r => r.Email).ToListAsync(ct);
    }

    /// <summary>Adds a recipient (audited); only an administrator may.</summary>
    public async Task AddAsync(Actor actor, Organisation org, string email, CancellationToken ct = default)
    {
        AdministratorOnly(actor);
        email = email.Trim();
        if (!OrganisationContact.IsEmail(email)) throw new InputRefusedException($"电子邮箱“{email}”格式不正确，应如 name@example.gov.cn");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.BulletinRecipients.AnyAsync(r => r.OrganisationId == org.Id && r.Email == email, ct))
            throw new InputRefusedException($"“{email}”已在收件人中");
        db.Actor = actor.UserName;
        db.BulletinRecipients.Add(new BulletinRecipient { OrganisationId = org.Id, Email = email });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(Actor actor, Organisation org, string email, CancellationToken ct = default)
    {
        AdministratorOnly(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        db.BulletinRecipients.RemoveRange(await db.BulletinRecipients.Where(r => r.OrganisationId == org.Id && r.Email == email).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Mails the organisation's 通报 of <paramref name="month"/> to each of its recipients, with the workbook attached; an administrator's act.</summary>
    public async Task<List<NoticeDelivery>> SendAsync(Actor actor, Organisation org, Period month, CancellationToken ct = default)
    {
        AdministratorOnly(actor);
        return await MailAsync(org, month, actor.UserName, ct);
    }

    private static void AdministratorOnly(Actor actor)
    {
        if (actor.Role != Access.Roles.Admin) throw new UnauthorizedAccessException(Actor.NoRights);
    }

    private async Task<List<NoticeDelivery>> MailAsync(Organisation org, Period month, string sentBy, CancellationToken ct)
    {
        var recipients = await RecipientsAsync(org, ct);
        if (recipients.Count == 0) return [];
        if (!mail.IsConfigured) throw new InputRefusedException(MailSender.NotConfiguredForBulletin);
        var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
        var bulletin = await bulletins.LoadAsync(org, month, tree, catalogue, await calendar.TodayAsync(ct), ct);
        var attachment = new MailAttachment(bulletin.FileName, BulletinQueries.Workbook(bulletin));
        var notice = new Notice
        {
            Kind = NoticeKind.Bulletin, OrganisationId = org.Id, Period = month, Subject = bulletin.Title, SentBy = sentBy,
            Body = bulletin.Lead + "\n\n详见附件。", SentAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        foreach (var r in recipients)
        {
            var result = await mail.SendAsync(r.Email, notice.Subject, notice.Body, attachment, ct);
            notice.Deliveries.Add(new NoticeDelivery
            {
                Channel = NoticeChannel.Email, To = r.Email, Status = result.Sent ? DeliveryStatus.Sent : DeliveryStatus.Failed,
                Attempts = result.Attempts, Error = result.Error,
            });
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Notices.Add(notice);
            await db.SaveChangesAsync(ct);
        }
        return notice.Deliveries;
    }

    /// <summary>The scheduled run: a month whose deadline was <see cref="BulletinSchedule.DaysAfterDeadline"/> days ago goes to every recipient.</summary>
    public async Task<int> RunScheduleAsync(BulletinSchedule schedule, CancellationToken ct = default)
    {
        if (!mail.IsConfigured) return 0;
        var today = await calendar.TodayAsync(ct);
        var due = today.RecentMonths(3).Where(m => today.DaysAfterDeadline(m) == schedule.DaysAfterDeadline).ToList();
        if (due.Count == 0) return 0;
        List<int> orgIds;
        OrganisationTree tree;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            orgIds = await db.BulletinRecipients.Select(r => r.OrganisationId).Distinct().ToListAsync(ct);
            tree = (await reference.GetAsync(db, ct)).Tree;
        }
        var sent = 0;
        foreach (var month in due)
            foreach (var org in orgIds.Select(tree.ById).OfType<Organisation>())
                sent += (await MailAsync(org, month, Scheduled, ct)).Count(d => d.Status == DeliveryStatus.Sent);
        return sent;
    }
}
