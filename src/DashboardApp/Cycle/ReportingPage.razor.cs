using DashboardApp.Components;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.AspNetCore.Components;

namespace DashboardApp.Cycle;

public partial class ReportingPage
{
    [SupplyParameterFromQuery] public string? Org { get; set; }
    [SupplyParameterFromQuery] public string? Period { get; set; }
    /// <summary>Only the units in this state (missing, late, sentback, toverify), as 待办's cards link here.</summary>
    [SupplyParameterFromQuery] public string? State { get; set; }

    private ReportingCounts? _status;
    /// <summary>The month as the last load read it, until the list's first page has been taken from it (then dropped: it may hold a
    /// province's 200,000 rows).</summary>
    private ReportingMonth? _read;
    private Organisation? _org;
    private OrganisationTree? _tree;
    /// <summary>Bumped after every load, so that the list reads its page again through the filters and sorting the officer set.</summary>
    private int _version;
    private readonly Dictionary<string, Core.Assessment.QualityFigures> _quality = [];
    private List<Core.Periods.Period> _finalMonths = [];
    [Inject] private Core.Assessment.ReportingQuality Quality { get; set; } = default!;
    private bool _canAct, _busy, _resultOk;
    private string? _result;
    private List<PeriodChoice> _months = [];
    private CalendarToday? _calendar;
    private List<string> _messages = [];

    protected override async Task LoadAsync()
    {
        var filter = await Filters.OpenAsync(Org);
        (_messages, _calendar, _org, _tree) = (filter.Notices, filter.Calendar, filter.Org, filter.Tree);
        if (_org is null) return;
        // From the menu (no month asked for): the month being collected while there is one — the month an officer chases.
        var month = Period is null && _calendar.IsCollecting(_calendar.LatestReportable) ? _calendar.LatestReportable : filter.Month(Period);
        // The month being collected is always offered, reported or not.
        _months = filter.MonthChoices(24, month);
        // The counts only: the units come a page at a time (LoadUnitsAsync), so the province's 200,000 cost one page.
        _read = await Queries.MonthAsync(_org, month, filter.Tree);
        _status = _read.Counts;
        _canAct = DashboardApp.Core.Access.Roles.CanReview(filter.User.Role);
        // 报送质量 of each unit this year so far: its final months up to the one shown.
        _finalMonths = Enumerable.Range(1, month.Index).Select(m => Core.Periods.Period.Month(month.Year, m)).Where(m => !_calendar.IsCollecting(m)).ToList();
        _version++;
    }

    private int StateCount(string? state) => state switch
    {
        UnitStates.Missing => _status!.Total.Missing,
        UnitStates.Late => _status!.Total.Late,
        UnitStates.SentBack => _status!.SentBack,
        UnitStates.ToVerify => _status!.ToVerify,
        _ => _status!.Total.Expected,
    };

    /// <summary>One page of the list (all of it with <paramref name="take"/> null), with each unit's 报送质量.</summary>
    private async Task<UnitList> LoadUnitsAsync(UnitFilter unitFilter, int skip, int? take)
    {
        if (_org is null || _status is null || _tree is null) return new UnitList([], 0);
        // The list's first page after a load comes from the load's own read; a page flip, a search or a sort reads the month again.
        var read = _read ?? await Queries.MonthAsync(_org, _status.Month, _tree);
        _read = null;
        var list = await Queries.UnitsAsync(read, _tree, unitFilter, skip, take);
        if (take is not null)
        {
            var perUnit = await Quality.PerUnitAsync(list.Units.Select(u => _tree.ByCode(u.Code)!).ToList(), _finalMonths);
            _quality.Clear();
            foreach (var (id, q) in perUnit) _quality[_tree.ById(id)!.Code] = q;
        }
        return list;
    }

    private async Task RemindAsync(IReadOnlyCollection<string>? codes)
    {
        _busy = true;
        (_resultOk, _result) = await Actions.RemindAsync(_org!, _status!.Month, codes);
        _busy = false;
        await LoadAsync();
    }

    private async Task<bool> DecideAsync(UnitStatusGrid.Decision decision)
    {
        _busy = true;
        (_resultOk, _result) = await Actions.DecideAsync(decision.Unit.Code, _status!.Month, decision.Kind, decision.Reason);
        _busy = false;
        await LoadAsync();
        // Called through a Func, not an EventCallback: the page renders itself.
        StateHasChanged();
        return _resultOk;
    }
}
