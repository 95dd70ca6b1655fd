using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Figures;

/// <summary>
/// What the 大屏 shows for one organisation, read through the pages' own queries: 总览's headline KPIs and trend (<see cref="OverviewQueries"/>),
/// 下级比较 and 排名 from one figure with its children (<see cref="FigureQueries"/>, <see cref="Ranking"/>), and 报送情况 of the month being
/// collected (<see cref="ReportingStatusQueries"/>). The figures' month is the one 总览 opens on; it may still be collecting, and says so.
/// </summary>
public sealed record ScreenData(Overview Overview, CalendarToday Calendar, Indicator Indicator, Figure? Children, IReadOnlyList<RankingRow> Ranks,
    Period ReportingMonth, ReportingCounts? Reporting)
{
    public bool HasChildren => Children?.Children is { Count: > 0 };

    /// <summary>目标完成: the year's figure, with its children's, of the first headline indicator that has a 目标任务; null when none has.</summary>
    public (Indicator Indicator, Figure Figure)? Plan { get; init; }
}

public sealed class ScreenQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, ReportingCalendar calendar,
    OverviewQueries overviews, FigureQueries figures, ReportingStatusQueries reporting)
{
    /// <summary>
    /// The organisation shown for a display link: its own while it is within the account's scope — null (the link no longer works) once it
    /// is not, never the account's new scope in its place; a link bound to no organisation shows the top of the account's scope.
    /// </summary>
    public async Task<(OrganisationTree Tree, IndicatorCatalogue Catalogue, Organisation? Org)> TargetAsync(Access.UserScope.Info user, string? orgCode,
        CancellationToken ct = default)
    {
        var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
        var org = orgCode is not null ? user.Find(tree, orgCode)
            : user.Tops(tree) is [var top, ..] ? top : null;
        return (tree, catalogue, org);
    }

    /// <param name="cycle">Which headline indicator the trend, comparison and ranking follow this time round (they take turns).</param>
    public async Task<ScreenData> LoadAsync(OrganisationTree tree, IndicatorCatalogue catalogue, Organisation org, int cycle, CancellationToken ct = default)
    {
        var today = await calendar.TodayAsync(ct);
        var headlines = catalogue.Headlines.ToList();
        var indicator = headlines[((cycle % headlines.Count) + headlines.Count) % headlines.Count];
        var month = today.DefaultMonth;
        var overview = await overviews.LoadAsync(tree, catalogue, org, month, indicator, ct: ct);
        var unit = tree.IsReportingUnit(org.Id);
        var children = unit ? null : await figures.GetAsync(org, month, indicator, tree, withChildren: true, comparable: true, ct: ct);
        // 报送进度 is for the month units are sending now; once its deadline has passed, for the month the figures are of.
        var reportingMonth = today.IsCollecting(today.LatestReportable) ? today.LatestReportable : month;
        var status = unit ? null : await reporting.CountsAsync(org, reportingMonth, tree, ct);
        var planned = overview.Kpis.FirstOrDefault(k => k.YearToDate.Target is not null)?.Indicator;
        var plan = planned is null || unit ? null
            : await figures.GetAsync(org, Period.OfYear(overview.Month.Year), planned, tree, withChildren: true, ct: ct);
        return new ScreenData(overview, today, indicator, children, children is null ? [] : Core.Figures.Ranking.Of(children, tree), reportingMonth, status)
        {
            Plan = plan is null ? null : (planned!, plan),
        };
    }
}
