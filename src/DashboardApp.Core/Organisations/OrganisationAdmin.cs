using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Organisations;

/// <summary>
/// 组织机构维护 (docs/product.md, “Organisations”): add, edit, close or move one organisation, or import the workbook — the
/// same checks either way (<see cref="OrganisationWorkbook.ApplyAsync"/>), audited under the actor.
/// </summary>
public sealed class OrganisationAdmin(IDbContextFactory<DashboardDbContext> dbFactory)
{
    /// <summary>Adds or updates one organisation; true when the rollups must be rebuilt (it moved, opened or closed).</summary>
    public async Task<bool> SaveAsync(string actor, OrganisationRow row, bool isNew, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var exists = await db.Organisations.AsNoTracking().AnyAsync(o => o.Code == row.Code, ct);
        if (isNew && exists) throw new InputRefusedException($"组织代码“{row.Code}”已存在");
        if (!isNew && !exists) throw new InputRefusedException($"组织代码“{row.Code}”不存在");
        var name = FreeText.Clean(row.Name)!;
        if (row.Code.Length == 0 || name.Length == 0) throw new InputRefusedException("请填写组织代码和组织名称");
        var summary = await OrganisationWorkbook.ApplyAsync(db, [row with { Name = name, Type = FreeText.Clean(row.Type)!,
            Contact = (row.Contact ?? OrganisationContact.None).Normalised(), Given = ContactFields.All }], [], "组织机构维护", ct);
        if (summary.Status != Submissions.ImportStatus.Accepted) throw new InputRefusedException(string.Join("；",
            summary.Errors.Select(e => e.Message)));
        return NeedsRebuild(summary);
    }

    /// <summary>
    /// Whether an import changes the rollups: an organisation that moved, opened or closed changes the rollups of every
    /// subtree it leaves or joins (new organisations have no values yet; a new name or contact changes no figure). The one
    /// place this is decided.
    /// </summary>
    public static bool NeedsRebuild(OrganisationImportSummary summary) => summary.Status == Submissions.ImportStatus.Accepted && summary.Moved > 0;

    /// <summary>Imports the organisations workbook; the summary says whether anything changed.</summary>
    public async Task<OrganisationImportSummary> ImportAsync(string actor, byte[] content, string fileName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        return await OrganisationWorkbook.ImportAsync(db, content, fileName, ct);
    }
}
