using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Dashboard;

/// <summary>A figure and its comparison with the same period last year.</summary>
public sealed record Figure(
    string Org, string OrgName, string Period, string Indicator,
    decimal? Value, decimal? LastYear, decimal? Yoy, int Reported, int Expected)
{
    /// <summary>The first and last month the figure covers, and so the months of last year it is compared with (<see cref="ComparableSpan"/>).</summary>
    public string[] Months { get; init; } = [];

    /// <summary>The span as a page labels it: "2026年1—11月" while the year is not over, "2025年" once it is.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PeriodLabel { get; init; } = "";

    /// <summary>The period is not over: the figure covers only the months that have ended.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Partial { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Figure>? Children { get; init; }
}

public static class YearOnYear
{
    /// <summary>同比 = (this − last) / last; null when either is missing or last is 0.</summary>
    public static decimal? Of(decimal? current, decimal? lastYear) =>
        current is { } c && lastYear is { } l && l != 0 ? (c - l) / l : null;
}

/// <summary>
/// Reads figures for any organisation and period: rollups above the reporting units, a unit's own
/// current values for a reporting unit. Derived figures (year-to-date, 同比) are computed here.
/// </summary>
public sealed class FigureQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The months a figure for <paramref name="period"/> covers today: what every figure, label and export of it uses.</summary>
    public ComparableSpan Span(Period period) => ComparableSpan.Of(period, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    public async Task<Figure> GetAsync(Organisation org, Period period, Indicator indicator, OrganisationTree tree, bool withChildren = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var span = Span(period);
        var figure = await FigureAsync(db, org, span, indicator, tree, ct);
        if (!withChildren) return figure;
        var children = new List<Figure>();
        foreach (var child in tree.ChildrenOf(org.Id))
            children.Add(await FigureAsync(db, child, span, indicator, tree, ct));
        return figure with { Children = children };
    }

    /// <summary>累计: January..month of this year against the same months last year.</summary>
    public async Task<(decimal? Value, decimal? LastYear, decimal? Yoy)> YearToDateAsync(Organisation org, Period month, Indicator indicator, OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await YearToDateValueAsync(db, org, month, indicator, tree, ct);
        var last = await YearToDateValueAsync(db, org, month.SameLastYear, indicator, tree, ct);
        return (value, last, YearOnYear.Of(value, last));
    }

    /// <summary>Values of each month of a year (null where nothing was reported).</summary>
    public async Task<decimal?[]> MonthlySeriesAsync(Organisation org, int year, Indicator indicator, OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var months = Enumerable.Range(1, 12).Select(m => Period.Month(year, m)).ToList();
        var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
        return months.Select(m => byMonth.TryGetValue(m, out var v) ? v : (decimal?)null).ToArray();
    }

    /// <summary>报送率 inputs: reporting units under the organisation with any value for the month, and those expected.</summary>
    public async Task<(int Reported, int Expected)> ReportingAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expected = tree.ReportingUnitsUnder(org.Id).Where(u => u.IsOpenDuring(month)).Select(u => u.Id).ToList();
        var reported = await db.CurrentValues.Where(v => v.Period == month && expected.Contains(v.OrganisationId))
            .Select(v => v.OrganisationId).Distinct().CountAsync(ct);
        return (reported, expected.Count);
    }

    /// <summary>The latest month anyone has reported for, if any.</summary>
    public async Task<Period?> LatestMonthAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Submissions.OrderByDescending(s => s.Period).Select(s => (Period?)s.Period).FirstOrDefaultAsync(ct);
    }

    /// <summary>When the figures were last recomputed (数据截至).</summary>
    public async Task<DateTime?> AsOfAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RollupRuns.Where(r => r.Outcome == "succeeded").MaxAsync(r => (DateTime?)r.FinishedAtUtc, ct);
    }

    private static async Task<Figure> FigureAsync(DashboardDbContext db, Organisation org, ComparableSpan span, Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        var (value, reported, latest) = await SpanValueAsync(db, org, span, indicator, tree, ct);
        // LAST over part of a period: the month this year's figure came from is what it covers, compared with that month a year earlier.
        var covered = latest is { } month ? span with { Last = month } : span;
        var lastYear = latest is { } m
            ? (await ValueAsync(db, org, m.SameLastYear, indicator, tree, ct)).Value
            : (await SpanValueAsync(db, org, span.LastYear, indicator, tree, ct)).Value;
        return new Figure(org.Code, org.Name, span.Period.ToString(), indicator.Code, value, lastYear, YearOnYear.Of(value, lastYear),
            reported, tree.ExpectedReporters(org.Id, span.Period))
        {
            Months = covered.MonthRange, PeriodLabel = covered.ToChinese(), Partial = !span.Whole,
        };
    }

    /// <summary>
    /// The value over a span: a whole period from its stored rollup; part of one from its months — SUM
    /// indicators added up, LAST indicators the latest month of the span with a figure — with the units that reported in it.
    /// </summary>
    /// <returns>For a LAST indicator over part of a period, also the month the value is from.</returns>
    private static async Task<(decimal? Value, int Reported, Period? LastMonth)> SpanValueAsync(DashboardDbContext db, Organisation org, ComparableSpan span,
        Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        if (span.Whole)
        {
            var (whole, wholeUnits) = await ValueAsync(db, org, span.Period, indicator, tree, ct);
            return (whole, wholeUnits, null);
        }
        var months = span.Months().ToList();
        var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
        if (byMonth.Count == 0) return (null, 0, null);
        // LAST (党员总数): the latest month of the span with a figure.
        if (indicator.Aggregation == Aggregation.Last)
        {
            var latest = byMonth.Keys.Max();
            var (last, lastUnits) = await ValueAsync(db, org, latest, indicator, tree, ct);
            return (last, lastUnits, latest);
        }
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var reported = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && months.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => v.OrganisationId).Distinct().CountAsync(ct);
        return (byMonth.Values.Sum(), reported, null);
    }

    private static async Task<(decimal? Value, int Reported)> ValueAsync(DashboardDbContext db, Organisation org, Period period, Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        if (!tree.IsReportingUnit(org.Id))
        {
            var r = await db.RollupValues.AsNoTracking()
                .Where(v => v.OrganisationId == org.Id && v.Period == period && v.IndicatorId == indicator.Id)
                .Select(v => new { v.Value, v.ReportingUnits }).FirstOrDefaultAsync(ct);
            return r is null ? (null, 0) : (r.Value, r.ReportingUnits);
        }
        var own = await MonthValuesAsync(db, org, period.Months().ToList(), indicator, tree, ct);
        var value = RollupCalculator.UnitValue(own.Select(o => (o.Key, o.Value)), period, indicator.Aggregation);
        return (value, value is null ? 0 : 1);
    }

    private static async Task<Dictionary<Period, decimal>> MonthValuesAsync(DashboardDbContext db, Organisation org, List<Period> months, Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        var rows = tree.IsReportingUnit(org.Id)
            ? await db.CurrentValues.AsNoTracking()
                .Where(v => v.OrganisationId == org.Id && v.IndicatorId == indicator.Id && months.Contains(v.Period))
                .Select(v => new { v.Period, v.Value }).ToListAsync(ct)
            : await db.RollupValues.AsNoTracking()
                .Where(v => v.OrganisationId == org.Id && v.IndicatorId == indicator.Id && months.Contains(v.Period))
                .Select(v => new { v.Period, v.Value }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Period, r => r.Value);
    }

    private static async Task<decimal?> YearToDateValueAsync(DashboardDbContext db, Organisation org, Period month, Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        var months = month.YearToDateMonths().ToList();
        if (indicator.Aggregation == Aggregation.Sum)
        {
            var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
            return byMonth.Count == 0 ? null : byMonth.Values.Sum();
        }
        // LAST: each unit's latest value in January..month, summed over the units.
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var rows = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && months.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct);
        if (rows.Count == 0) return null;
        return rows.GroupBy(r => r.OrganisationId).Sum(g => g.MaxBy(r => r.Period)!.Value);
    }
}
