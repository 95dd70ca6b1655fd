using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>
/// 报送质量 of a unit (or the units under an organisation, added up) over some months: of the unit-months it was expected, how many it
/// reported by the deadline; how often its months were sent back (退回), corrected by an officer (更正), and resubmitted after an officer
/// had verified them (核实后改数).
/// </summary>
public sealed record QualityFigures(int Expected, int OnTime, int SentBack, int Corrections, int ChangedAfterVerified)
{
    public static readonly QualityFigures None = new(0, 0, 0, 0, 0);

    /// <summary>按时报送率: on time ÷ expected; null when nothing was expected.</summary>
    public decimal? OnTimeRate => Expected == 0 ? null : (decimal)OnTime / Expected;

    public static QualityFigures operator +(QualityFigures a, QualityFigures b) => new(a.Expected + b.Expected, a.OnTime + b.OnTime,
        a.SentBack + b.SentBack, a.Corrections + b.Corrections, a.ChangedAfterVerified + b.ChangedAfterVerified);
}

/// <summary>Reads <see cref="QualityFigures"/> for every reporting unit under an organisation at once.</summary>
public sealed class ReportingQuality(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar)
{
    /// <summary>Each reporting unit under <paramref name="org"/>, over <paramref name="months"/> (those it was open for).</summary>
    public Task<Dictionary<int, QualityFigures>> PerUnitAsync(Organisation org, IReadOnlyList<Period> months, OrganisationTree tree,
        CancellationToken ct = default) => PerUnitAsync(tree.ReportingUnitsUnder(org.Id).ToList(), months, ct);

    /// <summary>These reporting units, over <paramref name="months"/> (those each was open for): a page of 报送情况's list.</summary>
    public async Task<Dictionary<int, QualityFigures>> PerUnitAsync(IReadOnlyList<Organisation> units, IReadOnlyList<Period> months,
        CancellationToken ct = default)
    {
        var ids = units.Select(u => u.Id).ToList();
        var monthList = months.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deadlines = new Dictionary<Period, DateOnly>();
        foreach (var m in monthList) deadlines[m] = await calendar.DeadlineAsync(db, m, ct);
        var submissions = await db.Submissions.AsNoTracking().Where(s => monthList.Contains(s.Period) && ids.Contains(s.OrganisationId))
            .Select(s => new { s.OrganisationId, s.Period, s.AcceptedAtUtc, s.Sheet }).ToListAsync(ct);
        var reviews = await db.MonthReviews.AsNoTracking().Where(r => monthList.Contains(r.Period) && ids.Contains(r.OrganisationId))
            .Select(r => new { r.OrganisationId, r.Period, r.Decision, r.DecidedAtUtc }).ToListAsync(ct);
        var byUnitMonth = submissions.ToLookup(s => (s.OrganisationId, s.Period));
        var reviewsByUnit = reviews.ToLookup(r => r.OrganisationId);
        var result = new Dictionary<int, QualityFigures>();
        foreach (var unit in units)
        {
            var open = monthList.Where(unit.IsOpenDuring).ToList();
            var onTime = open.Count(m => byUnitMonth[(unit.Id, m)].Select(s => (DateTime?)s.AcceptedAtUtc).Min() is { } first
                                         && DateOnly.FromDateTime(DateTime.SpecifyKind(first, DateTimeKind.Utc).ToLocalTime()) <= deadlines[m]);
            var own = reviewsByUnit[unit.Id].ToList();
            var sentBack = own.Count(r => r.Decision == MonthDecision.SentBack);
            var corrections = open.Sum(m => byUnitMonth[(unit.Id, m)].Count(s => s.Sheet == Provenance.Correction));
            // A unit's own resubmission of a month after an officer verified it.
            var changed = own.Where(r => r.Decision == MonthDecision.Verified)
                .GroupBy(r => r.Period).Sum(g => byUnitMonth[(unit.Id, g.Key)].Count(s => s.Sheet != Provenance.Correction && s.AcceptedAtUtc > g.Min(r => r.DecidedAtUtc)));
            result[unit.Id] = new QualityFigures(open.Count, onTime, sentBack, corrections, changed);
        }
        return result;
    }

    /// <summary>The units' figures added up for each of <paramref name="groups"/> (organisations under the one the figures were read for).</summary>
    public static QualityFigures Sum(Organisation group, IReadOnlyDictionary<int, QualityFigures> perUnit, OrganisationTree tree) =>
        tree.ReportingUnitsUnder(group.Id).Aggregate(QualityFigures.None, (sum, u) => sum + perUnit.GetValueOrDefault(u.Id, QualityFigures.None));
}
