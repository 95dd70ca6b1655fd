namespace DashboardApp.Figures;

/// <summary>One point or bar of a chart: its category ("3月", an organisation) and its value. A missing value has none: it is not drawn as
/// zero (and Radzen cannot draw a null).</summary>
public sealed record ChartPoint(string Label, decimal Value)
{
    /// <summary>What a tooltip says beside the value: "报送中 已报 284/507" for a month still being collected.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// A year's months split for a trend: the final months, drawn solid, and the months still being collected, drawn apart (hollow
    /// points on a dashed segment from the last final month before them) with their progress in the tooltip.
    /// </summary>
    public static (List<ChartPoint> Final, List<ChartPoint> Collecting) Trend(IReadOnlyList<decimal?> values,
        IReadOnlyList<Core.Periods.CollectingMonth> collecting)
    {
        var byIndex = collecting.ToDictionary(c => c.Month.Index);
        var all = values.Select((v, i) => (Value: v, Month: i + 1)).Where(x => x.Value is not null).ToList();
        var final = all.Where(x => !byIndex.ContainsKey(x.Month)).Select(x => new ChartPoint($"{x.Month}月", x.Value!.Value)).ToList();
        var open = all.Where(x => byIndex.ContainsKey(x.Month)).ToList();
        if (open.Count == 0) return (final, []);
        var joined = all.LastOrDefault(x => x.Month < open[0].Month && !byIndex.ContainsKey(x.Month));
        var provisional = open.Select(x => new ChartPoint($"{x.Month}月", x.Value!.Value)
        {
            Note = $"报送中 已报 {byIndex[x.Month].Reported}/{byIndex[x.Month].Expected}",
        });
        return (final, joined.Value is { } v ? [new ChartPoint($"{joined.Month}月", v), .. provisional] : [.. provisional]);
    }

    /// <summary>A year's months as points, "1月" … "12月", leaving out the months without data.</summary>
    public static List<ChartPoint> Months(IEnumerable<decimal?> values) =>
        values.Select((v, i) => (v, i)).Where(x => x.v is not null).Select(x => new ChartPoint($"{x.i + 1}月", x.v!.Value)).ToList();

    /// <summary>Organisations as bars, leaving out those without a value.</summary>
    public static List<ChartPoint> Bars<T>(IEnumerable<T> items, Func<T, string> label, Func<T, decimal?> value) =>
        items.Where(x => value(x) is not null).Select(x => new ChartPoint(label(x), value(x)!.Value)).ToList();
}
