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
    /// <summary>
    /// The first and last month the figure covers, and so the months of last year it is compared with (<see cref="ComparableSpan"/>).
    /// </summary>
    public string[] Months { get; init; } = [];

    /// <summary>The span as a page labels it: "2026年1—11月" while the year is not over, "2025年" once it is.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PeriodLabel { get; init; } = "";

    /// <summary>The period is not over: the figure covers only the months that have ended.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Partial { get; init; }

    /// <summary>可比口径同比: 同比 over only the units that reported the indicator in both periods (null for a derived rate).</summary>
    public decimal? YoyComparable => Comparable?.Yoy;

    /// <summary>The sums behind <see cref="YoyComparable"/> and how many units they cover.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ComparableFigure? Comparable { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Figure>? Children { get; init; }
}

/// <summary>
/// 可比口径: this period's and last year's values over the units that reported in both. When units open, close or miss
/// a month, plain 同比 compares different sets of units; this compares the same ones.
/// </summary>
public sealed record ComparableFigure(int Units, decimal? Value, decimal? LastYear)
{
    public decimal? Yoy => YearOnYear.Of(Value, LastYear);
}

/// <summary>An indicator's months of one year and the year's figure.</summary>
public sealed record YearRow(Indicator Indicator, decimal?[] Months, Figure Year);

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

    /// <param name="comparable">Also 可比口径同比 (<see cref="Figure.Comparable"/>): it reads every unit's own values of both periods, so
    /// only the views that show it ask for it.</param>
    public async Task<Figure> GetAsync(Organisation org, Period period, Indicator indicator, OrganisationTree tree, bool withChildren = false,
        bool comparable = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var span = Span(period);
        var figure = await FigureAsync(db, org, span, indicator, tree, ct);
        List<Organisation> childOrgs = withChildren ? [.. tree.ChildrenOf(org.Id)] : [];
        var children = new List<Figure>();
        foreach (var child in childOrgs)
            children.Add(await FigureAsync(db, child, span, indicator, tree, ct));
        if (comparable)
        {
            var same = await ComparableAsync(db, org, span, indicator, tree, childOrgs, ct);
            figure = figure with { Comparable = same[org.Id] };
            children = [.. children.Zip(childOrgs, (c, o) => c with { Comparable = same[o.Id] })];
        }
        return withChildren ? figure with { Children = children } : figure;
    }

    /// <summary>
    /// 可比口径 for an organisation and some of its descendants at once, from the units' own values: each unit's value over
    /// the span (SUM: added; LAST: its latest within the span) this year and last, kept only where the unit has both.
    /// </summary>
    private static async Task<Dictionary<int, ComparableFigure>> ComparableAsync(DashboardDbContext db, Organisation org, ComparableSpan span,
        Indicator indicator, OrganisationTree tree, List<Organisation> children, CancellationToken ct)
    {
        var months = span.Months().ToList();
        var lastMonths = months.Select(m => m.SameLastYear).ToList();
        var both = months.Concat(lastMonths).ToList();
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var rows = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && both.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct);
        var perUnit = rows.GroupBy(r => r.OrganisationId)
            .Select(g => (Unit: g.Key, This: g.Where(r => months.Contains(r.Period)).ToList(),
                Last: g.Where(r => lastMonths.Contains(r.Period)).ToList()))
            .Where(u => u.This.Count > 0 && u.Last.Count > 0)
            .ToDictionary(u => u.Unit, u => indicator.Aggregation == Aggregation.Last
                ? (This: u.This.MaxBy(r => r.Period)!.Value, Last: u.Last.MaxBy(r => r.Period)!.Value)
                : (This: u.This.Sum(r => r.Value), Last: u.Last.Sum(r => r.Value)));

        ComparableFigure Of(IEnumerable<int> under)
        {
            var list = under.Where(perUnit.ContainsKey).Select(id => perUnit[id]).ToList();
            return list.Count == 0 ? new ComparableFigure(0, null, null)
                : new ComparableFigure(list.Count, list.Sum(x => x.This), list.Sum(x => x.Last));
        }
        var result = new Dictionary<int, ComparableFigure> { [org.Id] = Of(units) };
        foreach (var child in children)
            result[child.Id] = Of(tree.ReportingUnitsUnder(child.Id).Select(u => u.Id));
        return result;
    }

    /// <summary>The figure of an indicator or a derived rate.</summary>
    public Task<Figure> GetAsync(Organisation org, Period period, Measure measure, IndicatorCatalogue catalogue, OrganisationTree tree,
        bool withChildren = false, bool comparable = false, CancellationToken ct = default) =>
        measure.Rate is { } rate ? GetAsync(org, period, rate, catalogue, tree, withChildren, ct)
            : GetAsync(org, period, measure.Indicator!, tree, withChildren, comparable, ct);

    /// <summary>
    /// A derived rate (整改完成率) for an organisation and period: its numerator's and denominator's figures over the same
    /// span, each rolled up by its own rule, divided — for this year, last year and each child alike. Never an average
    /// of rates; null where the denominator is 0 or missing.
    /// </summary>
    public async Task<Figure> GetAsync(Organisation org, Period period, DerivedIndicator rate, IndicatorCatalogue catalogue, OrganisationTree tree,
        bool withChildren = false, CancellationToken ct = default)
    {
        var numerator = await GetAsync(org, period, catalogue.ByCode(rate.Numerator)!, tree, withChildren, ct: ct);
        var denominator = await GetAsync(org, period, catalogue.ByCode(rate.Denominator)!, tree, withChildren, ct: ct);
        return Divide(rate, numerator, denominator) with
        {
            Children = numerator.Children?.Zip(denominator.Children!, (n, d) => Divide(rate, n, d)).ToList(),
        };
    }

    private static Figure Divide(DerivedIndicator rate, Figure numerator, Figure denominator)
    {
        var value = DerivedIndicator.Rate(numerator.Value, denominator.Value);
        var lastYear = DerivedIndicator.Rate(numerator.LastYear, denominator.LastYear);
        return numerator with
        {
            Indicator = rate.Code,
            Value = value,
            LastYear = lastYear,
            Yoy = YearOnYear.Of(value, lastYear),
            Reported = Math.Min(numerator.Reported, denominator.Reported),
            Children = null,
            Comparable = null,
        };
    }

    /// <summary>累计: January..month of this year against the same months last year.</summary>
    public async Task<(decimal? Value, decimal? LastYear, decimal? Yoy)> YearToDateAsync(Organisation org, Period month, Indicator indicator,
        OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await YearToDateValueAsync(db, org, month, indicator, tree, ct);
        var last = await YearToDateValueAsync(db, org, month.SameLastYear, indicator, tree, ct);
        return (value, last, YearOnYear.Of(value, last));
    }

    /// <summary>Values of each month of a year (null where nothing was reported).</summary>
    public async Task<decimal?[]> MonthlySeriesAsync(Organisation org, int year, Indicator indicator, OrganisationTree tree,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var months = Enumerable.Range(1, 12).Select(m => Period.Month(year, m)).ToList();
        var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
        return months.Select(m => byMonth.TryGetValue(m, out var v) ? v : (decimal?)null).ToArray();
    }

    /// <summary>
    /// A unit's year, indicator by indicator: each month's value and the year's figure (for a year not over, the months
    /// ended so far against the same months last year).
    /// </summary>
    public async Task<List<YearRow>> YearRowsAsync(Organisation org, int year, IReadOnlyList<Indicator> indicators, OrganisationTree tree,
        CancellationToken ct = default)
    {
        var rows = new List<YearRow>();
        foreach (var indicator in indicators)
            rows.Add(new YearRow(indicator, await MonthlySeriesAsync(org, year, indicator, tree, ct),
                await GetAsync(org, Period.OfYear(year), indicator, tree, ct: ct)));
        return rows;
    }

    /// <summary>报送率 inputs: reporting units under the organisation with any value for the month, and those expected.</summary>
    public async Task<(int Reported, int Expected)> ReportingAsync(Organisation org, Period month, OrganisationTree tree,
        CancellationToken ct = default)
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
        return await db.RollupRuns.Where(r => r.Outcome == RollupOutcome.Succeeded).MaxAsync(r => (DateTime?)r.FinishedAtUtc, ct);
    }

    private static async Task<Figure> FigureAsync(DashboardDbContext db, Organisation org, ComparableSpan span, Indicator indicator,
        OrganisationTree tree, CancellationToken ct)
    {
        var (value, reported) = await SpanValueAsync(db, org, span, indicator, tree, ct);
        var lastYear = (await SpanValueAsync(db, org, span.LastYear, indicator, tree, ct)).Value;
        return new Figure(org.Code, org.Name, span.Period.ToString(), indicator.Code, value, lastYear, YearOnYear.Of(value, lastYear),
            reported, tree.ExpectedReporters(org.Id, span.Period))
        {
            Months = span.MonthRange, PeriodLabel = span.ToChinese(), Partial = !span.Whole,
        };
    }

    /// <summary>
    /// The value over a span: a whole period from its stored rollup; part of one from its months — SUM indicators added
    /// up, LAST indicators each unit's latest value within the span, summed (as the stored rollup of a whole period is) —
    /// with the units that reported in it.
    /// </summary>
    private static async Task<(decimal? Value, int Reported)> SpanValueAsync(DashboardDbContext db, Organisation org, ComparableSpan span,
        Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        if (span.Whole) return await ValueAsync(db, org, span.Period, indicator, tree, ct);
        var months = span.Months().ToList();
        if (indicator.Aggregation == Aggregation.Last) return await LatestPerUnitAsync(db, org, months, indicator, tree, ct);
        var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
        if (byMonth.Count == 0) return (null, 0);
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var reported = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && months.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => v.OrganisationId).Distinct().CountAsync(ct);
        return (byMonth.Values.Sum(), reported);
    }

    /// <summary>A stock over some months: each unit's latest value among them, summed over the units that have one.</summary>
    private static async Task<(decimal? Value, int Reported)> LatestPerUnitAsync(DashboardDbContext db, Organisation org, List<Period> months,
        Indicator indicator, OrganisationTree tree, CancellationToken ct)
    {
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var rows = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && months.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct);
        if (rows.Count == 0) return (null, 0);
        var latest = rows.GroupBy(r => r.OrganisationId).Select(g => g.MaxBy(r => r.Period)!.Value).ToList();
        return (latest.Sum(), latest.Count);
    }

    private static async Task<(decimal? Value, int Reported)> ValueAsync(DashboardDbContext db, Organisation org, Period period, Indicator indicator,
        OrganisationTree tree, CancellationToken ct)
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

    private static async Task<Dictionary<Period, decimal>> MonthValuesAsync(DashboardDbContext db, Organisation org, List<Period> months,
        Indicator indicator, OrganisationTree tree, CancellationToken ct)
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

    private static async Task<decimal?> YearToDateValueAsync(DashboardDbContext db, Organisation org, Period month, Indicator indicator,
        OrganisationTree tree, CancellationToken ct)
    {
        var months = month.YearToDateMonths().ToList();
        if (indicator.Aggregation == Aggregation.Last) return (await LatestPerUnitAsync(db, org, months, indicator, tree, ct)).Value;
        var byMonth = await MonthValuesAsync(db, org, months, indicator, tree, ct);
        return byMonth.Count == 0 ? null : byMonth.Values.Sum();
    }
}
