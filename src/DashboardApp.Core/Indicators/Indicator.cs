namespace DashboardApp.Core.Indicators;

/// <summary>汇总方式: SUM adds over time and hierarchy; LAST takes each unit's latest value in the period (stock).</summary>
public enum Aggregation { Sum, Last }

/// <summary>数值类型: whole numbers, or decimals with the indicator's number of places.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720",
    Justification = "The names are stored in the catalogue and in seed-data's JSON.")]
public enum IndicatorValueType { Integer, Decimal }

/// <summary>指标: one entry of the indicator catalogue (docs/product.md, “Indicators”). Data, not code.</summary>
public sealed class Indicator : Access.IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    /// <summary>指标名称.</summary>
    public required string Name { get; set; }
    /// <summary>计量单位, e.g. 次, 人, 小时.</summary>
    public required string Unit { get; set; }
    /// <summary>类别: 学习教育 / 组织建设 / 监督检查 / 志愿服务.</summary>
    public required string Category { get; set; }
    public Aggregation Aggregation { get; set; }
    public IndicatorValueType ValueType { get; set; }
    /// <summary>Decimal places allowed (0 for integers).</summary>
    public int Decimals { get; set; }
    /// <summary>Other headers accepted in sheets (别名).</summary>
    public List<string> Aliases { get; set; } = [];
    /// <summary>合理上限 per unit-month: above it a warning, not an error.</summary>
    public decimal? Ceiling { get; set; }
    /// <summary>Short label of a headline (★) indicator shown as a KPI card; null otherwise.</summary>
    public string? Headline { get; set; }
    /// <summary>How a work report says it, {value} standing for the figure with no unit after it: "开展集中学习研讨{value}次".</summary>
    public string? Phrase { get; set; }
    public int SortOrder { get; set; }

    public bool IsHeadline => Headline is not null;

    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult(change.Record("指标", $"{Code}（{Name}）", nameof(Id)));
}
