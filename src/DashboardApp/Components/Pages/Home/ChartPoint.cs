namespace DashboardApp.Components.Pages.Home;

/// <summary>One point or bar of a chart: its category ("3月", an organisation) and its value. A missing value has none: it is not drawn as
/// zero (and Radzen cannot draw a null).</summary>
public sealed record ChartPoint(string Label, decimal Value)
{
    /// <summary>A year's months as points, "1月" … "12月", leaving out the months without data.</summary>
    public static List<ChartPoint> Months(IEnumerable<decimal?> values) =>
        values.Select((v, i) => (v, i)).Where(x => x.v is not null).Select(x => new ChartPoint($"{x.i + 1}月", x.v!.Value)).ToList();

    /// <summary>Organisations as bars, leaving out those without a value.</summary>
    public static List<ChartPoint> Bars<T>(IEnumerable<T> items, Func<T, string> label, Func<T, decimal?> value) =>
        items.Where(x => value(x) is not null).Select(x => new ChartPoint(label(x), value(x)!.Value)).ToList();
}
