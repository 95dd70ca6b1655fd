namespace DashboardApp.Core.Rollups;

/// <summary>
/// Told by the write boundary (<see cref="Submissions.SubmissionService"/>) after it stored values: their unit-months are in the rollup
/// queue, and the figures above them are due. The web host starts the incremental rollup at once (<c>QuartzRollupSignal</c>);
/// elsewhere (the command line) the queue alone is the signal, drained by the app's next run.
/// </summary>
public interface IRollupSignal
{
    Task ValuesStoredAsync(CancellationToken ct);
}

/// <summary>The queue alone: nothing runs now; the app's next incremental run (at its start, or the next upload) takes the queued unit-months.</summary>
internal sealed class QueueOnlyRollupSignal : IRollupSignal
{
    public Task ValuesStoredAsync(CancellationToken ct) => Task.CompletedTask;
}
