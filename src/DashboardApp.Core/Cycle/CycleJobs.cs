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

/// <summary>A job that looks once a day: whether it is on, and when (Quartz cron, local time).</summary>
public abstract class DailySchedule
{
    public bool Enabled { get; set; } = true;

    public abstract string Cron { get; set; }
}

public static class CycleJobs
{
    public static readonly JobKey Reminder = new("reminders", "cycle");
    public static readonly JobKey Bulletin = new("bulletins", "cycle");

    /// <summary>
    /// The daily reminder and 通报 jobs, each on its cron when enabled (on a shared store each runs on one instance; a missed run fires at
    /// the next start).
    /// </summary>
    public static void AddCycleJobs(this IQuartzBuilder quartz, ReminderSchedule reminders, BulletinSchedule bulletins)
    {
        AddDaily<ReminderJob>(quartz, Reminder, "定时催报", reminders);
        AddDaily<BulletinJob>(quartz, Bulletin, "定时通报", bulletins);
    }

    private static void AddDaily<TJob>(IQuartzBuilder quartz, JobKey key, string description, DailySchedule schedule) where TJob : IJob
    {
        if (!schedule.Enabled) return;
        quartz.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().WithDescription(description));
        quartz.AddTrigger(t => t.ForJob(key).WithIdentity($"daily-{key.Name}", key.Group)
            .WithCronSchedule(schedule.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
