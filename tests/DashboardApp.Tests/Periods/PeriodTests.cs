using DashboardApp.Core.Periods;

namespace DashboardApp.Tests.Periods;

public class PeriodTests
{
    [Theory]
    [InlineData("2025-03", "2025-03")]
    [InlineData("2025-3", "2025-03")]
    [InlineData("2025.3", "2025-03")]
    [InlineData("2025/03", "2025-03")]
    [InlineData("2025年3月", "2025-03")]
    [InlineData("2025年03月", "2025-03")]
    [InlineData("二〇二五年三月", "2025-03")]
    [InlineData("二〇二五年十二月", "2025-12")]
    [InlineData("２０２５年３月", "2025-03")]
    [InlineData(" 2025 年 3 月 ", "2025-03")]
    [InlineData("2025年3月份", "2025-03")]
    [InlineData("2025-Q1", "2025-Q1")]
    [InlineData("2025年第一季度", "2025-Q1")]
    [InlineData("2025", "2025")]
    [InlineData("2025年度", "2025")]
    public void EveryAcceptedPeriodTextReadsAsItsCanonicalPeriod(string text, string expected)
    {
        Assert.True(PeriodText.TryParse(text, out var period), text);
        Assert.Equal(expected, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("三月")]
    [InlineData("上个月")]
    [InlineData("2025-Q5")]
    public void TextThatIsNotAPeriodIsRejected(string text) => Assert.False(PeriodText.TryParse(text, out _));

    [Fact]
    public void ADateCellNamesTheMonthItFallsIn() =>
        Assert.Equal(Period.Month(2025, 3), PeriodText.FromDate(new DateTime(2025, 3, 17)));

    [Fact]
    public void AMonthBelongsToItsQuarterAndYear()
    {
        var may = Period.Month(2025, 5);
        Assert.Equal(["2025-Q2", "2025"], may.Containing().Select(p => p.ToString()));
        Assert.Equal(new DateOnly(2025, 5, 31), may.End);
        Assert.Equal(["2025-04", "2025-05", "2025-06"], Period.Quarter(2025, 2).Months().Select(p => p.ToString()));
    }

    [Fact]
    public void TheDeadlineIsTheTenthDayAfterThePeriodEnds()
    {
        Assert.Equal(new DateOnly(2025, 3, 10), Period.Month(2025, 2).Deadline());
        Assert.Equal(new DateOnly(2026, 1, 10), Period.OfYear(2025).Deadline());
    }

    [Fact]
    public void YearToDateRunsFromJanuaryToTheMonth()
    {
        Assert.Equal(3, Period.Month(2025, 3).YearToDateMonths().Count());
        Assert.Equal(Period.Month(2025, 1), Period.Month(2025, 3).YearToDateMonths().First());
    }

    [Fact]
    public void SameMonthLastYearAndNextMonthCrossYearBoundaries()
    {
        Assert.Equal(Period.Month(2024, 12), Period.Month(2025, 12).SameLastYear);
        Assert.Equal(Period.Month(2026, 1), Period.Month(2025, 12).NextMonth());
        Assert.Equal(Period.Month(2024, 12), Period.Month(2025, 1).PreviousMonth());
        Assert.Equal(["2025-02", "2025-01", "2024-12"], Period.Month(2025, 2).AndEarlierMonths().Take(3).Select(p => p.ToString()));
    }

    [Fact]
    public void CanonicalNotationRoundTrips()
    {
        foreach (var p in new[] { Period.Month(2024, 2), Period.Quarter(2024, 4), Period.OfYear(2024) })
            Assert.Equal(p, Period.Parse(p.ToString()));
    }
}
