namespace DashboardApp.Figures;

/// <summary>
/// A value axis from 0 with about five steps of 1, 2 or 5 × 10ⁿ. For counts (次, 人) the step is a whole number, so the
/// axis never reads 0.1 … 0.9 人; for decimals (小时) Radzen's own choice stands.
/// </summary>
public readonly record struct AxisScale(double? Max, double? Step)
{
    private static readonly int[] Steps = [1, 2, 5, 10];

    public static AxisScale For(IEnumerable<decimal> values, bool wholeNumbers)
    {
        if (!wholeNumbers) return new AxisScale(null, null);
        var max = (double)values.DefaultIfEmpty(0).Max();
        if (max <= 0) return new AxisScale(1, 1);
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = Steps.Select(f => f * magnitude).First(s => s >= raw);
        step = Math.Max(1, Math.Round(step));
        return new AxisScale(Math.Ceiling(max / step) * step, step);
    }
}
