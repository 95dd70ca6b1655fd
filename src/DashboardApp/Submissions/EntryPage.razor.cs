using System.Globalization;
using System.Text.Json;
using DashboardApp.Components;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Submissions;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DashboardApp.Submissions;

/// <summary>
/// 在线填报: a reporter's month, box by box (<see cref="EntryForm"/> reads each box), a draft kept in the browser, a check before
/// storing that asks to confirm what deserves a second look, then the write boundary through <see cref="EntryActions"/>.
/// </summary>
public partial class EntryPage
{
    [Inject] private PageFilters Filters { get; set; } = default!;
    [Inject] private EntryQueries Entries { get; set; } = default!;
    [Inject] private EntryActions Actions { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromQuery] public string? Org { get; set; }
    [SupplyParameterFromQuery] public string? Period { get; set; }

    private bool _loaded;
    private List<Choice> _units = [];
    private List<PeriodChoice> _months = [];
    private List<string> _messages = [];
    private Core.Periods.Period _month;
    private EntryForm? _form;
    private EntrySheet? _sheet => _form?.Sheet;
    private string _deadlineText = "";
    private string? _draftKey;
    private bool _draftChecked;
    private string? _draftRestored;

    private string? _refusal;
    private List<string>? _confirm;
    private string? _done;
    private bool _busy;

    protected override async Task OnParametersSetAsync()
    {
        var filter = await Filters.OpenAsync(null);
        _messages = filter.Notices;
        var calendar = filter.Calendar;
        _month = Period is null ? calendar.LatestReportable : filter.Month(Period);
        _months = filter.MonthChoices(12, _month);
        var units = filter.InScope.Where(u => filter.Tree.IsReportingUnit(u.Id) && u.IsOpenDuring(_month)).ToList();
        _units = units.Select(u => new Choice(u.Code, $"{u.Name}（{u.Code}）")).ToList();
        var unit = Chosen(units);
        _form = unit is null ? null : new EntryForm(await Entries.GetAsync(unit, _month, filter.Catalogue));
        _deadlineText = Core.Periods.Deadlines.Text(calendar.Deadline(_month), calendar.Today);
        (_refusal, _confirm, _done, _draftRestored) = (null, null, null, null);
        _draftKey = _form is null ? null : $"entry-draft:{filter.User.UserName}:{_form.Sheet.Unit.Code}:{_month}";
        _draftChecked = false;
        _loaded = true;
    }

    /// <summary>The unit asked for if this account may report for it; unknown, out of scope, not a reporting unit or not open that month all read the same.</summary>
    private Organisation? Chosen(List<Organisation> units)
    {
        if (Org is null) return units.Count == 1 ? units[0] : null;
        if (units.FirstOrDefault(u => u.Code == Org) is { } unit) return unit;
        if (units.Count == 1)
        {
            _messages.Add($"{Core.Access.Actor.Unknown(Org, "填报")}，已显示“{units[0].Name}”。");
            return units[0];
        }
        _messages.Add($"{Core.Access.Actor.Unknown(Org, "填报")}，请从列表中选择单位。");
        return null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_draftKey is null || _draftChecked || _form is null) return;
        _draftChecked = true;
        var json = await JS.InvokeAsync<string?>("dashboardDrafts.load", _draftKey);
        if (json is null) return;
        try
        {
            if (JsonSerializer.Deserialize<Draft>(json) is not { } draft) return;
            _form.Restore(draft.Texts, draft.Notes);
            _draftRestored = draft.SavedAt;
            StateHasChanged();
        }
        catch (JsonException) { await JS.InvokeVoidAsync("dashboardDrafts.clear", _draftKey); }
    }

    private sealed record Draft(Dictionary<string, string> Texts, Dictionary<string, string> Notes, string SavedAt);

    private async Task ChangedAsync(string code, string? text, string? note)
    {
        if (_form is null) return;
        if (text is not null) _form.Texts[code] = text;
        if (note is not null) _form.Notes[code] = note;
        (_confirm, _done) = (null, null);
        if (_draftKey is not null)
            await JS.InvokeVoidAsync("dashboardDrafts.save", _draftKey,
                JsonSerializer.Serialize(new Draft(_form.Texts, _form.Notes, Clock.GetLocalNow().ToString("M月d日 HH:mm", CultureInfo.InvariantCulture))));
    }

    private async Task DiscardDraftAsync()
    {
        if (_draftKey is not null) await JS.InvokeVoidAsync("dashboardDrafts.clear", _draftKey);
        await OnParametersSetAsync();
        _draftChecked = true;
    }

    private void Go(string? org, string? period) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["org"] = org, ["period"] = period }));

    /// <summary>Checks the month without storing it; refused, the problems show by their boxes; else what deserves a second look is confirmed first.</summary>
    private async Task CheckAsync()
    {
        if (_form is null || _busy) return;
        (_busy, _refusal, _form.Report, _confirm, _done) = (true, null, null, null, null);
        try
        {
            var (report, refusal) = await Actions.SubmitAsync(_form.Entry(), dryRun: true);
            (_form.Report, _refusal) = (report, refusal);
            if (report is not { Status: ImportStatus.Accepted }) return;
            if (_form.Confirmations(report) is { Count: > 0 } confirm) _confirm = confirm;
        }
        finally { _busy = false; }
        if (_confirm is null && _refusal is null) await SubmitAsync();
    }

    private async Task SubmitAsync()
    {
        if (_form is null) return;
        _busy = true;
        try
        {
            var (report, refusal) = await Actions.SubmitAsync(_form.Entry(), dryRun: false);
            (_form.Report, _refusal, _confirm) = (report, refusal, null);
            if (report is not { Status: ImportStatus.Accepted } accepted) return;
            var unit = _form.Sheet.Unit;
            var count = accepted.Submissions.Sum(s => s.Values.Count);
            if (_draftKey is not null) await JS.InvokeVoidAsync("dashboardDrafts.clear", _draftKey);
            _form.Sheet = await Entries.GetAsync(unit, _month, (await Filters.OpenAsync(null)).Catalogue);
            _draftRestored = null;
            _done = $"已提交“{unit.Name}”{_month.ToChinese()}数据，共 {count} 项数值；汇总数据将在几秒内更新。";
            _form.Report = null;
        }
        finally { _busy = false; }
    }
}
