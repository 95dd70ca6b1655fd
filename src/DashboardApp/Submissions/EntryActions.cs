using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Submissions;

namespace DashboardApp.Submissions;

/// <summary>
/// 在线填报 and 更正 from a page: the account's rights read again on the server for every check and submission, then the entry
/// handed to the same <see cref="SubmissionService"/> path as an uploaded workbook, whose scope check makes a unit outside the
/// account's scope read exactly like one that does not exist, and which records and signals the rollup.
/// </summary>
public sealed class EntryActions(UserScope scope, SubmissionService submissions)
{
    /// <summary>
    /// Checks (<paramref name="dryRun"/>: the form's check before it asks to confirm, not recorded) or submits a unit's month as
    /// entered; null report with the message when refused outright.
    /// </summary>
    public async Task<(ImportReport? Report, string? Refusal)> SubmitAsync(FormEntry entry, bool dryRun, CancellationToken ct = default)
    {
        UserScope.Info user;
        try { user = await scope.ForChangeAsync(Roles.Admin, Roles.DistrictAdmin, Roles.Reporter); }
        catch (UnauthorizedAccessException e) { return (null, e.Message); }
        return (await submissions.SubmitAsync(entry, user.Actor, dryRun, preview: dryRun, ct), null);
    }

    /// <summary>An officer's 更正 of one value with its reason: a new submission of that value alone.</summary>
    public async Task<(ImportReport? Report, string? Refusal)> CorrectAsync(string unitCode, string month, string indicatorCode, string text,
        string reason, CancellationToken ct = default)
    {
        UserScope.Info user;
        try { user = await scope.ForChangeAsync(Roles.Admin, Roles.DistrictAdmin); }
        catch (UnauthorizedAccessException e) { return (null, e.Message); }
        var entry = new FormEntry(unitCode, month, [new EntryField(indicatorCode, text)], Provenance.Correction, reason);
        return (await submissions.SubmitAsync(entry, user.Actor, ct: ct), null);
    }
}
