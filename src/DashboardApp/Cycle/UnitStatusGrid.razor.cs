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

    [Parameter, EditorRequired] public IReadOnlyList<UnitStatus> Units { get; set; } = [];
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

    private RadzenDataGrid<UnitStatus>? _grid;

    protected override async Task OnParametersSetAsync()
    {
        _ticked.IntersectWith(Units.Where(u => u.State == ReportState.Missing).Select(u => u.Code));
        // The page refills the same list after an action: show it again through the filters and sorting the officer set.
        if (_grid is not null) await _grid.Reload();
    }

    private void Tick(string code, bool on)
    {
        if (on) _ticked.Add(code); else _ticked.Remove(code);
    }

    private bool MailOn => Mail.IsConfigured;

    /// <summary>催报全部未报单位 asks first, saying how many units it reaches and how.</summary>
    private async Task RemindAllAsync()
    {
        var missing = Units.Where(u => u.State == ReportState.Missing).ToList();
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
