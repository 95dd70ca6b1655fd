using DashboardApp.Core.Periods;

namespace DashboardApp.Tests.Periods;

public class ReportingCalendarTests
{
    private static CalendarToday On(DateOnly today, int daysBeforeEnd = 0, Dictionary<Period, DateOnly>? set = null)
    {
        var latest = CalendarToday.LatestReportableOn(today, daysBeforeEnd);
        var deadlines = latest.AndEarlierMonths().Take(24).ToDictionary(m => m, m => set?.GetValueOrDefault(m) is { } d && d != default ? d
            : m.Deadline(10));
        return new CalendarToday(today, latest, deadlines, 10);
    }

    [Fact]
    public void OnTheSixthOfDecemberNovemberIsBeingCollectedAndPagesOpenOnOctober()
    {
        var calendar = On(new DateOnly(2026, 12, 6));
        Assert.Equal(Period.Month(2026, 11), calendar.LatestReportable);
        Assert.True(calendar.IsCollecting(Period.Month(2026, 11)));
        Assert.False(calendar.IsCollecting(Period.Month(2026, 10)));
        Assert.False(calendar.IsCollecting(Period.Month(2026, 12)));
        Assert.Equal(Period.Month(2026, 10), calendar.DefaultMonth);
        Assert.Equal("报送中 · 截止12月10日", calendar.CollectingText(Period.Month(2026, 11)));
        Assert.Null(calendar.CollectingText(Period.Month(2026, 10)));
        Assert.Equal("2026-11（报送中）", calendar.Choice(Period.Month(2026, 11)));
        Assert.Equal("2026-10", calendar.Choice(Period.Month(2026, 10)));
    }

    [Fact]
    public void TheDayAfterTheDeadlineTheMonthIsNoLongerCollectedAndPagesOpenOnIt()
    {
        Assert.True(On(new DateOnly(2026, 12, 10)).IsCollecting(Period.Month(2026, 11)));
        Assert.Equal(Period.Month(2026, 10), On(new DateOnly(2026, 12, 10)).DefaultMonth);
        Assert.False(On(new DateOnly(2026, 12, 11)).IsCollecting(Period.Month(2026, 11)));
        Assert.Equal(Period.Month(2026, 11), On(new DateOnly(2026, 12, 11)).DefaultMonth);
    }

    [Fact]
    public void AMonthNotEndedIsNeitherShownNorCollectedUnlessConfiguredToBeReportedEarly()
    {
        var calendar = On(new DateOnly(2026, 12, 6));
        Assert.False(calendar.MayShow(Period.Month(2026, 12)));
        Assert.True(calendar.MayShow(Period.OfYear(2026)));
        Assert.True(calendar.MayShow(Period.Quarter(2026, 4)));
        Assert.False(calendar.MayShow(Period.OfYear(2027)));

        // Reported from 3 days before its end: December may be reported from the 29th, and is then being collected.
        var early = On(new DateOnly(2026, 12, 29), daysBeforeEnd: 3);
        Assert.Equal(Period.Month(2026, 12), early.LatestReportable);
        Assert.True(early.IsCollecting(Period.Month(2026, 12)));
        Assert.True(early.MayShow(Period.Month(2026, 12)));
        Assert.Equal(Period.Month(2026, 11), early.DefaultMonth);
        Assert.Equal(Period.Month(2026, 11), On(new DateOnly(2026, 12, 28), daysBeforeEnd: 3).LatestReportable);
    }

    [Fact]
    public void AnExtendedDeadlineKeepsAMonthBeingCollectedAndPagesOnTheOneBefore()
    {
        var set = new Dictionary<Period, DateOnly> { [Period.Month(2026, 10)] = new DateOnly(2026, 12, 20) };
        var calendar = On(new DateOnly(2026, 12, 6), set: set);
        Assert.True(calendar.IsCollecting(Period.Month(2026, 10)));
        Assert.Equal("报送中 · 截止12月20日", calendar.CollectingText(Period.Month(2026, 10)));
        Assert.Equal(Period.Month(2026, 9), calendar.DefaultMonth);
    }

    [Fact]
    public void WithEveryRecentDeadlineAheadPagesOpenOnTheLastMonthEnded()
    {
        var latest = Period.Month(2026, 11);
        var deadlines = latest.AndEarlierMonths().Take(24).ToDictionary(m => m, _ => new DateOnly(2027, 1, 1));
        var calendar = new CalendarToday(new DateOnly(2026, 12, 6), latest, deadlines, 10);
        Assert.Equal(Period.Month(2026, 11), calendar.DefaultMonth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheDefaultMonthHasEndedAndItsDeadlineHasPassedWheneverOneHas(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var today = new DateOnly(2020, 1, 1).AddDays(random.Next(0, 3000));
            var calendar = On(today, daysBeforeEnd: random.Next(0, 5));
            var month = calendar.DefaultMonth;
            Assert.True(month.End < today);
            Assert.True(month.Deadline(10) < today);
            Assert.False(calendar.IsCollecting(month));
            // Nothing later has both ended and passed its deadline.
            Assert.True(month.NextMonth().Deadline(10) >= today);
        }
    }
}
