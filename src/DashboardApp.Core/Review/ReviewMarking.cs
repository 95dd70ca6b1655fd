using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Submissions;

namespace DashboardApp.Core.Review;

/// <summary>
/// Marks 数据复核 flags 已核实: the reviewer found the value right. Recorded with who, when and a note, and written to the
/// audit log in the same save; the flag does not come back unless its value changes. Figures count the value either way.
/// </summary>
public sealed class ReviewMarking(Microsoft.EntityFrameworkCore.IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNote = 500;

    /// <summary>
    /// Marks <paramref name="items"/> checked, or sent back to their unit (<paramref name="sentBack"/>; the month's 退回 itself is
    /// <see cref="Cycle.MonthReviews"/>'). Only a reviewer may; items outside their scope are left alone like unknown ones.
    /// </summary>
    /// <returns>How many were marked (those already marked are left as they are).</returns>
    public async Task<int> MarkCheckedAsync(Actor actor, IReadOnlyCollection<ReviewItem> items, string note, OrganisationTree tree,
        IndicatorCatalogue catalogue, bool sentBack = false, CancellationToken ct = default)
    {
        if (!actor.CanReview) throw new UnauthorizedAccessException(Actor.NoRights);
        note = FreeText.Clean(note, lines: true)!;
        if (note.Length == 0) throw new InputRefusedException(sentBack ? "请填写退回原因。" : "请填写核实说明（如“已电话核实，数据无误”）。");
        if (note.Length > MaxNote) throw new InputRefusedException($"核实说明不能超过 {MaxNote} 个字。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = 0;
        foreach (var item in items.Where(i => !i.Checked))
        {
            if (actor.Find(tree, item.OrgCode) is not { } org) continue;
            db.ReviewMarks.Add(new ReviewMark
            {
                Kind = item.Kind, OrganisationId = org.Id, Period = item.Period,
                IndicatorId = item.IndicatorCode is { } code ? catalogue.ByCode(code)?.Id : null,
                Cell = item.Cell, Value = item.Value, Note = note, SentBack = sentBack, MarkedBy = actor.UserName, MarkedAtUtc = now,
            });
            marked++;
        }
        await db.SaveChangesAsync(ct);
        return marked;
    }
}
