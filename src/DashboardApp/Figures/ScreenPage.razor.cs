using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using Microsoft.AspNetCore.Components;

namespace DashboardApp.Figures;

/// <summary>
/// The 大屏: a display link's organisation on a wall screen, without signing in — the headline figures, and panels that rotate
/// (trend, children, reporting, ranking), reloaded after every rollup and the link checked again every minute.
/// </summary>
public partial class ScreenPage : IDisposable
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private ScreenQueries Queries { get; set; } = default!;
    [Inject] private FigureUpdates Updates { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    public enum Panel { Trend, Children, Reporting, Ranking, Plan }

    private static string Name(Panel p) => p switch
    {
        Panel.Trend => "月度趋势",
        Panel.Children => "下级比较",
        Panel.Reporting => "报送进度",
        Panel.Plan => "目标完成",
        _ => "排名",
    };

    /// <summary>Whether the trend's last month is still open, or a later one is being collected and left out.</summary>
    private string TrendNote(Period month)
    {
        var calendar = _data!.Calendar;
        if (calendar.IsCollecting(month)) return $"（{month.Index}月报送中，数字未定）";
        var later = calendar.LatestReportable;
        return later > month && later.Year == month.Year && calendar.IsCollecting(later) ? $"（{later.Index}月报送中，以空心点虚线标出）" : "";
    }

    private static string Arrow(decimal? yoy) => yoy switch { > 0 => "▲", < 0 => "▼", _ => "" };

    private bool _refused;
    private ScreenData? _data;
    private Organisation? _org;
    private List<Panel> _panels = [Panel.Trend];
    private int _position;
    private int _cycle;
    private int _rotateSeconds = 15;
    private DateTime _now;
    private Timer? _rotation;
    private Timer? _recheck;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private bool _disposed;

    private Panel Current => _panels[_position % _panels.Count];

    protected override async Task OnInitializedAsync()
    {
        Updates.Changed += OnFiguresChanged;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Timers only in the live page, not while prerendering.
        if (!firstRender || !RendererInfo.IsInteractive) return;
        var every = TimeSpan.FromSeconds(_rotateSeconds);
        _rotation = new Timer(_ => _ = InvokeAsync(AdvanceAsync), null, every, every);
        // The link is checked again every minute: a revoked link or a disabled account empties the screen.
        _recheck = new Timer(_ => _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), null, TimeSpan.FromMinutes(1),
            TimeSpan.FromMinutes(1));
    }

    private async Task AdvanceAsync()
    {
        if (_disposed) return;
        _position++;
        if (_position % _panels.Count == 0)
        {
            // A full round: the trend, comparison and ranking move on to the next headline indicator.
            _cycle++;
            await LoadAsync();
        }
        _now = Clock.GetLocalNow().DateTime;
        StateHasChanged();
    }

    private void OnFiguresChanged(FigureUpdate update) => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    /// <summary>
    /// The link read again (a scope of its own: the circuit's would answer from what it tracked before), then the figures. A link that no
    /// longer holds shows nothing but the notice.
    /// </summary>
    private async Task LoadAsync()
    {
        // A timer's or a rollup's call may arrive as the page closes.
        if (_disposed) return;
        await _loading.WaitAsync();
        try
        {
            _now = Clock.GetLocalNow().DateTime;
            await using var scope = Scopes.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
            if (await tokens.ResolveAsync(Key, TokenKinds.Display) is not { } use)
            {
                (_refused, _data, _org) = (true, null, null);
                return;
            }
            _rotateSeconds = use.Token.RotateSeconds ?? 15;
            var (tree, catalogue, org) = await Queries.TargetAsync(use.User, use.Token.OrgCode);
            if (org is null)
            {
                (_refused, _data, _org) = (true, null, null);
                return;
            }
            _org = org;
            _data = await Queries.LoadAsync(tree, catalogue, org, _cycle);
            _refused = false;
            _panels = _data.HasChildren ? [Panel.Trend, Panel.Children, Panel.Reporting, Panel.Ranking, .. _data.Plan is null ? [] : new[] { Panel.Plan }]
                : [Panel.Trend];
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Updates.Changed -= OnFiguresChanged;
        _rotation?.Dispose();
        _recheck?.Dispose();
        GC.SuppressFinalize(this);
    }
}
