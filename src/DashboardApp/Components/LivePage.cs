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

    /// <summary>Reads everything the page shows for its current parameters.</summary>
    protected abstract Task LoadAsync();

    protected override void OnInitialized() => Updates.Changed += OnFiguresChanged;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private void OnFiguresChanged(FigureUpdate update) => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        Updates.Changed -= OnFiguresChanged;
        GC.SuppressFinalize(this);
    }
}
