using System.Numerics;
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
    /// <summary>
    /// The one SUM/LAST rule, for one unit over a span, a month at a time in any order: SUM adds the month's value; LAST
    /// keeps the value of the latest month. <paramref name="latest"/> is the ordinal of the month the value is from
    /// (<see cref="Ordinal"/>), 0 while there is none. The reference calculator and both rollups fold with it.
    /// </summary>
    public static void Fold<T>(ref T value, ref int latest, T month, int ordinal, bool last) where T : INumber<T>
    {
        if (latest == 0) (value, latest) = (month, ordinal);
        else if (!last) value += month;
        else if (ordinal > latest) (value, latest) = (month, ordinal);
    }

    /// <summary>A month's place in time for <see cref="Fold{T}"/>: later months are greater, and none is 0.</summary>
    public static int Ordinal(Period month) => month.Year * 12 + month.Index;

    /// <summary>A unit's value for a month, quarter or year from its monthly values (null if it reported none).</summary>
    public static decimal? UnitValue(IEnumerable<(Period Month, decimal Value)> monthly, Period period, Aggregation aggregation)
    {
        var (value, latest) = (0m, 0);
        foreach (var (month, v) in monthly.Where(m => period.Contains(m.Month.Start)))
            Fold(ref value, ref latest, v, Ordinal(month), aggregation == Aggregation.Last);
        return latest == 0 ? null : value;
    }

    /// <summary>
    /// Units' monthly values over a span, folded unit by unit through the one rule (<see cref="Fold{T}"/>) and added over the units:
    /// an organisation's value for part of a period, and how many units had one (null, 0 when none had).
    /// </summary>
    public static (decimal? Value, int Units) UnitsTotal(IEnumerable<(int Unit, Period Month, decimal Value)> values, Aggregation aggregation)
    {
        var perUnit = new Dictionary<int, (decimal Value, int Latest)>();
        foreach (var (unit, month, v) in values)
        {
            var (value, latest) = perUnit.GetValueOrDefault(unit);
            Fold(ref value, ref latest, v, Ordinal(month), aggregation == Aggregation.Last);
            perUnit[unit] = (value, latest);
        }
        return perUnit.Count == 0 ? (null, 0) : (perUnit.Values.Sum(u => u.Value), perUnit.Count);
    }

    /// <summary>Every organisation above the reporting units × month, quarter, year × indicator that has data.</summary>
    public static List<RollupValue> Compute(OrganisationTree tree, IReadOnlyDictionary<int, Aggregation> aggregationOf,
        IEnumerable<UnitMonthValue> values)
    {
        // Step 1: each unit's value per (period, indicator), for the month and the quarter and year containing it.
        var unitValues = new Dictionary<(int Org, Period Period, int Indicator), (int Latest, decimal Value)>();
        foreach (var v in values)
        {
            if (!aggregationOf.TryGetValue(v.IndicatorId, out var aggregation)) continue;
            foreach (var period in v.Month.Containing().Prepend(v.Month))
            {
                var key = (v.OrganisationId, period, v.IndicatorId);
                var (latest, value) = unitValues.GetValueOrDefault(key);
                Fold(ref value, ref latest, v.Value, Ordinal(v.Month), aggregation == Aggregation.Last);
                unitValues[key] = (latest, value);
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
