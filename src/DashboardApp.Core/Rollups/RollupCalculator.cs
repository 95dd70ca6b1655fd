using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Rollups;

/// <summary>A reporting unit's current value for one month.</summary>
public readonly record struct UnitMonthValue(int OrganisationId, Period Month, int IndicatorId, decimal Value);

/// <summary>
/// The aggregation rules of docs/product.md, “Indicators”, as pure functions. SUM adds over months and over the
/// hierarchy. LAST takes each unit's latest value inside the period, then sums those over the
/// hierarchy. Reporting-unit counts say how many units stand behind each figure.
/// </summary>
public static class RollupCalculator
{
    /// <summary>A unit's value for a month, quarter or year from its monthly values (null if it reported none).</summary>
    public static decimal? UnitValue(IEnumerable<(Period Month, decimal Value)> monthly, Period period, Aggregation aggregation)
    {
        var inside = monthly.Where(m => period.Contains(m.Month.Start)).ToList();
        if (inside.Count == 0) return null;
        return aggregation == Aggregation.Sum ? inside.Sum(m => m.Value) : inside.MaxBy(m => m.Month)!.Value;
    }

    /// <summary>Every organisation above the reporting units × month, quarter, year × indicator that has data.</summary>
    public static List<RollupValue> Compute(OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf, IEnumerable<UnitMonthValue> values)
    {
        // Step 1: each unit's value per (period, indicator), for the month and the quarter and year containing it.
        var unitValues = new Dictionary<(int Org, Period Period, int Indicator), (Period Latest, decimal Value)>();
        foreach (var v in values)
        {
            if (!aggregationOf.TryGetValue(v.IndicatorId, out var aggregation)) continue;
            foreach (var period in v.Month.Containing().Prepend(v.Month))
            {
                var key = (v.OrganisationId, period, v.IndicatorId);
                if (!unitValues.TryGetValue(key, out var acc)) unitValues[key] = (v.Month, v.Value);
                else if (aggregation == Aggregation.Sum) unitValues[key] = (acc.Latest, acc.Value + v.Value);
                else if (v.Month > acc.Latest) unitValues[key] = (v.Month, v.Value);
            }
        }
        // Step 2: sum the unit values into every ancestor.
        var rollups = new Dictionary<(int Org, Period Period, int Indicator), RollupValue>();
        var ancestorsOf = new Dictionary<int, int[]>();
        foreach (var ((org, period, indicator), (_, value)) in unitValues)
        {
            if (!ancestorsOf.TryGetValue(org, out var ancestors))
                ancestorsOf[org] = ancestors = tree.AncestorsOf(org).Select(a => a.Id).ToArray();
            foreach (var ancestor in ancestors)
            {
                var key = (ancestor, period, indicator);
                if (!rollups.TryGetValue(key, out var r))
                    rollups[key] = r = new RollupValue { OrganisationId = ancestor, Period = period, IndicatorId = indicator };
                r.Value += value;
                r.ReportingUnits++;
            }
        }
        return [.. rollups.Values];
    }
}
