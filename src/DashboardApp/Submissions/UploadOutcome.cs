using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Submissions;

/// <summary>
/// What the upload page shows for one file. Smaller than the full <see cref="ImportReport"/>: a
/// summary of the submissions rather than every value, and at most <see cref="MaxProblems"/> of each
/// kind of problem, so the result always fits in one message to the page's circuit.
/// </summary>
public sealed record UploadOutcome(
    string File, string Status, bool DryRun, int Submissions, int Values, IReadOnlyList<string> Sample,
    IReadOnlyList<ImportProblem> Errors, int ErrorCount, IReadOnlyList<ImportProblem> Warnings, int WarningCount,
    string? ProblemsKey)
{
    public const int MaxProblems = 200;

    /// <param name="problemsKey">Where the full problem list can be downloaded (<see cref="ProblemReports"/>).</param>
    /// <remarks>A file imported before (unchanged) lists no problems: they were shown when it was imported.</remarks>
    public static UploadOutcome From(ImportReport r, string? problemsKey)
    {
        var warnings = r.Status == ImportStatus.Unchanged ? [] : r.Warnings;
        return new(
            r.File, r.Status, r.DryRun, r.Submissions.Count, r.Submissions.Sum(s => s.Values.Count),
            r.Submissions.Take(5).Select(s => $"{s.Org} {s.Period}").ToList(),
            r.Errors.Take(MaxProblems).ToList(), r.Errors.Count, warnings.Take(MaxProblems).ToList(), warnings.Count,
            problemsKey);
    }
}
