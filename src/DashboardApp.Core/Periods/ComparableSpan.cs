using System.Text.Json.Serialization;

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

/// <summary>
/// A month being collected (报送中) inside a figure's period: how far its reporting has come under the organisation, and whether
/// the figure counts it. Left out by default — a span covers final months only — and counted when asked for, or when the period
/// has no final month to show (a month on its own).
/// </summary>
public sealed record CollectingMonth([property: JsonIgnore] Period Month, int Reported, int Expected, bool Included)
{
    /// <summary>The month as the query JSON gives it: "2026-11".</summary>
    [JsonPropertyName("month")]
    [JsonPropertyOrder(-1)]
    public string MonthText => Month.ToString();


    /// <summary>"11月报送中（已报 284/507），未计入" when left out, "含11月报送中数据（已报 284/507）" when counted.</summary>
    [JsonIgnore]
    public string Text => Included ? $"含{Month.Index}月报送中数据（已报 {Reported}/{Expected}）" : $"{Month.Index}月报送中（已报 {Reported}/{Expected}），未计入";
}

/// <summary>
/// The months a figure covers once the months being collected are decided on: final months only, unless the caller includes the
/// months being collected (then each is counted and marked provisional). The only place this is decided, from the calendar's
/// <see cref="ComparableSpan"/> and each month's progress under the organisation.
/// </summary>
public sealed record FigureSpan(ComparableSpan Span, IReadOnlyList<CollectingMonth> Collecting)
{
    /// <summary>A month the figure counts is still being collected: its value may still grow.</summary>
    public bool Provisional => Collecting.Any(c => c.Included);

    /// <summary>The months counted that are still being collected.</summary>
    public IReadOnlyList<Period> ProvisionalMonths => [.. Collecting.Where(c => c.Included).Select(c => c.Month)];

    /// <summary>
    /// Decides on <paramref name="candidate"/> (the months ended so far) given the months in it still being collected, with their progress.
    /// Left out, a span ends before the first of them; a span with no final month before it keeps that month alone, counted.
    /// </summary>
    public static FigureSpan Of(ComparableSpan candidate, IReadOnlyList<(Period Month, int Reported, int Expected)> collecting, bool includeProvisional)
    {
        if (collecting.Count == 0) return new FigureSpan(candidate, []);
        if (includeProvisional) return new FigureSpan(candidate, [.. collecting.Select(c => new CollectingMonth(c.Month, c.Reported, c.Expected, true))]);
        var first = collecting.Min(c => c.Month);
        var span = first > candidate.First ? candidate with { Last = first.PreviousMonth() } : candidate with { Last = first };
        return new FigureSpan(span, [.. collecting.Select(c => new CollectingMonth(c.Month, c.Reported, c.Expected, span.Months().Contains(c.Month)))]);
    }
}
