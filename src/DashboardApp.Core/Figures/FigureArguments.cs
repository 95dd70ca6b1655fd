using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Figures;

/// <summary>
/// The 统计期 and indicator of a figure as the command line's <c>query</c> and the API's <c>GET /api/v1/figures</c> take them,
/// read the same way by both, refused in the same Chinese.
/// </summary>
public static class FigureArguments
{
    /// <summary>2025-03, 2025-Q1, 2025, or their Chinese forms (2025年3月, 2025年第一季度, 2025年).</summary>
    public static Period Period(string? text) => text is not null && (Periods.Period.TryParse(text, out var period) || PeriodText.TryParse(text, out period))
        ? period
        : throw new InputRefusedException($"无法识别统计期“{Shown(text)}”，应为 2025-03、2025-Q1 或 2025");

    /// <summary>An indicator or derived rate by its code, or an indicator by its name or an alias.</summary>
    public static Measure Measure(IndicatorCatalogue catalogue, string? code) =>
        code is null ? throw new InputRefusedException("缺少指标代码")
        : catalogue.MeasureByCode(code) ?? (catalogue.Find(code) is { } found ? found : null)
        ?? throw new InputRefusedException($"指标“{Shown(code)}”不存在，可选：{string.Join("、", catalogue.Measures.Select(m => m.Code))}");

    /// <summary>A caller's argument as a refusal quotes it: cut after 32 characters.</summary>
    public static string Shown(string? text) => text is null ? "" : text.Length > 32 ? text[..32] + "…" : text;
}
