using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Submissions;

/// <summary>
/// One box of the 在线填报 form: the indicator, what is in force for the month now (with its 备注), and for reference the unit's
/// value of the month before and of the same month last year.
/// </summary>
public sealed record EntryRow(Indicator Indicator, decimal? Current, string? CurrentNote, decimal? LastMonth, decimal? LastYear);

/// <summary>The form of a unit's month: its rows by category, whether the month is locked, and when it was last submitted.</summary>
public sealed record EntrySheet(Organisation Unit, Period Month, IReadOnlyList<EntryRow> Rows, bool Locked, DateTime? LastSubmittedUtc)
{
    public IEnumerable<IGrouping<string, EntryRow>> ByCategory => Rows.GroupBy(r => r.Indicator.Category);
}

/// <summary>What the 在线填报 form reads; the submission itself goes through <see cref="SubmissionService.SubmitAsync"/>.</summary>
public sealed class EntryQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<EntrySheet> GetAsync(Organisation unit, Period month, IndicatorCatalogue catalogue, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Period[] months = [month, month.PreviousMonth(), month.SameLastYear];
        var values = await db.CurrentValues.AsNoTracking().Where(v => v.OrganisationId == unit.Id && months.Contains(v.Period))
            .Select(v => new { v.Period, v.IndicatorId, v.Value, v.SubmissionId }).ToListAsync(ct);
        var submissionIds = values.Where(v => v.Period == month).Select(v => v.SubmissionId).Distinct().ToList();
        var notes = await db.SubmittedValues.AsNoTracking().Where(v => submissionIds.Contains(v.SubmissionId) && v.Note != null)
            .Select(v => new { v.SubmissionId, v.IndicatorId, v.Note }).ToListAsync(ct);
        var last = await db.Submissions.AsNoTracking().Where(s => s.OrganisationId == unit.Id && s.Period == month)
            .OrderByDescending(s => s.Id).Select(s => (DateTime?)s.AcceptedAtUtc).FirstOrDefaultAsync(ct);
        var locked = await db.PeriodLocks.AnyAsync(l => l.Period == month, ct);
        decimal? Of(Period p, int indicator) => values.FirstOrDefault(v => v.Period == p && v.IndicatorId == indicator)?.Value;
        var rows = catalogue.All.Select(i =>
        {
            var current = values.FirstOrDefault(v => v.Period == month && v.IndicatorId == i.Id);
            var note = current is null ? null : notes.FirstOrDefault(n => n.SubmissionId == current.SubmissionId && n.IndicatorId == i.Id)?.Note;
            return new EntryRow(i, current?.Value, note, Of(month.PreviousMonth(), i.Id), Of(month.SameLastYear, i.Id));
        }).ToList();
        return new EntrySheet(unit, month, rows, locked, last);
    }

    /// <summary>
    /// A value far from the same month last year — at least three times it or at most a third, and at least
    /// <paramref name="minimumChange"/> apart (1 → 3 is not far) — is confirmed before it is submitted. Null when not far.
    /// </summary>
    public static string? FarFromLastYear(decimal value, decimal? lastYear, decimal minimumChange = 10)
    {
        if (lastYear is not { } ly || Math.Abs(value - ly) < minimumChange) return null;
        if (ly == 0) return $"去年同月为 0，本月为 {Figures.Format.Number(value)}";
        var ratio = value / ly;
        if (ratio >= 3) return $"是去年同月（{Figures.Format.Number(ly)}）的 {ratio:0.#} 倍";
        if (ratio <= 1m / 3) return $"不到去年同月（{Figures.Format.Number(ly)}）的三分之一";
        return null;
    }
}
