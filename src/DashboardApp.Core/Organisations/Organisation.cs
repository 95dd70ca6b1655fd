using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Organisations;

/// <summary>组织: a node of the organisation tree (市 → 区/县 → 街道/乡镇 → 基层党组织, any depth).</summary>
public sealed class Organisation
{
    public int Id { get; set; }
    /// <summary>组织代码, unique and stable, e.g. D01-S03-U012.</summary>
    public required string Code { get; set; }
    /// <summary>组织名称.</summary>
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public Organisation? Parent { get; set; }
    /// <summary>Depth in the tree: 0 for the root.</summary>
    public int Level { get; set; }
    /// <summary>组织类型: 党委, 党总支, 党支部, 区委, 街道党工委…</summary>
    public string Type { get; set; } = "";
    /// <summary>成立日期.</summary>
    public DateOnly? OpenedOn { get; set; }
    /// <summary>撤销日期.</summary>
    public DateOnly? ClosedOn { get; set; }

    public bool IsOpenDuring(Period period) =>
        (OpenedOn is null || OpenedOn <= period.End) && (ClosedOn is null || ClosedOn >= period.Start);
}
