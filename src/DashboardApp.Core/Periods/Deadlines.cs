using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Periods;

public static class Deadlines
{
    /// <summary>报送截止日期 of a month: the date an administrator set for it, else <paramref name="defaultDays"/> after it ends (docs/product.md, “Periods
    /// and 同比”). Asked through <see cref="ReportingCalendar.DeadlineAsync(Period, CancellationToken)"/>, which knows the default.</summary>
    internal static async Task<DateOnly> DeadlineAsync(this DashboardDbContext db, Period month, int defaultDays, CancellationToken ct = default) =>
        await db.PeriodDeadlines.AsNoTracking().Where(d => d.Period == month).Select(d => (DateOnly?)d.Deadline).FirstOrDefaultAsync(ct)
        ?? month.Deadline(defaultDays);

    /// <summary>The moment, in UTC as acceptances are stored, the deadline day ends where the server is: a submission accepted before it
    /// came on time (报送情况, 报送质量).</summary>
    public static DateTime EndUtc(DateOnly deadline) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), TimeZoneInfo.Local);

    /// <summary>How a deadline reads on a day: "截止12月10日（还有 4 天）", "今天（12月10日）截止", "截止日期12月10日已过 2 天".</summary>
    public static string Text(DateOnly deadline, DateOnly today) => (deadline.DayNumber - today.DayNumber) switch
    {
        > 0 and var d => $"截止{deadline.Month}月{deadline.Day}日（还有 {d} 天）",
        0 => $"今天（{deadline.Month}月{deadline.Day}日）截止",
        var d => $"截止日期{deadline.Month}月{deadline.Day}日已过 {-d} 天",
    };
}
