using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DashboardApp.Core.Periods;

/// <summary>
/// Where the monthly cycle stands today: which months may be reported, which are still being collected
/// (报送中: reportable, deadline not passed) and which month a page opens on — the latest whose deadline has
/// passed, else the latest that has ended; never one still being collected. The only place pages ask.
/// </summary>
public sealed class ReportingCalendar(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, IOptions<ReportingWindow> rules)
{
    /// <summary>How far back a page looks for a month whose deadline has passed.</summary>
    private const int LookBackMonths = 24;

    public DateOnly Today => TodayBy(clock);

    /// <summary>Today's date where the server is, by <paramref name="clock"/>: the one way "today" is reckoned (also where no calendar is at hand).</summary>
    public static DateOnly TodayBy(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>报送截止日期 of <paramref name="month"/>: the date an administrator set for it, else the configured days after it ends.</summary>
    public async Task<DateOnly> DeadlineAsync(Period month, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DeadlineAsync(db, month, ct);
    }

    /// <inheritdoc cref="DeadlineAsync(Period, CancellationToken)"/>
    public Task<DateOnly> DeadlineAsync(DashboardDbContext db, Period month, CancellationToken ct = default) =>
        db.DeadlineAsync(month, rules.Value.DeadlineDays, ct);

    /// <summary>The deadline of a month with no date set for it (<see cref="ReportingWindow.DeadlineDays"/> after it ends).</summary>
    public DateOnly DefaultDeadline(Period month) => month.Deadline(rules.Value.DeadlineDays);

    /// <summary>The calendar as of today, with each recent month's deadline (an administrator's date, else the default).</summary>
    public async Task<CalendarToday> TodayAsync(CancellationToken ct = default)
    {
        var today = Today;
        var options = rules.Value;
        var latest = CalendarToday.LatestReportableOn(today, options.ReportFromDaysBeforeEnd);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var months = latest.AndEarlierMonths().Take(LookBackMonths).ToList();
        var set = await db.PeriodDeadlines.AsNoTracking().Where(d => months.Contains(d.Period)).ToDictionaryAsync(d => d.Period, d => d.Deadline, ct);
        var deadlines = months.ToDictionary(m => m, m => set.TryGetValue(m, out var d) ? d : m.Deadline(options.DeadlineDays));
        return new CalendarToday(today, latest, deadlines, options.DeadlineDays);
    }
}

/// <summary>The monthly cycle on one day: a value, so a page reads it once per load and every label agrees.</summary>
public sealed class CalendarToday(DateOnly today, Period latestReportable, IReadOnlyDictionary<Period, DateOnly> deadlines, int defaultDeadlineDays)
{
    public DateOnly Today { get; } = today;

    /// <summary>The latest month that may be reported today: the last month ended, or the month in progress when configured so.</summary>
    public Period LatestReportable { get; } = latestReportable;

    public static Period LatestReportableOn(DateOnly today, int daysBeforeEnd)
    {
        var current = Period.MonthOf(today);
        return ReportingWindow.FirstReportingDay(current, daysBeforeEnd) <= today ? current : current.PreviousMonth();
    }

    public DateOnly Deadline(Period month) => deadlines.TryGetValue(month, out var d) ? d : month.Deadline(defaultDeadlineDays);

    /// <summary>Days since the month's deadline: negative before it, 0 on the day.</summary>
    public int DaysAfterDeadline(Period month) => Today.DayNumber - Deadline(month).DayNumber;

    /// <summary>报送中: the month may be reported and its deadline has not passed.</summary>
    public bool IsCollecting(Period month) => month.Type == PeriodType.Month && month <= LatestReportable && Today <= Deadline(month);

    /// <summary>The month a page opens on: the latest whose deadline has passed, else the latest that has ended.</summary>
    public Period DefaultMonth
    {
        get
        {
            foreach (var m in LatestReportable.AndEarlierMonths().Take(deadlines.Count))
                if (Deadline(m) < Today && m.End < Today) return m;
            return Period.MonthOf(Today).PreviousMonth();
        }
    }

    /// <summary>Months a page offers, newest first: from the latest reportable back <paramref name="count"/> months.</summary>
    public IEnumerable<Period> RecentMonths(int count) => LatestReportable.AndEarlierMonths().Take(count);

    /// <summary>A month, quarter or year a page may show: a month once it may be reported, a longer period once it has begun.</summary>
    public bool MayShow(Period period) => period.Type == PeriodType.Month ? period <= LatestReportable : period.Start <= Today;

    /// <summary>"报送中 · 截止12月10日" for a month being collected, null otherwise.</summary>
    public string? CollectingText(Period month)
    {
        if (!IsCollecting(month)) return null;
        var deadline = Deadline(month);
        return $"报送中 · 截止{deadline.Month}月{deadline.Day}日";
    }

    /// <summary>A month offered in a list: "2026-11（报送中）" while it is being collected.</summary>
    public string Choice(Period month) => IsCollecting(month) ? $"{month}（报送中）" : month.ToString();
}
