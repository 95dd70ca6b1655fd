using DashboardApp.Components;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace DashboardApp.Figures;

public partial class UnitPage
{
    [Parameter] public string Code { get; set; } = "";
    // Text, not int?: a year too large for an int in a copied link is a notice, not an error page.
    [SupplyParameterFromQuery] public string? Year { get; set; }

    // For the year in progress the total runs to the last month ended and is compared with the same months last year.
    private string _totalTitle = "全年";
    private string _lastTitle = "上年";
    private string _span = "全年";

    private Organisation? _unit;
    private bool _loaded;
    private int _year;
    private List<int> _years = [];
    private List<Organisation> _trail = [];
    private List<YearRow> _history = [];
    private CalendarToday? _calendar;
    private List<SubmissionRow> _submissions = [];
    private HashSet<int> _openable = [];
    private List<string> _messages = [];
    private bool _canEnter;
    private bool _canCorrect;
    private List<PeriodChoice> _months = [];
    private IndicatorCatalogue? _catalogue;
    private Core.Assessment.QualityFigures? _quality;
    private List<(string Text, Core.Assessment.StandardResult Result)> _standards = [];

    [Inject] private Core.Assessment.ReportingQuality Quality { get; set; } = default!;
    [Inject] private Core.Assessment.Standards Standards { get; set; } = default!;

    protected override async Task LoadAsync()
    {
        var filter = await Filters.OpenAsync(null);
        var tree = filter.Tree;
        // Unknown, out of scope and not a reporting unit all read the same.
        _unit = filter.Visible(Code) is { } u && tree.IsReportingUnit(u.Id) ? u : null;
        _loaded = true;
        if (_unit is null) return;

        (_messages, _calendar) = (filter.Notices, filter.Calendar);
        _years = filter.YearChoices;
        _year = filter.Year(Year);
        _trail = filter.Trail(_unit);
        var span = (await Figures.SpanAsync(_unit, Core.Periods.Period.OfYear(_year), tree)).Span;
        (_totalTitle, _lastTitle, _span) = span.Whole ? ("全年", "上年", "全年") : ("本年累计", "上年同期", $"{span.First.Index}—{span.Last.Index}月累计");
        _canEnter = filter.User.CanUpload;
        _canCorrect = filter.User.Role is Core.Access.Roles.Admin or Core.Access.Roles.DistrictAdmin;
        _months = filter.MonthChoices(12, filter.Calendar.LatestReportable);
        _catalogue = filter.Catalogue;
        _history = await Figures.YearRowsAsync(_unit, _year, filter.Catalogue.All, tree);
        var final = span.Months().ToList();
        _quality = (await Quality.PerUnitAsync(_unit, final, tree)).GetValueOrDefault(_unit.Id);
        _standards = [];
        foreach (var standard in await Standards.ListAsync())
        {
            var indicator = filter.Catalogue.ById(standard.IndicatorId)!;
            if (await Standards.EvaluateAsync(_unit, Core.Periods.Period.OfYear(_year), indicator, tree) is { } result)
                _standards.Add((Core.Assessment.StandardResult.Describe(indicator.Name, standard.Min, standard.Per), result));
        }
        _submissions = await Submissions.ListAsync([_unit.Id], null, null, 500);
        // A 汇总表 covering units the user may not see is listed, but not offered for download.
        _openable = await Submissions.FilesWithinAsync(_submissions.Select(s => s.FileId).Distinct().ToList(),
            id => filter.User.Find(tree, id) is not null);
    }
}
