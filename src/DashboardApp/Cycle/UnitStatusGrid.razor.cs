using DashboardApp.Core.Cycle;
using DashboardApp.Core.Periods;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace DashboardApp.Cycle;

public partial class UnitStatusGrid
{
    /// <summary>A decision the page is asked to record.</summary>
    public sealed record Decision(UnitStatus Unit, MonthDecision Kind, string Reason);

    /// <summary>Reads a page of the units that match a filter (all of them with no page size): the database pages and filters, not the circuit.</summary>
    [Parameter, EditorRequired] public Func<UnitFilter, int, int?, Task<UnitList>> Load { get; set; } = default!;
    /// <summary>Only the units in this state (<see cref="UnitStates"/>), as the page's URL asks.</summary>
    [Parameter] public string? State { get; set; }
    /// <summary>Changed by the page when the month's data may have changed: the list reads its page again.</summary>
    [Parameter] public int Version { get; set; }
    /// <summary>How many units have not reported: what 催报全部未报单位 reaches.</summary>
    [Parameter] public int Missing { get; set; }
    [Parameter, EditorRequired] public Period Month { get; set; }
    [Parameter] public bool CanAct { get; set; }
    /// <summary>报送质量 of each unit this year so far (by code): 按时 of the final months, 退回, 更正, 核实后改数.</summary>
    [Parameter] public IReadOnlyDictionary<string, Core.Assessment.QualityFigures>? Quality { get; set; }
    [Parameter] public bool Busy { get; set; }
    /// <summary>Times read in the server's zone, as on every other page.</summary>
    private static TimeZoneInfo Zone => TimeZoneInfo.Local;
    /// <summary>Codes to remind, or null for every missing unit.</summary>
    [Parameter] public EventCallback<IReadOnlyCollection<string>?> OnRemind { get; set; }
    /// <summary>Returns true when recorded, so the form closes.</summary>
    [Parameter] public Func<Decision, Task<bool>>? OnDecide { get; set; }

    private readonly HashSet<string> _ticked = [];
    private UnitStatus? _deciding;
    private MonthDecision _decision;
    private string _reason = "";

    private const int PageSize = 20;
    private RadzenDataGrid<UnitStatus>? _grid;
    private IReadOnlyList<UnitStatus>? _page;
    private int _count, _version;
    private bool _loading;
    private string? _search, _state;

    protected override async Task OnParametersSetAsync()
    {
        // The page read the month again (after 核实, 退回 or 催报, or new figures): the same page of the list, through the officer's filter
        // and sorting; a new state from the URL starts at the first page.
        if (_grid is null || (Version == _version && State == _state)) return;
        if (State != _state) await _grid.FirstPage(forceReload: true);
        else await _grid.Reload();
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        (_version, _state) = (Version, State);
        _search = args.Filters?.FirstOrDefault(f => f.Property == nameof(UnitStatus.Name))?.FilterValue?.ToString() is { Length: > 0 } text ? text : null;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var order = sort?.Property switch
        {
            nameof(UnitStatus.Name) => UnitOrder.Name,
            nameof(UnitStatus.GroupName) => UnitOrder.Group,
            nameof(UnitStatus.FirstAcceptedUtc) => UnitOrder.FirstAccepted,
            _ => UnitOrder.MissingFirst,
        };
        _loading = true;
        var list = await Load(new UnitFilter(State, _search, Order: order, Descending: sort?.SortOrder == SortOrder.Descending), args.Skip ?? 0,
            args.Top ?? PageSize);
        (_page, _count, _loading) = (list.Units, list.Count, false);
    }

    private void Tick(string code, bool on)
    {
        if (on) _ticked.Add(code); else _ticked.Remove(code);
    }

    private bool MailOn => Mail.IsConfigured;

    /// <summary>催报全部未报单位 asks first, saying how many units it reaches and how.</summary>
    private async Task RemindAllAsync()
    {
        // Who it reaches is read when asked: every missing unit's recipients, not only the page's.
        var missing = (await Load(new UnitFilter(UnitStates.Missing), 0, null)).Units;
        var reachable = missing.Count(u => u.NoRecipient is null);
        var how = MailOn ? "站内消息，有电子邮箱的同时发邮件" : "站内消息（系统未设置发送邮件）";
        var text = $"将向 {Month.ToChinese()}尚未报送的 {reachable} 个单位催报，通过{how}。"
                   + (missing.Count > reachable ? $"另有 {missing.Count - reachable} 个单位没有填报员账号也无法发邮件，催报不到。" : "")
                   + "今天已催报过的单位不再重复。";
        if (await Dialogs.Confirm(text, "催报全部未报单位", new ConfirmOptions { OkButtonText = "确定催报", CancelButtonText = "取消" }) == true)
            await OnRemind.InvokeAsync(null);
    }

    private async Task RemindTickedAsync()
    {
        await OnRemind.InvokeAsync(_ticked.ToList());
        _ticked.Clear();
    }

    private void Open(UnitStatus unit, MonthDecision decision) => (_deciding, _decision, _reason) = (unit, decision, "");

    private async Task DecideAsync()
    {
        if (_deciding is { } unit && OnDecide is not null && await OnDecide(new Decision(unit, _decision, _reason))) _deciding = null;
    }
}
