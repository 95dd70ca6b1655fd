using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>Where a reported unit-month stands with its reviewers.</summary>
public enum MonthReviewState { Pending, Verified, SentBack }

public static class MonthReviewStates
{
    public static string ChineseName(this MonthReviewState state) => state switch
    {
        MonthReviewState.Verified => "已核实",
        MonthReviewState.SentBack => "退回待改",
        _ => "待核实",
    };

    /// <summary>
    /// The state of a unit-month from its latest decision and its latest accepted submission: a submission after the decision
    /// puts it back to 待核实; null when nothing was submitted.
    /// </summary>
    public static MonthReviewState? Of(MonthReview? latest, DateTime? lastSubmittedUtc) =>
        lastSubmittedUtc is not { } submitted ? null
        : latest is null || latest.DecidedAtUtc < submitted ? MonthReviewState.Pending
        : latest.Decision == MonthDecision.Verified ? MonthReviewState.Verified : MonthReviewState.SentBack;
}

/// <summary>A month sent back and not yet corrected: what a reporter's 待办 lists.</summary>
public sealed record OpenReturn(string OrgCode, string OrgName, Period Period, string Reason, string? Indicators, string DecidedBy, DateTime DecidedAtUtc);

/// <summary>
/// 复核/退回 of a unit's month (docs/product.md, “The monthly cycle”): an officer marks it 已核实 or sends it back with a reason,
/// for the whole month or single values; audited, and the unit's reporters are told. Figures count accepted data whatever the state.
/// </summary>
public sealed class MonthReviews(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, Notifier notifier, TimeProvider clock)
{
    public const int MaxReason = 500;

    /// <summary>Records the decision and tells the unit; refused unless <paramref name="actor"/> is a reviewer whose scope holds the unit.</summary>
    public async Task DecideAsync(Actor actor, Organisation unit, Period month, MonthDecision decision, string reason,
        IReadOnlyList<Indicator>? values = null, CancellationToken ct = default)
    {
        if (!actor.CanReview) throw new UnauthorizedAccessException(Actor.NoRights);
        var (tree, _) = await reference.GetAsync(dbFactory, ct);
        if (actor.Find(tree, unit.Id) is null) throw new InputRefusedException($"{Actor.Unknown(unit.Code, "管理")}。");
        reason = FreeText.Clean(reason, lines: true)!;
        if (decision == MonthDecision.SentBack && reason.Length == 0) throw new InputRefusedException("请填写退回原因，说明需要修改什么。");
        if (reason.Length > MaxReason) throw new InputRefusedException($"说明不能超过 {MaxReason} 个字。");
        if (month.Type != PeriodType.Month) throw new InputRefusedException("复核按月进行，请选择月份。");
        var indicators = values is { Count: > 0 } ? string.Join("、", values.Select(v => v.Code)) : null;
        if (indicators is { Length: > 2000 }) throw new InputRefusedException("一次退回的指标太多，请整月退回。");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Submissions.AnyAsync(s => s.OrganisationId == unit.Id && s.Period == month, ct))
                throw new InputRefusedException($"“{unit.Name}”尚未报送{month.ToChinese()}数据，无需复核。");
            db.Actor = actor.UserName;
            db.MonthReviews.Add(new MonthReview
            {
                OrganisationId = unit.Id, Period = month, Decision = decision, Reason = decision == MonthDecision.Verified && reason.Length == 0
                    ? "已核实" : reason,
                Indicators = indicators, DecidedBy = actor.UserName, DecidedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
        var what = values is { Count: > 0 } ? $"中的“{string.Join("、", values.Select(v => v.Name))}”" : "";
        if (decision == MonthDecision.SentBack)
            await notifier.SendAsync(NoticeKind.SentBack, unit, month, $"【退回】{unit.Name} {month.ToChinese()}数据需修改",
                $"{unit.Name}（{unit.Code}）：您报送的{month.ToChinese()}数据{what}已被退回，原因：{reason}。请修改后重新上传该月数据。", actor.UserName,
                $"/entry?org={Uri.EscapeDataString(unit.Code)}&period={month}", email: true, ct);
        else
            await notifier.SendAsync(NoticeKind.Verified, unit, month, $"【已核实】{unit.Name} {month.ToChinese()}数据",
                $"{unit.Name}（{unit.Code}）：您报送的{month.ToChinese()}数据{what}已核实。{(reason == "已核实" || reason.Length == 0 ? "" : "说明：" + reason)}",
                actor.UserName, $"/units/{Uri.EscapeDataString(unit.Code)}?year={month.Year}", email: false, ct);
    }

    /// <summary>Months of the given units sent back and not submitted again since, newest first.</summary>
    public async Task<List<OpenReturn>> OpenReturnsAsync(IReadOnlyCollection<Organisation> units, CancellationToken ct = default)
    {
        var ids = units.Select(u => u.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decisions = await db.MonthReviews.AsNoTracking().Where(r => ids.Contains(r.OrganisationId)).ToListAsync(ct);
        var sentBack = decisions.GroupBy(r => (r.OrganisationId, r.Period)).Select(g => g.MaxBy(r => r.DecidedAtUtc)!)
            .Where(r => r.Decision == MonthDecision.SentBack).ToList();
        var months = sentBack.Select(r => r.Period).Distinct().ToList();
        var lastSubmitted = (await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.OrganisationId) && months.Contains(s.Period))
                .GroupBy(s => new { s.OrganisationId, s.Period }).Select(g => new { g.Key.OrganisationId, g.Key.Period, Last = g.Max(s => s.AcceptedAtUtc) })
                .ToListAsync(ct)).ToDictionary(x => (x.OrganisationId, x.Period), x => x.Last);
        var open = new List<OpenReturn>();
        foreach (var last in sentBack)
        {
            var submitted = lastSubmitted.TryGetValue((last.OrganisationId, last.Period), out var at) ? at : (DateTime?)null;
            if (MonthReviewStates.Of(last, submitted) != MonthReviewState.SentBack) continue;
            var unit = units.First(u => u.Id == last.OrganisationId);
            open.Add(new OpenReturn(unit.Code, unit.Name, last.Period, last.Reason, last.Indicators, last.DecidedBy, last.DecidedAtUtc));
        }
        return open.OrderByDescending(o => o.DecidedAtUtc).ToList();
    }
}
