namespace DashboardApp.Core.Indicators;

/// <summary>
/// What a page, export or the command line can show a figure of: a catalogue indicator or a derived rate, with how its
/// numbers read. Exactly one of <see cref="Indicator"/> and <see cref="Rate"/> is set.
/// </summary>
public sealed record Measure(Indicator? Indicator, DerivedIndicator? Rate)
{
    public string Code => Indicator?.Code ?? Rate!.Code;
    public string Name => Indicator?.Name ?? Rate!.Name;
    public string Unit => Indicator?.Unit ?? Rate!.Unit;
    public bool IsRate => Rate is not null;

    /// <summary>A value as a page shows it: counts with 千分位 ("1,411"), rates as a rate ("85.3%").</summary>
    public string Show(decimal? value) => Rate is { } r ? r.Show(value) : Figures.Format.Number(value);

    /// <summary>A column header's unit: "（次）"; a percentage says nothing more.</summary>
    public string UnitSuffix => Unit is "" or "%" ? "" : $"（{Unit}）";

    public static implicit operator Measure(Indicator indicator) => new(indicator, null);
    public static implicit operator Measure(DerivedIndicator rate) => new(null, rate);
}
