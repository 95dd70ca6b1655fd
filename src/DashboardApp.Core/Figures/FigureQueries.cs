using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Figures;

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

    /// <summary>The figure covers only part of its period: the months that have ended, and of those only the final ones unless asked.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Partial { get; init; }

    /// <summary>A month the figure counts is still being collected (报送中): the value may still grow, and its 同比 is over the units that
    /// have reported it.</summary>
    public bool Provisional { get; init; }

    /// <summary>The months of the period still being collected, how far each has come, and whether the figure counts it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CollectingMonth>? Collecting { get; init; }

    /// <summary>What the figure says of the months being collected: "11月报送中（已报 284/507），未计入", or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? CollectingNote => Collecting is { Count: > 0 } c ? string.Join("；", c.Select(m => m.Text)) : null;

    /// <summary>A percentage rate's change in 百分点 (27.5 % against 25.7 %: 1.8); null for everything else, whose change is <see cref="Yoy"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Points { get; init; }

    /// <summary>可比口径同比: 同比 over only the units that reported the indicator in both periods (null for a derived rate).</summary>
    public decimal? YoyComparable => Comparable?.Yoy;

    /// <summary>The sums behind <see cref="YoyComparable"/> and how many units they cover.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ComparableFigure? Comparable { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Figure>? Children { get; init; }

    /// <summary>目标任务 of the period (a year's or a quarter's, its own or its children's sum); null where none is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Target { get; init; }

    /// <summary>完成率 = value over the span ÷ <see cref="Target"/> (1.05 for 105 %); null without a target or a value.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Completion => Assessment.Scoring.Completion(Value, Target);

    /// <summary>时间进度 of a period with a target that is not over: its final months counted ÷ its months (10 of 12: 0.8333…); null once it
    /// is over or without a target.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? TimeProgress { get; init; }

    /// <summary>达标标准 of the indicator judged over the figure's span, where it has one and the reader asked (query, API, pages that show it).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Assessment.StandardResult? Standard { get; init; }

    /// <summary>"完成 58%，时间进度 83%" reads as behind: completion below time progress.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Behind => TimeProgress is { } t && Assessment.Scoring.Behind(Completion, t);
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
    /// <summary>同比 = (this − last) / last, to ten decimal places (more than any display needs); null when either is missing or last is 0.</summary>
    public static decimal? Of(decimal? current, decimal? lastYear) =>
        current is { } c && lastYear is { } l && l != 0 ? Math.Round((c - l) / l, 10, MidpointRounding.AwayFromZero) : null;

    /// <summary>A rate's change in 百分点: (this − last) × 100, to ten decimal places; null when either is missing.</summary>
    public static decimal? Points(decimal? current, decimal? lastYear) =>
        current is { } c && lastYear is { } l ? Math.Round((c - l) * 100, 10, MidpointRounding.AwayFromZero) : null;
}

/// <summary>
/// Reads figures for any organisation and period: rollups above the reporting units, a unit's own
/// current values for a reporting unit. Derived figures (year-to-date, 同比) are computed here.
/// A span covers final months only unless <c>includeProvisional</c> is asked (<see cref="FigureSpan"/>); a month being
/// collected that is counted is compared with last year over the units that have reported it only.
/// </summary>
public sealed class FigureQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar)
{
    /// <summary>The months a figure of <paramref name="period"/> for <paramref name="org"/> covers today: what every figure, label and
    /// export of it uses.</summary>
    public async Task<FigureSpan> SpanAsync(Organisation org, Period period, OrganisationTree tree, bool includeProvisional = false,
        CancellationToken ct = default)
    {
        var today = await calendar.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DecideAsync(db, org, ComparableSpan.Of(period, today.Today), today, tree, includeProvisional, ct);
    }

    /// <param name="comparable">Also 可比口径同比 (<see cref="Figure.Comparable"/>): it reads every unit's own values of both periods, so
    /// only the views that show it ask for it.</param>
    /// <param name="includeProvisional">Count the months of the period still being collected (each marked); by default they are left out
    /// and named in <see cref="Figure.Collecting"/>.</param>
    public async Task<Figure> GetAsync(Organisation org, Period period, Indicator indicator, OrganisationTree tree, bool withChildren = false,
        bool comparable = false, bool includeProvisional = false, CancellationToken ct = default)
    {
        var today = await calendar.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var span = await DecideAsync(db, org, ComparableSpan.Of(period, today.Today), today, tree, includeProvisional, ct);
        return await FigureAsync(db, org, span, indicator, tree, withChildren, comparable, ct);
    }

    /// <summary>The figure of an indicator or a derived rate.</summary>
    public Task<Figure> GetAsync(Organisation org, Period period, Measure measure, IndicatorCatalogue catalogue, OrganisationTree tree,
        bool withChildren = false, bool comparable = false, bool includeProvisional = false, CancellationToken ct = default) =>
        measure.Rate is { } rate ? GetAsync(org, period, rate, catalogue, tree, withChildren, includeProvisional, ct)
            : GetAsync(org, period, measure.Indicator!, tree, withChildren, comparable, includeProvisional, ct);

    /// <summary>
    /// A derived rate (整改完成率) for an organisation and period: its numerator's and denominator's figures over the same
    /// span, each rolled up by its own rule, divided — for this year, last year and each child alike. Never an average
    /// of rates; null where the denominator is 0 or missing.
    /// </summary>
    public async Task<Figure> GetAsync(Organisation org, Period period, DerivedIndicator rate, IndicatorCatalogue catalogue, OrganisationTree tree,
        bool withChildren = false, bool includeProvisional = false, CancellationToken ct = default)
    {
        var numerator = await GetAsync(org, period, catalogue.ByCode(rate.Numerator)!, tree, withChildren, includeProvisional: includeProvisional, ct: ct);
        var denominator = await GetAsync(org, period, catalogue.ByCode(rate.Denominator)!, tree, withChildren, includeProvisional: includeProvisional,
            ct: ct);
        return Divide(rate, numerator, denominator);
    }

    /// <summary>The rate of two figures over the same span (and of their children, pairwise).</summary>
    public static Figure Divide(DerivedIndicator rate, Figure numerator, Figure denominator)
    {
        var value = DerivedIndicator.Rate(numerator.Value, denominator.Value);
        var lastYear = DerivedIndicator.Rate(numerator.LastYear, denominator.LastYear);
        var percent = rate.Display == DerivedDisplay.Percent;
        return numerator with
        {
            Indicator = rate.Code,
            Value = value,
            LastYear = lastYear,
            // A percentage's change is said in 百分点, never as a percentage of a percentage.
            Yoy = percent ? null : YearOnYear.Of(value, lastYear),
            Points = percent ? YearOnYear.Points(value, lastYear) : null,
            Reported = Math.Min(numerator.Reported, denominator.Reported),
            Children = numerator.Children?.Zip(denominator.Children!, (n, d) => Divide(rate, n, d)).ToList(),
            Comparable = null,
            Target = null,
            TimeProgress = null,
        };
    }

    /// <summary>累计: January..month of this year against the same months last year — final months only unless asked, as any span.</summary>
    public async Task<Figure> YearToDateAsync(Organisation org, Period month, Indicator indicator, OrganisationTree tree,
        bool includeProvisional = false, CancellationToken ct = default)
    {
        var today = await calendar.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = new ComparableSpan(Period.OfYear(month.Year), Period.Month(month.Year, 1), month);
        var span = await DecideAsync(db, org, candidate, today, tree, includeProvisional, ct);
        return await FigureAsync(db, org, span, indicator, tree, false, false, ct);
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
    /// A unit's year, indicator by indicator: each month's value and the year's figure (for a year not over, the final months
    /// so far against the same months last year).
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
        return (await ProgressAsync(db, [org], [month], tree, ct))[(org.Id, month)];
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

    /// <summary>
    /// The span of a figure: the candidate's months still being collected under <paramref name="org"/> — the calendar's 报送中 months
    /// that not every expected unit under it has reported — left out or counted.
    /// </summary>
    private static async Task<FigureSpan> DecideAsync(DashboardDbContext db, Organisation org, ComparableSpan candidate, CalendarToday today,
        OrganisationTree tree, bool includeProvisional, CancellationToken ct)
    {
        var months = candidate.Months().Where(today.IsCollecting).ToList();
        if (months.Count == 0) return new FigureSpan(candidate, []);
        var progress = await ProgressAsync(db, [org], months, tree, ct);
        var collecting = months.Select(m => (Month: m, progress[(org.Id, m)].Reported, progress[(org.Id, m)].Expected))
            .Where(m => m.Expected == 0 || m.Reported < m.Expected).ToList();
        return FigureSpan.Of(candidate, collecting, includeProvisional);
    }

    /// <summary>For each organisation and month: the units under it expected that month, and how many of them reported anything for it.</summary>
    private static async Task<Dictionary<(int Org, Period Month), (int Reported, int Expected)>> ProgressAsync(DashboardDbContext db,
        IReadOnlyList<Organisation> orgs, IReadOnlyList<Period> months, OrganisationTree tree, CancellationToken ct)
    {
        var units = orgs.SelectMany(o => tree.ReportingUnitsUnder(o.Id)).Select(u => u.Id).Distinct().ToList();
        var monthList = months.ToList();
        var rows = await db.CurrentValues.AsNoTracking().Where(v => monthList.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period }).Distinct().ToListAsync(ct);
        var reported = rows.Select(r => (r.OrganisationId, r.Period)).ToHashSet();
        var result = new Dictionary<(int, Period), (int, int)>();
        foreach (var org in orgs)
            foreach (var month in months)
            {
                var expected = tree.ReportingUnitsUnder(org.Id).Where(u => u.IsOpenDuring(month)).ToList();
                result[(org.Id, month)] = (expected.Count(u => reported.Contains((u.Id, month))), expected.Count);
            }
        return result;
    }

    /// <summary>An organisation's figure over a decided span, with its children's over the same span (each with its own progress).</summary>
    private static async Task<Figure> FigureAsync(DashboardDbContext db, Organisation org, FigureSpan span, Indicator indicator, OrganisationTree tree,
        bool withChildren, bool comparable, CancellationToken ct)
    {
        var figure = await OneFigureAsync(db, org, span, indicator, tree, ct);
        List<Organisation> childOrgs = withChildren ? [.. tree.ChildrenOf(org.Id)] : [];
        var progress = withChildren && span.Collecting.Count > 0
            ? await ProgressAsync(db, childOrgs, [.. span.Collecting.Select(c => c.Month)], tree, ct)
            : [];
        var children = new List<Figure>();
        foreach (var child in childOrgs)
        {
            var own = span with
            {
                Collecting = [.. span.Collecting.Select(c => c with { Reported = progress[(child.Id, c.Month)].Reported, Expected = progress[(child.Id, c.Month)].Expected })],
            };
            children.Add(await OneFigureAsync(db, child, own, indicator, tree, ct));
        }
        if (comparable)
        {
            var same = await ComparableAsync(db, org, span.Span, indicator, tree, childOrgs, ct);
            figure = figure with { Comparable = same[org.Id] };
            children = [.. children.Zip(childOrgs, (c, o) => c with { Comparable = same[o.Id] })];
        }
        if (await TargetsAsync(db, span, indicator, tree, ct) is { } targets)
        {
            var period = span.Span.Period;
            var timeProgress = span.Span.Whole ? (decimal?)null
                : (decimal)span.Span.Months().Except(span.ProvisionalMonths).Count() / period.Months().Count();
            Figure WithTarget(Figure f, Organisation o) => targets.Of(o.Id, indicator.Id, period) is { } t ? f with { Target = t, TimeProgress = timeProgress } : f;
            figure = WithTarget(figure, org);
            children = [.. children.Zip(childOrgs, WithTarget)];
        }
        return withChildren ? figure with { Children = children } : figure;
    }

    /// <summary>The year's targets of a SUM indicator when the span is of a year or quarter and any is set; else null (a month has none).</summary>
    private static async Task<Assessment.TargetSet?> TargetsAsync(DashboardDbContext db, FigureSpan span, Indicator indicator, OrganisationTree tree,
        CancellationToken ct)
    {
        var period = span.Span.Period;
        if (indicator.Aggregation != Aggregation.Sum || period.Type == PeriodType.Month) return null;
        var rows = await db.Targets.AsNoTracking().Where(t => t.Year == period.Year && t.IndicatorId == indicator.Id).ToListAsync(ct);
        return rows.Count == 0 ? null : new Assessment.TargetSet(period.Year, rows, tree);
    }

    private static async Task<Figure> OneFigureAsync(DashboardDbContext db, Organisation org, FigureSpan figureSpan, Indicator indicator,
        OrganisationTree tree, CancellationToken ct)
    {
        var span = figureSpan.Span;
        var (value, reported) = await SpanValueAsync(db, org, span, indicator, tree, ct);
        var lastYear = figureSpan.Provisional
            ? await MatchedLastYearAsync(db, org, figureSpan, indicator, tree, ct)
            : (await SpanValueAsync(db, org, span.LastYear, indicator, tree, ct)).Value;
        return new Figure(org.Code, org.Name, span.Period.ToString(), indicator.Code, value, lastYear, YearOnYear.Of(value, lastYear),
            reported, tree.ExpectedReporters(org.Id, span.Period))
        {
            Months = span.MonthRange, PeriodLabel = span.ToChinese(), Partial = !span.Whole, Provisional = figureSpan.Provisional,
            Collecting = figureSpan.Collecting.Count > 0 ? figureSpan.Collecting : null,
        };
    }

    /// <summary>
    /// Last year's value over a span that counts months still being collected: the final months as they are, and each month being
    /// collected only for the units that have reported it this year — so 8 from two of three units is compared with the same two
    /// units' 6, not with all three's 16. A LAST indicator: each unit's latest a year earlier within the months counted for it.
    /// </summary>
    private static async Task<decimal?> MatchedLastYearAsync(DashboardDbContext db, Organisation org, FigureSpan figureSpan, Indicator indicator,
        OrganisationTree tree, CancellationToken ct)
    {
        var span = figureSpan.Span;
        var provisional = figureSpan.ProvisionalMonths.ToList();
        var final = span.Months().Except(provisional).ToList();
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        // Who has reported each month being collected, keyed by the month a year earlier it is compared with.
        var reportedNow = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && provisional.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period }).ToListAsync(ct);
        var matched = reportedNow.Select(r => (r.OrganisationId, r.Period.SameLastYear)).ToHashSet();
        var finalLastYear = final.Select(m => m.SameLastYear).ToHashSet();
        var lastMonths = indicator.Aggregation == Aggregation.Last
            ? span.Months().Select(m => m.SameLastYear).ToList()
            : provisional.Select(m => m.SameLastYear).ToList();
        var rows = (await db.CurrentValues.AsNoTracking()
                .Where(v => v.IndicatorId == indicator.Id && lastMonths.Contains(v.Period) && units.Contains(v.OrganisationId))
                .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct))
            .Where(r => finalLastYear.Contains(r.Period) || matched.Contains((r.OrganisationId, r.Period))).ToList();
        var (total, _) = RollupCalculator.UnitsTotal(rows.Select(r => (r.OrganisationId, r.Period, r.Value)), indicator.Aggregation);
        if (indicator.Aggregation == Aggregation.Last) return total;
        if (final.Count > 0)
        {
            var byMonth = await MonthValuesAsync(db, org, [.. finalLastYear], indicator, tree, ct);
            if (byMonth.Count > 0) total = (total ?? 0) + byMonth.Values.Sum();
        }
        return total;
    }

    /// <summary>
    /// 可比口径 for an organisation and some of its descendants at once, from the units' own values, matched unit-month by unit-month: a
    /// unit's month counts when the unit reported the indicator for it both this year and the same month last year. SUM: those months
    /// added; LAST: the latest such month's value.
    /// </summary>
    private static async Task<Dictionary<int, ComparableFigure>> ComparableAsync(DashboardDbContext db, Organisation org, ComparableSpan span,
        Indicator indicator, OrganisationTree tree, List<Organisation> children, CancellationToken ct)
    {
        var months = span.Months().ToList();
        var both = months.Concat(months.Select(m => m.SameLastYear)).ToList();
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var rows = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && both.Contains(v.Period) && units.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct);
        var perUnit = new Dictionary<int, (decimal This, decimal Last)>();
        var last = indicator.Aggregation == Aggregation.Last;
        foreach (var unit in rows.GroupBy(r => r.OrganisationId))
        {
            var values = unit.ToDictionary(r => r.Period, r => r.Value);
            // Both years folded by the one rule over the months the unit reported in both, each month's place its own.
            var (thisYear, lastYear, at, atLast) = (0m, 0m, 0, 0);
            foreach (var m in months.Where(m => values.ContainsKey(m) && values.ContainsKey(m.SameLastYear)))
            {
                RollupCalculator.Fold(ref thisYear, ref at, values[m], RollupCalculator.Ordinal(m), last);
                RollupCalculator.Fold(ref lastYear, ref atLast, values[m.SameLastYear], RollupCalculator.Ordinal(m), last);
            }
            if (at == 0) continue;
            perUnit[unit.Key] = (thisYear, lastYear);
        }

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
        return RollupCalculator.UnitsTotal(rows.Select(r => (r.OrganisationId, r.Period, r.Value)), Aggregation.Last);
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
}
