using DashboardApp.Components;
using DashboardApp.Components.Filters;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace DashboardApp.Figures;

public partial class RankingPage
{
    [SupplyParameterFromQuery] public string? Org { get; set; }
    [SupplyParameterFromQuery] public string? Period { get; set; }
    [SupplyParameterFromQuery] public string? Indicator { get; set; }
    [SupplyParameterFromQuery] public string? Provisional { get; set; }
    [SupplyParameterFromQuery] public string? By { get; set; }

    private sealed record Order(bool ByCompletion, string Text);
    private static readonly List<Order> _orders = [new(false, "按数值"), new(true, "按完成率")];
    private bool _byCompletion;

    private Figure? _figure;
    private Core.Periods.Period? _period;
    private Measure? _indicator;
    private List<RankingRow> _rows = [];
    private List<Organisation> _trail = [];
    private List<PeriodChoice> _periods = [];
    private CalendarToday? _calendar;
    private bool _provisional;
    private List<Measure> _measures = [];
    private List<string> _messages = [];

    protected override async Task LoadAsync()
    {
        var filter = await Filters.OpenAsync(Org);
        (_messages, _calendar) = (filter.Notices, filter.Calendar);
        _measures = filter.Catalogue.Measures.ToList();
        if (filter.Org is not { } org) return;
        var period = filter.AnyPeriod(Period);
        var indicator = filter.Measure(Indicator);
        // Months of the last two years, and their quarters and years: a ranking is as useful for a quarter or a year.
        _periods = _calendar.RecentMonths(24).SelectMany(m => m.Containing().Prepend(m)).Append(period).Distinct()
            .Select(x => new PeriodChoice(x.ToString(), x.Type == PeriodType.Month ? filter.Calendar.Choice(x) : x.ToString())).ToList();
        (_period, _indicator) = (period, indicator);
        _provisional = ProvisionalField.Read(Provisional);
        var provisional = _provisional;
        _figure = await ReadAsync(("排名", org.Id, period, indicator.Code, provisional), () => Figures.GetAsync(org, period, indicator,
            filter.Catalogue, filter.Tree, withChildren: true, comparable: true, includeProvisional: provisional));
        _byCompletion = By == "completion" && Ranking.HasTargets(_figure);
        _rows = Ranking.Of(_figure, filter.Tree, _byCompletion);
        _trail = filter.Trail(org);
    }

    private string Link(string org) => Navigation.GetUriWithQueryParameters("/ranking", new Dictionary<string, object?>
    {
        ["org"] = org, ["period"] = _period?.ToString(), ["indicator"] = _indicator?.Code, ["provisional"] = _provisional ? "1" : null,
        ["by"] = _byCompletion ? "completion" : null,
    });

    private void GoBy(bool byCompletion) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("by", byCompletion ? "completion" : null));

    private void Go(string? period = null, string? indicator = null) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["org"] = _figure?.Org, ["period"] = period ?? _period?.ToString(), ["indicator"] = indicator ?? _indicator?.Code,
            ["provisional"] = _provisional ? "1" : null,
        }));
}
