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
        var before = await db.Organisations.AsNoTracking().Where(o => o.Code == row.Code)
            .Select(o => new { o.OpenedOn, o.ClosedOn, ParentCode = o.Parent == null ? null : o.Parent.Code }).FirstOrDefaultAsync(ct);
        if (isNew && before is not null) throw new InputRefusedException($"组织代码“{row.Code}”已存在");
        if (!isNew && before is null) throw new InputRefusedException($"组织代码“{row.Code}”不存在");
        if (row.Code.Length == 0 || row.Name.Trim().Length == 0) throw new InputRefusedException("请填写组织代码和组织名称");
        var summary = await OrganisationWorkbook.ApplyAsync(db, [row with { Name = row.Name.Trim(), Type = row.Type.Trim() }], [], "组织机构维护", ct);
        if (summary.Status != Submissions.ImportStatus.Accepted) throw new InputRefusedException(string.Join("；",
            summary.Errors.Select(e => e.Message)));
        return before is not null && (!string.Equals(before.ParentCode, row.ParentCode, StringComparison.OrdinalIgnoreCase)
                                      || before.OpenedOn != row.OpenedOn || before.ClosedOn != row.ClosedOn);
    }

    /// <summary>
    /// Whether an import changes the rollups: an organisation updated may have moved, opened or closed, which changes the
    /// rollups of every subtree it leaves or joins (new organisations have no values yet). The one place this is decided.
    /// </summary>
    public static bool NeedsRebuild(OrganisationImportSummary summary) => summary.Status == Submissions.ImportStatus.Accepted && summary.Updated > 0;

    /// <summary>Imports the organisations workbook; the summary says whether anything changed.</summary>
    public async Task<OrganisationImportSummary> ImportAsync(string actor, byte[] content, string fileName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        return await OrganisationWorkbook.ImportAsync(db, content, fileName, ct);
    }
}
