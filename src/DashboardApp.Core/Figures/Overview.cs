using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Figures;

/// <summary>A headline KPI: the month's figure with 同比, and 累计 (January..month, final months unless asked) with 累计同比.</summary>
public sealed record KpiFigure(Indicator Indicator, Figure Month, Figure YearToDate);

/// <summary>A derived rate on 总览: the month's rate with its change, and the rate over 累计 (its parts added up first).</summary>
public sealed record RateFigure(DerivedIndicator Rate, Figure Month, Figure YearToDate);

/// <summary>总览 for one organisation and month.</summary>
/// <param name="Collecting">The months of the trend's year still being collected, with their progress: drawn as provisional.</param>
public sealed record Overview(
    Organisation Org, Period Month, IReadOnlyList<KpiFigure> Kpis, IReadOnlyList<RateFigure> Rates, int Reported, int Expected,
    Indicator TrendIndicator, decimal?[] ThisYear, decimal?[] LastYear, DateTime? AsOfUtc, IReadOnlyList<CollectingMonth> Collecting)
{
    /// <summary>报送率: share of expected reporting units that reported anything for the month.</summary>
    public decimal? ReportingRate => Expected == 0 ? null : (decimal)Reported / Expected;

    /// <summary>What 累计 left out or counted of the months being collected ("11月报送中（已报 284/507），未计入"), or null.</summary>
    public string? YearToDateNote => Kpis.Select(k => k.YearToDate.CollectingNote).FirstOrDefault(n => n is not null);
}

public sealed class OverviewQueries(FigureQueries figures)
{
    /// <param name="includeProvisional">累计 also counts the months being collected (marked); by default it covers final months only.</param>
    public async Task<Overview> LoadAsync(OrganisationTree tree, IndicatorCatalogue catalogue, Organisation org, Period month, Indicator trend,
        bool includeProvisional = false, CancellationToken ct = default)
    {
        var kpis = new List<KpiFigure>();
        foreach (var indicator in catalogue.Headlines)
        {
            var figure = await figures.GetAsync(org, month, indicator, tree, ct: ct, comparable: true);
            kpis.Add(new KpiFigure(indicator, figure, await figures.YearToDateAsync(org, month, indicator, tree, includeProvisional, ct)));
        }
        var rates = new List<RateFigure>();
        foreach (var rate in catalogue.Derived)
        {
            var figure = await figures.GetAsync(org, month, rate, catalogue, tree, ct: ct);
            var numerator = await figures.YearToDateAsync(org, month, catalogue.ByCode(rate.Numerator)!, tree, includeProvisional, ct);
            var denominator = await figures.YearToDateAsync(org, month, catalogue.ByCode(rate.Denominator)!, tree, includeProvisional, ct);
            rates.Add(new RateFigure(rate, figure, FigureQueries.Divide(rate, numerator, denominator)));
        }
        var (reported, expected) = await figures.ReportingAsync(org, month, tree, ct);
        var thisYear = await figures.MonthlySeriesAsync(org, month.Year, trend, tree, ct);
        var lastYear = await figures.MonthlySeriesAsync(org, month.Year - 1, trend, tree, ct);
        var year = await figures.SpanAsync(org, Period.OfYear(month.Year), tree, includeProvisional: true, ct);
        return new Overview(org, month, kpis, rates, reported, expected, trend, thisYear, lastYear, await figures.AsOfAsync(ct), year.Collecting);
    }
}
