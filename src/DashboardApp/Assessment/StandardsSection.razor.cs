using DashboardApp.Core.Assessment;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;
using Microsoft.AspNetCore.Components;

namespace DashboardApp.Assessment;

public partial class StandardsSection
{
    /// <summary>A standard as the page shows it: its indicator, its words ("集中学习研讨次数每月至少 1 次"), and how units fare.</summary>
    public sealed record Line(string Code, string Text, StandardResult? Result);

    /// <summary>A standard asked for on the form.</summary>
    public sealed record NewStandard(string Code, decimal? Min, StandardPer Per);

    private sealed record PerChoice(StandardPer Per, string Text);

    private static readonly List<PerChoice> _pers = [new(StandardPer.Month, "每月"), new(StandardPer.Quarter, "每季度"), new(StandardPer.Year, "每年")];

    [Parameter, EditorRequired] public IReadOnlyList<Line> Lines { get; set; } = [];
    /// <summary>Only the 系统管理员 sets and removes standards.</summary>
    [Parameter] public bool IsAdmin { get; set; }
    /// <summary>What the results cover ("1—11月").</summary>
    [Parameter, EditorRequired] public string PeriodLabel { get; set; } = "";
    [Parameter] public IReadOnlyList<Indicator> Indicators { get; set; } = [];
    /// <summary>The indicator whose standard is removed.</summary>
    [Parameter] public EventCallback<string> OnRemove { get; set; }
    [Parameter] public EventCallback<NewStandard> OnSet { get; set; }

    private string? _newCode;
    private decimal? _newMin;
    private StandardPer _newPer = StandardPer.Month;

    private static string Shown(string period) => PeriodText.TryParse(period, out var p) ? p.ToChinese() : period;

    private Task SetAsync() => OnSet.InvokeAsync(new NewStandard(_newCode!, _newMin, _newPer));
}
