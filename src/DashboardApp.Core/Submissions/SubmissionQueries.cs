using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Submissions;

public sealed record SubmissionRow(int Id, string OrgCode, string OrgName, Period Period, DateTime AcceptedAtUtc, string SubmittedBy, int FileId,
    string FileName, int Values);

/// <param name="Note">The 复核提示 the upload gave this cell, if any.</param>
/// <param name="Remark">The 备注 written beside the value.</param>
public sealed record ProvenanceValue(string IndicatorCode, string IndicatorName, string Unit, decimal Value, string Sheet, string Cell,
    bool IsCurrent, string? Note = null, string? Remark = null);

/// <param name="OtherNotes">复核提示 on cells of this submission that hold no value (its unit's code or name), and on cells of its sheet
/// that belong to no unit (a 合计 row), filed under their organisation.</param>
/// <param name="Sheet">The sheet the values came from, or <see cref="Provenance.Form"/> / <see cref="Provenance.Correction"/>.</param>
/// <param name="Reason">For a 更正, why the officer made it.</param>
public sealed record SubmissionDetail(SubmissionRow Submission, IReadOnlyList<ProvenanceValue> Values, IReadOnlyList<ReviewNote> OtherNotes,
    string Sheet = "", string? Reason = null)
{
    public bool FromForm => Provenance.IsForm(Sheet);
}

/// <summary>报送记录: who sent what for which unit and month, from which file and cell.</summary>
public sealed class SubmissionQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    /// <summary>The latest submissions for the given units (null: all), newest first; optionally of one month or from one file.</summary>
    public async Task<List<SubmissionRow>> ListAsync(IReadOnlyCollection<int>? unitIds, Period? period, int? fileId = null, int take = 500,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Submissions.AsNoTracking();
        if (unitIds is not null) query = query.Where(s => unitIds.Contains(s.OrganisationId));
        if (period is { } p) query = query.Where(s => s.Period == p);
        if (fileId is { } f) query = query.Where(s => s.StoredFileId == f);
        return await query.OrderByDescending(s => s.Id).Take(take)
            .Select(s => new SubmissionRow(s.Id, s.Organisation!.Code, s.Organisation.Name, s.Period, s.AcceptedAtUtc, s.SubmittedBy,
                s.StoredFileId, s.StoredFile!.FileName, s.Values.Count))
            .ToListAsync(ct);
    }

    /// <summary>A submission with each value, the cell it came from, and whether it is still the current value.</summary>
    public async Task<(SubmissionDetail Detail, int OrganisationId)?> DetailAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Submissions.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new
            {
                s.OrganisationId, s.Sheet, Row = new SubmissionRow(s.Id, s.Organisation!.Code, s.Organisation.Name, s.Period, s.AcceptedAtUtc,
                s.SubmittedBy, s.StoredFileId, s.StoredFile!.FileName, s.Values.Count)
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var current = await db.CurrentValues.AsNoTracking()
            .Where(c => c.OrganisationId == row.OrganisationId && c.Period == row.Row.Period && c.SubmissionId == id)
            .Select(c => c.IndicatorId).ToListAsync(ct);
        var values = await db.SubmittedValues.AsNoTracking().Where(v => v.SubmissionId == id)
            .OrderBy(v => v.Indicator!.SortOrder)
            .Select(v => new { v.IndicatorId, v.Indicator!.Code, v.Indicator.Name, v.Indicator.Unit, v.Value, v.Cell, v.Note })
            .ToListAsync(ct);
        var notes = await db.ReviewNotes.AsNoTracking().Where(n => n.SubmissionId == id).ToListAsync(ct);
        var provenance = values.Select(v => new ProvenanceValue(v.Code, v.Name, v.Unit, v.Value, row.Sheet, v.Cell, current.Contains(v.IndicatorId),
            notes.FirstOrDefault(n => n.Sheet == row.Sheet && n.Cell == v.Cell)?.Message, v.Note)).ToList();
        var other = notes.Where(n => !values.Any(v => n.Sheet == row.Sheet && n.Cell == v.Cell)).ToList();
        // Notes on the sheet that belong to no unit (a 合计 row); the page shows them only to who may see their organisation.
        var fileId = await db.Submissions.AsNoTracking().Where(s => s.Id == id).Select(s => s.StoredFileId).FirstAsync(ct);
        other.AddRange(await db.ReviewNotes.AsNoTracking().Where(n => n.SubmissionId == null && n.StoredFileId == fileId
            && n.Sheet == row.Sheet).ToListAsync(ct));
        string? reason = null;
        if (row.Sheet == Provenance.Correction)
        {
            // A 更正's original is the entry as JSON, its reason among it.
            var content = await db.StoredFiles.AsNoTracking().Where(f => f.Id == fileId).Select(f => f.Content).FirstAsync(ct);
            using var json = System.Text.Json.JsonDocument.Parse(content);
            reason = json.RootElement.TryGetProperty("Reason", out var r) ? r.GetString() : null;
        }
        return (new SubmissionDetail(row.Row, provenance, other, row.Sheet, reason), row.OrganisationId);
    }

    /// <summary>Of these files, the ones whose every unit <paramref name="maySee"/> (an original file is given only then).</summary>
    public async Task<HashSet<int>> FilesWithinAsync(IReadOnlyCollection<int> fileIds, Func<int, bool> maySee, CancellationToken ct = default)
    {
        if (fileIds.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Submissions.AsNoTracking().Where(s => fileIds.Contains(s.StoredFileId))
            .Select(s => new { s.StoredFileId, s.OrganisationId }).Distinct().ToListAsync(ct);
        return units.GroupBy(u => u.StoredFileId).Where(g => g.All(u => maySee(u.OrganisationId))).Select(g => g.Key).ToHashSet();
    }

    /// <summary>An original file and the units its submissions are for.</summary>
    public async Task<(string FileName, byte[] Content, IReadOnlyList<int> UnitIds)?> OriginalFileAsync(int fileId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var file = await db.StoredFiles.AsNoTracking().Where(f => f.Id == fileId).Select(f => new { f.FileName, f.Content }).FirstOrDefaultAsync(ct);
        if (file is null) return null;
        var units = await db.Submissions.Where(s => s.StoredFileId == fileId).Select(s => s.OrganisationId).Distinct().ToListAsync(ct);
        return (file.FileName, file.Content, units);
    }
}
