using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Rollups;

/// <summary>汇总值: a materialised value of an organisation above the reporting units for a month, quarter or year.</summary>
public sealed class RollupValue
{
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    public int IndicatorId { get; set; }
    public decimal Value { get; set; }
    /// <summary>Number of reporting units whose values are behind this figure.</summary>
    public int ReportingUnits { get; set; }
}

/// <summary>How a rollup run ended (stored as its lowercase name: running, succeeded, failed, interrupted).</summary>
public enum RollupOutcome
{
    Running,
    Succeeded,
    Failed,
    /// <summary>Its process stopped part-way (a crash, a killed instance); the run was done again.</summary>
    Interrupted,
}

public static class RollupOutcomes
{
    /// <summary>The outcome as it is stored and printed: "succeeded".</summary>
    public static string Text(this RollupOutcome outcome) => outcome.ToString().ToLowerInvariant();
}

/// <summary>A record of one rollup run.</summary>
public sealed class RollupRun
{
    public int Id { get; set; }
    public bool Full { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public int Rows { get; set; }
    public RollupOutcome Outcome { get; set; } = RollupOutcome.Running;
    public string? Error { get; set; }
}

/// <summary>
/// 待汇总: a reporting unit's month whose current values changed and whose ancestors' rollups are
/// not yet recomputed. Written in the same transaction as the submission, removed in the same
/// transaction as the rollups it caused: after a crash the work is still there, and done once.
/// </summary>
public sealed class RollupQueueItem
{
    public long Id { get; set; }
    public int OrganisationId { get; set; }
    public Period Month { get; set; }
    public DateTime QueuedAtUtc { get; set; }
}
