namespace DashboardApp.Core.Rollups;

/// <summary>Figures changed: a rollup finished, here or on another instance (<paramref name="RunId"/> null: unknown which).</summary>
public readonly record struct FigureUpdate(int? RunId, bool Here);

/// <summary>
/// Tells open pages that the figures changed (docs/product.md, “Engines and scale”). A rollup that succeeds in this process
/// is announced at once. On PostgreSQL every successful rollup is also announced on the database (NOTIFY on
/// <see cref="Channel"/>, sent in the run's last transaction, so delivered only when its figures are committed), and
/// <see cref="FigureAnnouncementListener"/> hands the announcements of other instances — and of the CLI — to this one, so
/// pages open on any instance refresh after an upload through any other.
/// </summary>
public sealed class FigureUpdates : IDisposable
{
    /// <summary>The PostgreSQL channel rollups are announced on.</summary>
    public const string Channel = "dashboard_rollups";

    private readonly RollupService _rollups;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FigureUpdates(RollupService rollups)
    {
        _rollups = rollups;
        rollups.Finished += OnFinished;
    }

    private long _sequence;

    /// <summary>Raised on a thread of the pool; a page hands it to its own renderer.</summary>
    public event Action<FigureUpdate>? Changed;

    /// <summary>How many updates have been raised: a read begun after an update sees at least its number, so reads under one number
    /// may be shared (<see cref="SharedReads"/>).</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Completes once this process listens for other instances' announcements (PostgreSQL, web app only).</summary>
    public Task Listening => _listening.Task;

    /// <summary>What a rollup's announcement says: the instance that ran it (<see cref="RollupService.Instance"/>) and the run.</summary>
    internal static string Payload(string instance, RollupRun run) => $"{instance} {run.Id}";

    private void OnFinished(RollupRun run)
    {
        if (run.Outcome == RollupOutcome.Succeeded) Raise(new FigureUpdate(run.Id, Here: true));
    }

    /// <summary>
    /// An announcement read from the database. Ours are skipped (raised when the run finished); null means announcements
    /// may have been missed (the listener was reconnecting), so pages load again anyway.
    /// </summary>
    public void Announced(string? payload)
    {
        if (payload is null)
        {
            Raise(new FigureUpdate(null, Here: false));
            return;
        }
        var parts = payload.Split(' ');
        if (parts[0] == _rollups.Instance) return;
        Raise(new FigureUpdate(parts.Length > 1 && int.TryParse(parts[1], out var id) ? id : null, Here: false));
    }

    private void Raise(FigureUpdate update)
    {
        Interlocked.Increment(ref _sequence);
        Changed?.Invoke(update);
    }

    internal void NowListening() => _listening.TrySetResult();

    public void Dispose() => _rollups.Finished -= OnFinished;
}
