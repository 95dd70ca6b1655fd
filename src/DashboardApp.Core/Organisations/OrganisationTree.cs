using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Organisations;

/// <summary>An in-memory view of the organisation tree: children, ancestors and reporting units (leaves).</summary>
public sealed class OrganisationTree
{
    private readonly Dictionary<int, Organisation> _byId;
    private readonly Dictionary<string, Organisation> _byCode;
    private readonly Dictionary<int, List<Organisation>> _children;

    public OrganisationTree(IEnumerable<Organisation> organisations)
    {
        All = organisations.ToList();
        _byId = All.ToDictionary(o => o.Id);
        _byCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);
        _children = All.Where(o => o.ParentId is not null)
            .GroupBy(o => o.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Code, StringComparer.Ordinal).ToList());
        ReportingUnitCount = All.Count(o => IsReportingUnit(o.Id));
    }

    /// <summary>How many reporting units the whole tree holds, open or not.</summary>
    public int ReportingUnitCount { get; }

    public IReadOnlyList<Organisation> All { get; }
    public IEnumerable<Organisation> Roots => All.Where(o => o.ParentId is null).OrderBy(o => o.Code, StringComparer.Ordinal);

    public Organisation? ById(int id) => _byId.GetValueOrDefault(id);
    public Organisation? ByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    public IReadOnlyList<Organisation> ChildrenOf(int id) => _children.TryGetValue(id, out var c) ? c : [];

    /// <summary>A reporting unit (基层党组织) is an organisation with no children.</summary>
    public bool IsReportingUnit(int id) => !_children.ContainsKey(id);

    /// <summary>The organisation's parent, grandparent… up to the root (not the organisation itself).</summary>
    public IEnumerable<Organisation> AncestorsOf(int id)
    {
        var seen = new HashSet<int> { id };
        var current = ById(id);
        while (current?.ParentId is { } parentId && seen.Add(parentId) && ById(parentId) is { } parent)
        {
            yield return parent;
            current = parent;
        }
    }

    /// <summary>Every reporting unit at or below the organisation.</summary>
    public IEnumerable<Organisation> ReportingUnitsUnder(int id)
    {
        var stack = new Stack<int>();
        stack.Push(id);
        var seen = new HashSet<int>();
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next)) continue;
            if (!_children.TryGetValue(next, out var kids))
            {
                if (ById(next) is { } unit) yield return unit;
                continue;
            }
            foreach (var k in kids) stack.Push(k.Id);
        }
    }

    /// <summary>应报单位数: reporting units under the organisation that are open during the period.</summary>
    public int ExpectedReporters(int id, Period period) => ReportingUnitsUnder(id).Count(u => u.IsOpenDuring(period));

    /// <summary>True when <paramref name="id"/> is <paramref name="scopeId"/> or lies below it.</summary>
    public bool IsWithin(int id, int scopeId) => id == scopeId || AncestorsOf(id).Any(a => a.Id == scopeId);

    /// <summary>The organisation and everything below it, depth first.</summary>
    public IEnumerable<Organisation> Subtree(int id)
    {
        if (ById(id) is not { } root) yield break;
        yield return root;
        foreach (var child in ChildrenOf(id))
            foreach (var o in Subtree(child.Id))
                yield return o;
    }
}
