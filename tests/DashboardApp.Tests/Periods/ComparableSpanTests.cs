using DashboardApp.Core.Periods;

namespace DashboardApp.Tests.Periods;

public class ComparableSpanTests
{
    /// <summary>The plain reference: day by day, which months of the period have ended before today.</summary>
    private static List<Period> EndedMonths(Period period, DateOnly today)
    {
        var ended = new List<Period>();
        for (var day = period.Start; day <= period.End; day = day.AddDays(1))
            if (day.AddDays(1).Day == 1 && day < today) ended.Add(Period.Month(day.Year, day.Month));
        return ended;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ASpanIsTheMonthsEndedAndLastYearsSameMonths(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var year = random.Next(2020, 2030);
            var period = random.Next(3) switch
            {
                0 => Period.Month(year, random.Next(1, 13)),
                1 => Period.Quarter(year, random.Next(1, 5)),
                _ => Period.OfYear(year),
            };
            var today = new DateOnly(2019, 12, 1).AddDays(random.Next(0, 11 * 366));
            var span = ComparableSpan.Of(period, today);

            var ended = EndedMonths(period, today);
            var expected = period.Type == PeriodType.Month || ended.Count == 0 ? period.Months().Take(1).ToList() : ended;
            Assert.Equal(expected, span.Months().ToList());
            Assert.Equal(ended.Count == period.Months().Count() || period.Type == PeriodType.Month, span.Whole);
            Assert.Equal(expected.Select(m => m.SameLastYear), span.LastYear.Months());
            Assert.Equal(span.Whole, span.LastYear.Whole);
        }
    }

    [Fact]
    public void AYearNotOverIsLabelledByItsMonths()
    {
        var span = ComparableSpan.Of(Period.OfYear(2026), new DateOnly(2026, 12, 1));
        Assert.Equal("2026年1—11月", span.ToChinese());
        Assert.Equal("2025年1—11月", span.LastYear.ToChinese());
        Assert.Equal(["2026-01", "2026-11"], span.MonthRange);
        Assert.Equal("2025年", ComparableSpan.Of(Period.OfYear(2025), new DateOnly(2026, 12, 1)).ToChinese());
        Assert.Equal("2026年10—11月", ComparableSpan.Of(Period.Quarter(2026, 4), new DateOnly(2026, 12, 1)).ToChinese());
        Assert.Equal("2026年12月", ComparableSpan.Of(Period.Month(2026, 12), new DateOnly(2026, 12, 1)).ToChinese());
    }
}
