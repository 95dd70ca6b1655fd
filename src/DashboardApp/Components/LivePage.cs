using DashboardApp.Core.Rollups;
using Microsoft.AspNetCore.Components;

namespace DashboardApp.Components;

/// <summary>
/// A page that shows figures: it loads them from its URL, and loads them again by itself whenever a
/// rollup finishes (an upload's incremental rollup, the nightly rebuild, 立即运行), so an open page
/// never shows figures older than the database's.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    [Inject] private RollupService Rollups { get; set; } = default!;

    /// <summary>Reads everything the page shows for its current parameters.</summary>
    protected abstract Task LoadAsync();

    protected override void OnInitialized() => Rollups.Finished += OnRollupFinished;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private void OnRollupFinished(RollupRun run) => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        Rollups.Finished -= OnRollupFinished;
        GC.SuppressFinalize(this);
    }
}
