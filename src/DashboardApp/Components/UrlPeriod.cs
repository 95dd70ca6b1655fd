using DashboardApp.Core.Periods;

namespace DashboardApp.Components;

/// <summary>The 统计期 a page was asked for in its URL; the month counterpart of <see cref="Access.UserScope.Info.Choose"/>.</summary>
public static class UrlPeriod
{
    /// <summary>The month <paramref name="text"/> names (2025-03 form) if it has begun, else <paramref name="latest"/> with a notice saying why.</summary>
    public static Period Month(string? text, Period latest, DateOnly today, ICollection<string> notices)
    {
        if (text is null) return latest;
        if (Period.TryParse(text, out var p) && p.Type == PeriodType.Month && p.Start <= today) return p;
        notices.Add($"统计期“{text}”无法识别或尚未开始，请使用 2025-03 形式；已显示 {latest.ToChinese()}。");
        return latest;
    }
}
