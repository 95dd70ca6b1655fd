using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Assessment;

/// <summary>
/// The targets of one year, as the figures read them: an organisation's own target of a year or quarter, and where it has none, its
/// children's (each theirs, by the same rule) added up. A year without a year target of its own but with quarter targets has their sum.
/// </summary>
public sealed class TargetSet
{
    private readonly Dictionary<(int Org, int Indicator, int Quarter), decimal> _own;
    private readonly OrganisationTree _tree;
    private readonly Dictionary<(int, int, int), decimal?> _effective = [];

    public TargetSet(int year, IEnumerable<Target> targets, OrganisationTree tree)
    {
        Year = year;
        _tree = tree;
        _own = targets.Where(t => t.Year == year).ToDictionary(t => (t.OrganisationId, t.IndicatorId, t.Quarter), t => t.Value);
    }

    public int Year { get; }

    public bool IsEmpty => _own.Count == 0;

    /// <summary>The organisation's own target (year: quarter 0), or null.</summary>
    public decimal? Own(int org, int indicator, int quarter = 0) => _own.TryGetValue((org, indicator, quarter), out var v) ? v : null;

    /// <summary>The target of a year (quarter 0) or quarter: the organisation's own, else its quarters' (for a year), else its children's sum.</summary>
    public decimal? Of(int org, int indicator, int quarter = 0)
    {
        if (_effective.TryGetValue((org, indicator, quarter), out var known)) return known;
        var value = Own(org, indicator, quarter);
        if (value is null && quarter == 0)
        {
            var quarters = Enumerable.Range(1, 4).Select(q => Own(org, indicator, q)).Where(q => q is not null).ToList();
            if (quarters.Count > 0) value = quarters.Sum();
        }
        if (value is null)
        {
            var children = _tree.ChildrenOf(org).Select(c => Of(c.Id, indicator, quarter)).Where(v => v is not null).ToList();
            if (children.Count > 0) value = children.Sum();
        }
        _effective[(org, indicator, quarter)] = value;
        return value;
    }

    /// <summary>The target of a period of this year: a year's or a quarter's; a month has none.</summary>
    public decimal? Of(int org, int indicator, Period period) =>
        period.Year != Year ? null : period.Type switch
        {
            PeriodType.Year => Of(org, indicator),
            PeriodType.Quarter => Of(org, indicator, period.Index),
            _ => null,
        };

    /// <summary>
    /// Where the children's targets do not add up to the parent's own: the parent, its target and the children's sum. Only parents
    /// with a target of their own and at least one child with one are checked.
    /// </summary>
    public IEnumerable<(Organisation Parent, int Indicator, int Quarter, decimal Own, decimal Children)> Misallocations() =>
        _own.Keys.Select(k => (k, Parent: _tree.ById(k.Org)))
            .Where(x => x.Parent is not null && _tree.ChildrenOf(x.k.Org).Count > 0)
            .Select(x => (x.Parent!, x.k.Indicator, x.k.Quarter, Own: _own[x.k],
                Children: _tree.ChildrenOf(x.k.Org).Select(c => Of(c.Id, x.k.Indicator, x.k.Quarter)).ToList()))
            .Where(x => x.Children.Any(c => c is not null) && x.Children.Sum() != x.Own)
            .Select(x => (x.Item1, x.Indicator, x.Quarter, x.Own, x.Children.Sum() ?? 0))
            .OrderBy(x => x.Item1.Code, StringComparer.Ordinal);
}
