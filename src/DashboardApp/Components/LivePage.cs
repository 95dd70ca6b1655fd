using DashboardApp.Core.Rollups;
using Microsoft.AspNetCore.Components;

namespace DashboardApp.Components;

/// <summary>
/// A page that shows figures: it loads them from its URL, and loads them again by itself whenever a
/// rollup finishes (an upload's incremental rollup, the nightly rebuild, 立即运行) on this instance or, on PostgreSQL, on any
/// other, so an open page never shows figures older than the database's.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    [Inject] private FigureUpdates Updates { get; set; } = default!;
    [Inject] private SharedReads Shared { get; set; } = default!;
    private bool _refreshing;

    /// <summary>Reads everything the page shows for its current parameters.</summary>
    protected abstract Task LoadAsync();

    protected override void OnInitialized() => Updates.Changed += OnFiguresChanged;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private void OnFiguresChanged(FigureUpdate update) => _ = InvokeAsync(async () =>
    {
        _refreshing = true;
        try
        {
            await LoadAsync();
        }
        finally
        {
            _refreshing = false;
        }
        StateHasChanged();
    });

    /// <summary>
    /// What <paramref name="read"/> answers. While the page refreshes after a figure update, read once for every open page refreshing after
    /// it (<see cref="SharedReads"/>: the 200 pages showing a district's month ask the database once); otherwise read for this page.
    /// <paramref name="key"/> names everything the answer depends on (a tuple of organisation id, period, indicator code, options).
    /// </summary>
    protected Task<T> ReadAsync<T>(object key, Func<Task<T>> read) where T : class => _refreshing ? Shared.ReadAsync(key, read) : read();

    public void Dispose()
    {
        Updates.Changed -= OnFiguresChanged;
        GC.SuppressFinalize(this);
    }
}
