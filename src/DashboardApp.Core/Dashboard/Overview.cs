using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Dashboard;

/// <summary>A headline KPI: the month's figure with 同比, and 累计 (January..month) with 累计同比.</summary>
public sealed record KpiFigure(Indicator Indicator, Figure Month, decimal? YearToDate, decimal? YearToDateLastYear, decimal? YearToDateYoy);

/// <summary>A derived rate on 总览: the month's rate with 同比, and the rate over 累计 (its parts added up first) with 累计同比.</summary>
public sealed record RateFigure(DerivedIndicator Rate, Figure Month, decimal? YearToDate, decimal? YearToDateLastYear, decimal? YearToDateYoy);

/// <summary>总览 for one organisation and month.</summary>
public sealed record Overview(
    Organisation Org, Period Month, IReadOnlyList<KpiFigure> Kpis, IReadOnlyList<RateFigure> Rates, int Reported, int Expected,
    Indicator TrendIndicator, decimal?[] ThisYear, decimal?[] LastYear, DateTime? AsOfUtc)
{
    /// <summary>报送率: share of expected reporting units that reported anything for the month.</summary>
    public decimal? ReportingRate => Expected == 0 ? null : (decimal)Reported / Expected;
}

public sealed class OverviewQueries(FigureQueries figures)
{
    public async Task<Overview> LoadAsync(OrganisationTree tree, IndicatorCatalogue catalogue, Organisation org, Period month, Indicator trend,
        CancellationToken ct = default)
    {
        var kpis = new List<KpiFigure>();
        foreach (var indicator in catalogue.Headlines)
        {
            var figure = await figures.GetAsync(org, month, indicator, tree, ct: ct, comparable: true);
            var (ytd, ytdLast, ytdYoy) = await figures.YearToDateAsync(org, month, indicator, tree, ct);
            kpis.Add(new KpiFigure(indicator, figure, ytd, ytdLast, ytdYoy));
        }
        var rates = new List<RateFigure>();
        foreach (var rate in catalogue.Derived)
        {
            var figure = await figures.GetAsync(org, month, rate, catalogue, tree, ct: ct);
            var numerator = await figures.YearToDateAsync(org, month, catalogue.ByCode(rate.Numerator)!, tree, ct);
            var denominator = await figures.YearToDateAsync(org, month, catalogue.ByCode(rate.Denominator)!, tree, ct);
            var ytd = DerivedIndicator.Rate(numerator.Value, denominator.Value);
            var ytdLast = DerivedIndicator.Rate(numerator.LastYear, denominator.LastYear);
            rates.Add(new RateFigure(rate, figure, ytd, ytdLast, YearOnYear.Of(ytd, ytdLast)));
        }
        var (reported, expected) = await figures.ReportingAsync(org, month, tree, ct);
        var thisYear = await figures.MonthlySeriesAsync(org, month.Year, trend, tree, ct);
        var lastYear = await figures.MonthlySeriesAsync(org, month.Year - 1, trend, tree, ct);
        return new Overview(org, month, kpis, rates, reported, expected, trend, thisYear, lastYear, await figures.AsOfAsync(ct));
    }
}
