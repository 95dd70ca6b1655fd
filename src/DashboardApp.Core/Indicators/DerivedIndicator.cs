namespace DashboardApp.Core.Indicators;

/// <summary>How a derived rate reads: a percentage (整改完成率 85.0%) or a plain ratio with its unit (人均 1.2 小时).</summary>
public enum DerivedDisplay { Percent, Ratio }

/// <summary>
/// 派生指标: a rate of two catalogue indicators (整改完成率 = 整改完成问题数 / 发现问题数), computed at query time from
/// the rolled-up numerator and denominator of the same organisation and span — never stored, never an average of
/// units' rates. Catalogue data, not code: seed-data/derived-indicators.json.
/// </summary>
public sealed class DerivedIndicator : Access.IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Code of the indicator above the line.</summary>
    public required string Numerator { get; set; }
    /// <summary>Code of the indicator below the line; where its figure is 0 or missing, the rate is null.</summary>
    public required string Denominator { get; set; }
    public DerivedDisplay Display { get; set; }
    /// <summary>Decimal places shown (of the percentage for <see cref="DerivedDisplay.Percent"/>).</summary>
    public int Decimals { get; set; } = 1;
    /// <summary>计量单位 of a ratio (小时/人); "%" for a percentage.</summary>
    public string Unit { get; set; } = "";
    /// <summary>类别: the group it is shown with.</summary>
    public string Category { get; set; } = "";
    /// <summary>How a work report says it, {value} standing for <see cref="Number"/>: "问题整改完成率{value}", "人均{value}小时".</summary>
    public string? Phrase { get; set; }
    public int SortOrder { get; set; }

    /// <summary>The rate as a page shows it: "85.3%", "1.2小时/人"; "—" when there is none.</summary>
    public string Show(decimal? value) => value is null ? "—" : Display == DerivedDisplay.Percent ? Number(value) : Number(value) + Unit;

    /// <summary>The figure as a phrase's {value} takes it: "85.3%" for a percentage, "1.2" for a ratio (its phrase names the unit).</summary>
    public string Number(decimal? value) => value is not { } v ? "—"
        : Display == DerivedDisplay.Percent
            ? Math.Round(v * 100, Decimals, MidpointRounding.AwayFromZero).ToString("F" + Decimals, System.Globalization.CultureInfo.InvariantCulture)
            + "%"
        : Math.Round(v, Decimals, MidpointRounding.AwayFromZero).ToString("F" + Decimals, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>numerator / denominator; null where either is missing or the denominator is 0.</summary>
    public static decimal? Rate(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult(change.Record("派生指标", $"{Code}（{Name}）", nameof(Id)));
}
