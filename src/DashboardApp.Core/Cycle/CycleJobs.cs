using Microsoft.Extensions.Options;
using Quartz;

namespace DashboardApp.Core.Cycle;

/// <summary>Thin Quartz job: the scheduled 催报 (<see cref="Reminders.RunScheduleAsync"/>).</summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(Reminders reminders, IOptions<ReminderSchedule> schedule) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.RunScheduleAsync(schedule.Value, cancellationToken);
}

/// <summary>Thin Quartz job: the 月度通报 mailed on its schedule (<see cref="BulletinMailing.RunScheduleAsync"/>).</summary>
[DisallowConcurrentExecution]
public sealed class BulletinJob(BulletinMailing mailing, IOptions<BulletinSchedule> schedule) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mailing.RunScheduleAsync(schedule.Value, cancellationToken);
}

public static class CycleJobs
{
    public static readonly JobKey Reminder = new("reminders", "cycle");
    public static readonly JobKey Bulletin = new("bulletins", "cycle");

    /// <summary>The daily 通报 job on <see cref="BulletinSchedule.Cron"/>, when enabled.</summary>
    public static void AddBulletinJob(this IQuartzBuilder quartz, BulletinSchedule schedule)
    {
        if (!schedule.Enabled) return;
        quartz.AddJob<BulletinJob>(j => j.WithIdentity(Bulletin).StoreDurably().WithDescription("定时通报"));
        quartz.AddTrigger(t => t.ForJob(Bulletin).WithIdentity("daily-bulletins", "cycle")
            .WithCronSchedule(schedule.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    /// <summary>The daily reminder job on <see cref="ReminderSchedule.Cron"/>, when enabled (on a shared store it runs on one instance).</summary>
    public static void AddCycleJobs(this IQuartzBuilder quartz, ReminderSchedule schedule)
    {
        if (!schedule.Enabled) return;
        quartz.AddJob<ReminderJob>(j => j.WithIdentity(Reminder).StoreDurably().WithDescription("定时催报"));
        quartz.AddTrigger(t => t.ForJob(Reminder).WithIdentity("daily-reminders", "cycle")
            .WithCronSchedule(schedule.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
