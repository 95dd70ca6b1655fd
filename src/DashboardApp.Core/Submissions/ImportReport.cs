using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Submissions;

public static class ImportStatus
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Unchanged = "unchanged";
}

/// <summary>One (unit, period) of an import outcome: indicator code → value.</summary>
public sealed record SubmissionSummary(string Org, string Period, IReadOnlyDictionary<string, decimal> Values);

/// <summary>The outcome of importing one file, shaped as the JSON of SPEC §9.</summary>
public sealed record ImportReport(
    string File,
    string Status,
    IReadOnlyList<SubmissionSummary> Submissions,
    IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings,
    bool DryRun = false)
{
    public static ImportReport Refused(string file, params ImportProblem[] errors) => new(file, ImportStatus.Refused, [], errors, []);
}

/// <summary>Who is uploading: their user name and the organisation their scope is limited to (null: everything).</summary>
public sealed record Uploader(string UserName, string? ScopeOrgCode);
