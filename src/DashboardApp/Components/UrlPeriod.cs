using DashboardApp.Core.Periods;

namespace DashboardApp.Components;

/// <summary>A 统计期 offered in a page's list: its URL value and its label ("2026-11（报送中）").</summary>
public sealed record PeriodChoice(string Value, string Label);

/// <summary>The 统计期 a page was asked for in its URL; the month counterpart of <see cref="Access.UserScope.Info.Choose"/>.</summary>
public static class UrlPeriod
{
    /// <summary>
    /// The month <paramref name="text"/> names (2025-03 form) if it may be shown today, else the month pages open on
    /// (<see cref="CalendarToday.DefaultMonth"/>) with a notice saying why.
    /// </summary>
    public static Period Month(string? text, CalendarToday calendar, ICollection<string> notices)
    {
        if (text is null) return calendar.DefaultMonth;
        if (Period.TryParse(text, out var p) && p.Type == PeriodType.Month && calendar.MayShow(p)) return p;
        notices.Add($"统计期“{Shorten(text)}”无法识别或尚未开始报送，请使用 2025-03 形式；已显示 {calendar.DefaultMonth.ToChinese()}。");
        return calendar.DefaultMonth;
    }

    /// <summary>A month, quarter or year (2025-03, 2025-Q1, 2025) that may be shown today, else the default month with a notice.</summary>
    public static Period Any(string? text, CalendarToday calendar, ICollection<string> notices)
    {
        if (text is null) return calendar.DefaultMonth;
        if (PeriodText.TryParse(text, out var p) && calendar.MayShow(p)) return p;
        notices.Add($"统计期“{Shorten(text)}”无法识别或尚未开始报送，请使用 2025-03、2025-Q1 或 2025 形式；已显示 {calendar.DefaultMonth.ToChinese()}。");
        return calendar.DefaultMonth;
    }

    /// <summary>The months a page offers, newest first, the month being collected marked; <paramref name="selected"/> always among them.</summary>
    public static List<PeriodChoice> MonthChoices(CalendarToday calendar, int count, Period selected)
    {
        var months = calendar.RecentMonths(count).ToList();
        if (!months.Contains(selected)) months.Add(selected);
        return months.Select(m => new PeriodChoice(m.ToString(), calendar.Choice(m))).ToList();
    }

    private static string Shorten(string text) => text.Length > 16 ? text[..16] + "…" : text;
}
