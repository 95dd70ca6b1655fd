using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>The outcome of a 目标任务 import, shaped like <see cref="ImportReport"/> (docs/product.md, “目标考核”).</summary>
public sealed record TargetImportReport(string File, string Status, int Year, int Created, int Updated, int Unchanged,
    IReadOnlyList<ImportProblem> Errors, IReadOnlyList<ImportProblem> Warnings, bool DryRun = false);

/// <summary>
/// 目标任务: read for the figures (<see cref="LoadAsync"/>), imported from a workbook and set one by one — all or nothing, within the
/// actor's scope, audited. Only officers (管理员, 区级/街道管理员) set targets, each within their scope.
/// </summary>
public sealed class Targets(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, TimeProvider clock)
{
    public async Task<TargetSet> LoadAsync(int year, OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new TargetSet(year, await db.Targets.AsNoTracking().Where(t => t.Year == year).ToListAsync(ct), tree);
    }

    public async Task<TargetImportReport> ImportAsync(byte[] content, string fileName, int year, Actor actor, bool dryRun = false,
        CancellationToken ct = default)
    {
        var file = Path.GetFileName(fileName);
        if (!actor.CanReview) return Refused(file, year, ImportProblem.File("NO_RIGHTS", Actor.NoRights));
        if (year is < 2000 or > 2100) return Refused(file, year, ImportProblem.File("BAD_YEAR", $"年度“{year}”不正确"));
        var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
        var (rows, errors, warnings) = TargetWorkbook.Read(content, fileName, catalogue, tree, actor);
        if (errors.Count > 0) return new TargetImportReport(file, ImportStatus.Refused, year, 0, 0, 0, errors, warnings, dryRun);
        if (rows.Count == 0) return Refused(file, year, ImportProblem.File("NO_TARGETS", "表中没有填写任何目标"));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var stored = await db.Targets.Where(t => t.Year == year).ToListAsync(ct);
        var byKey = stored.ToDictionary(t => (t.OrganisationId, t.IndicatorId, t.Quarter));
        var (created, updated, unchanged) = (0, 0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            if (byKey.TryGetValue((row.Org.Id, row.Indicator.Id, row.Quarter), out var target))
            {
                if (target.Value == row.Value) { unchanged++; continue; }
                (target.Value, target.UpdatedBy, target.UpdatedAtUtc) = (row.Value, actor.UserName, now);
                updated++;
            }
            else
            {
                target = new Target
                {
                    OrganisationId = row.Org.Id, IndicatorId = row.Indicator.Id, Year = year, Quarter = row.Quarter, Value = row.Value,
                    UpdatedBy = actor.UserName, UpdatedAtUtc = now,
                };
                stored.Add(target);
                byKey[(row.Org.Id, row.Indicator.Id, row.Quarter)] = target;
                db.Targets.Add(target);
                created++;
            }
        }
        warnings.AddRange(AllocationWarnings(new TargetSet(year, stored, tree), rows, catalogue, actor, tree));
        if (!dryRun) await db.SaveChangesAsync(ct);
        return new TargetImportReport(file, ImportStatus.Accepted, year, created, updated, unchanged, [], warnings, dryRun);
    }

    /// <summary>
    /// Sets (or with null removes) one target — the 目标任务 page's edit. Returns the Chinese reason it is refused, or null when done.
    /// </summary>
    public async Task<string?> SetAsync(Actor actor, string orgCode, string indicatorCode, int year, int quarter, decimal? value,
        CancellationToken ct = default)
    {
        if (!actor.CanReview) return Actor.NoRights;
        var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
        if (actor.Find(tree, orgCode) is not { } org) return Actor.Unknown(orgCode, "管理");
        if (catalogue.ByCode(indicatorCode) is not { } indicator) return $"未知指标“{indicatorCode}”";
        if (indicator.Aggregation == Aggregation.Last) return $"“{indicator.Name}”取期末值（时点数），不设目标任务";
        if (quarter is < 0 or > 4) return "季度应为 1—4";
        if (value is < 0) return "目标不能为负数";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var target = await db.Targets.FirstOrDefaultAsync(t => t.Year == year && t.OrganisationId == org.Id && t.IndicatorId == indicator.Id
                                                               && t.Quarter == quarter, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (value is null)
        {
            if (target is not null) db.Targets.Remove(target);
        }
        else if (target is null)
            db.Targets.Add(new Target
            {
                OrganisationId = org.Id, IndicatorId = indicator.Id, Year = year, Quarter = quarter, Value = value.Value, UpdatedBy = actor.UserName,
                UpdatedAtUtc = now,
            });
        else if (target.Value != value) (target.Value, target.UpdatedBy, target.UpdatedAtUtc) = (value.Value, actor.UserName, now);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Where a parent's children's targets do not add up to its own, a warning naming the parent and both sums — at the parent's cell when
    /// the workbook gave it, else at the first child's. Parents the actor may not see are not named.
    /// </summary>
    public static IEnumerable<ImportProblem> AllocationWarnings(TargetSet set, IReadOnlyList<TargetRow> rows, IndicatorCatalogue catalogue,
        Actor actor, OrganisationTree tree)
    {
        var touched = rows.Select(r => (r.Org.Id, r.Indicator.Id, r.Quarter)).ToHashSet();
        foreach (var (parent, indicatorId, quarter, own, children) in set.Misallocations())
        {
            var childIds = tree.ChildrenOf(parent.Id).Select(c => c.Id).ToHashSet();
            // Only what this import touched: the parent's own row or a child's.
            if (!touched.Contains((parent.Id, indicatorId, quarter)) && !touched.Any(t => childIds.Contains(t.Item1) && t.Item2 == indicatorId && t.Item3 == quarter))
                continue;
            if (!actor.MaySee(parent, tree)) continue;
            var at = rows.FirstOrDefault(r => r.Org.Id == parent.Id && r.Indicator.Id == indicatorId && r.Quarter == quarter)
                     ?? rows.First(r => childIds.Contains(r.Org.Id) && r.Indicator.Id == indicatorId && r.Quarter == quarter);
            var name = catalogue.ById(indicatorId)?.Name;
            var when = quarter == 0 ? $"{set.Year}年" : $"{set.Year}年第{quarter}季度";
            yield return new ImportProblem(at.Sheet, at.Cell, "ALLOCATION_MISMATCH",
                $"“{parent.Name}”（{parent.Code}）{when}“{name}”目标为 {Figures.Format.Number(own)}，其下级目标之和为 {Figures.Format.Number(children)}，两者不等");
        }
    }

    private static TargetImportReport Refused(string file, int year, ImportProblem problem) =>
        new(file, ImportStatus.Refused, year, 0, 0, 0, [problem], []);
}
