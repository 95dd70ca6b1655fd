namespace DashboardApp.Core.Periods;

/// <summary>
/// The months a figure for a period covers, and so the months of last year it is compared with (同比 like
/// for like). A quarter or year that is over covers all its months. One not yet over covers the months
/// that have ended — 2026 on 1 December is 2026年1—11月, compared with 2025年1—11月, never with the whole of
/// 2025. A month always covers itself (one still being collected is marked so where it is shown). A quarter
/// or year none of whose months has ended covers its first month, which is still being collected.
/// </summary>
public readonly record struct ComparableSpan(Period Period, Period First, Period Last)
{
    /// <summary>The span of <paramref name="period"/> as of <paramref name="today"/>: the only place this is decided.</summary>
    public static ComparableSpan Of(Period period, DateOnly today)
    {
        var months = period.Months().ToList();
        var ended = months.Where(m => m.End < today).ToList();
        return new ComparableSpan(period, months[0], ended.Count > 0 ? ended[^1] : months[0]);
    }

    /// <summary>Every month of the period is in the span (a period over, or any month).</summary>
    public bool Whole => First == Period.Months().First() && Last == Period.Months().Last();

    public IEnumerable<Period> Months()
    {
        var (first, last) = (First, Last);
        return Period.Months().Where(m => m >= first && m <= last);
    }

    /// <summary>The same months a year earlier.</summary>
    public ComparableSpan LastYear => new(Period.SameLastYear, First.SameLastYear, Last.SameLastYear);

    /// <summary>"2026年1—11月" for a period not over, as the period reads otherwise ("2025年", "2025年第3季度", "2026年11月").</summary>
    public string ToChinese() => Whole ? Period.ToChinese()
        : First == Last ? First.ToChinese() : $"{First.Year}年{First.Index}—{Last.Index}月";

    /// <summary>The first and last month covered, as the query JSON gives them: ["2026-01", "2026-11"].</summary>
    public string[] MonthRange => [First.ToString(), Last.ToString()];
}
