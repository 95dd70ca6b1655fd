using System.ComponentModel.DataAnnotations;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>"Dashboard:Reminders": when the schedule reminds every unit that has not reported a month.</summary>
public sealed class ReminderSchedule : DailySchedule
{
    public const string Section = "Dashboard:Reminders";

    /// <summary>Every day at 09:00.</summary>
    public override string Cron { get; set; } = "0 0 9 * * ?";

    /// <summary>Days relative to a month's deadline on which it reminds: 3 days before and the day after.</summary>
    [MinLength(1)]
    public int[] DaysFromDeadline { get; set; } = [-3, 1];
}

/// <summary>What happened for one unit: the JSON line of <c>remind</c>.</summary>
/// <param name="Channel">email when mail went (or would go) to the unit's address, else app (消息 only), or none.</param>
/// <param name="Status">sent, failed, skipped (already reminded today), dry-run or no-recipient.</param>
public sealed record ReminderOutcome(string Org, string Period, string Channel, string To, string Status)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}

/// <summary>
/// 催报: reminds units that have not reported a month — all of them under an organisation or the ones ticked — at most once per
/// unit per day whatever triggers it (the page, the schedule, the CLI, any instance): the day is part of a unique key.
/// </summary>
public sealed class Reminders(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, ReportingStatusQueries status,
    Notifier notifier, ReportingCalendar calendar, TimeProvider clock)
{
    public const string Scheduled = "定时催报";

    /// <param name="codes">Only these units (each still missing); null for every missing unit under <paramref name="root"/>.</param>
    public async Task<List<ReminderOutcome>> RemindAsync(Organisation root, Period month, IReadOnlyCollection<string>? codes, string sentBy,
        bool dryRun, CancellationToken ct = default)
    {
        if (month.Type != PeriodType.Month) throw new InputRefusedException("催报按月进行，请选择月份。");
        var today = await calendar.TodayAsync(ct);
        if (month > today.LatestReportable) throw new InputRefusedException($"{month.ToChinese()}尚未开始报送，无需催报。");
        var tree = (await reference.GetAsync(dbFactory, ct)).Tree;
        var report = await status.UnitsAsync(root, month, tree, new UnitFilter(UnitStates.Missing), ct: ct);
        var wanted = codes?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = report.Units.Where(u => wanted is null || wanted.Contains(u.Code))
            .Select(u => tree.ByCode(u.Code)!).ToList();
        var deadline = today.Deadline(month);
        var day = today.Today;
        var ids = missing.Select(u => u.Id).ToList();
        HashSet<int> already;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            already = (await db.Notices.AsNoTracking().Where(n => n.ReminderDay == day && ids.Contains(n.OrganisationId))
                .Select(n => n.OrganisationId).ToListAsync(ct)).ToHashSet();

        var outcomes = new List<ReminderOutcome>();
        foreach (var unit in missing)
        {
            var channel = ChannelOf(unit);
            if (already.Contains(unit.Id)) { outcomes.Add(Outcome(unit, month, channel, "skipped")); continue; }
            if (dryRun)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var to = channel == "email" ? unit.Email! : string.Join(",", await Notifier.ReporterAccountsAsync(db, unit.Code, ct));
                outcomes.Add(new ReminderOutcome(unit.Code, month.ToString(), to.Length == 0 ? "none" : channel, to, "dry-run"));
                continue;
            }
            outcomes.Add(await RemindOneAsync(unit, month, deadline, day, sentBy, ct));
        }
        return outcomes;
    }

    private async Task<ReminderOutcome> RemindOneAsync(Organisation unit, Period month, DateOnly deadline, DateOnly day, string sentBy,
        CancellationToken ct)
    {
        // A reminder that would reach no one is not recorded: it is not the unit's reminder of the day, so once it has an account or an
        // address (and mail), the same day's 催报 reaches it.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if ((await Notifier.ReporterAccountsAsync(db, unit.Code, ct)).Count == 0 && (unit.Email is null || !notifier.MailConfigured))
                return new ReminderOutcome(unit.Code, month.ToString(), "none", "", "no-recipient")
                {
                    Error = unit.Email is null ? "没有填报员账号，也没有电子邮箱" : "没有填报员账号，系统未设置发送邮件",
                };
        var when = Deadlines.Text(deadline, day);
        var notice = new Notice
        {
            Kind = NoticeKind.Reminder, OrganisationId = unit.Id, Period = month, ReminderDay = day, SentBy = sentBy,
            SentAtUtc = clock.GetUtcNow().UtcDateTime,
            Subject = $"【催报】{unit.Name} {month.ToChinese()}党建指标尚未报送",
            Body = $"{unit.Name}（{unit.Code}）：{month.ToChinese()}党建指标数据尚未报送，{when}。请登录党建指标看板，在“待办”中下载模板、填报后上传。",
        };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Notices.Add(notice);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else reminded this unit today a moment ago (another instance, the schedule): the unique key kept it to one.
            return Outcome(unit, month, ChannelOf(unit), "skipped");
        }
        var deliveries = await notifier.DeliverAsync(notice, unit, $"/entry?org={Uri.EscapeDataString(unit.Code)}&period={month}", ct: ct);
        if (deliveries.FirstOrDefault(d => d.Channel == NoticeChannel.Email) is { } mail)
            return new ReminderOutcome(unit.Code, month.ToString(), "email", mail.To, mail.Status == DeliveryStatus.Sent ? "sent" : "failed")
            { Error = mail.Error };
        if (deliveries.Count == 0) return new ReminderOutcome(unit.Code, month.ToString(), "none", "", "no-recipient");
        return new ReminderOutcome(unit.Code, month.ToString(), "app", string.Join(",", deliveries.Select(d => d.To)), "sent");
    }

    /// <summary>email when the unit has an address and mail is configured (the inbox is used as well), else app.</summary>
    private string ChannelOf(Organisation unit) => unit.Email is not null && notifier.MailConfigured ? "email" : "app";

    private static ReminderOutcome Outcome(Organisation unit, Period month, string channel, string status) =>
        new(unit.Code, month.ToString(), channel, channel == "email" ? unit.Email! : "", status);

    /// <summary>
    /// The scheduled run: every month whose deadline is <see cref="ReminderSchedule.DaysFromDeadline"/> days from today gets its
    /// missing units reminded, under every top of the tree.
    /// </summary>
    public async Task<List<ReminderOutcome>> RunScheduleAsync(ReminderSchedule schedule, CancellationToken ct = default)
    {
        var today = await calendar.TodayAsync(ct);
        var tree = (await reference.GetAsync(dbFactory, ct)).Tree;
        var outcomes = new List<ReminderOutcome>();
        foreach (var month in today.RecentMonths(3))
        {
            if (!schedule.DaysFromDeadline.Contains(today.DaysAfterDeadline(month))) continue;
            foreach (var root in tree.Roots) outcomes.AddRange(await RemindAsync(root, month, null, Scheduled, dryRun: false, ct));
        }
        return outcomes;
    }

    /// <summary>The reminders and their deliveries for a month, newest first, for the units given (those in the viewer's scope).</summary>
    public async Task<List<Notice>> HistoryAsync(Period month, IReadOnlySet<int> unitIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.Notices.AsNoTracking().Include(n => n.Deliveries).Where(n => n.Period == month && n.Kind == NoticeKind.Reminder)
            .OrderByDescending(n => n.SentAtUtc).ToListAsync(ct);
        return notices.Where(n => unitIds.Contains(n.OrganisationId)).ToList();
    }
}
