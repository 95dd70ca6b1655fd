using System.Security.Cryptography;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Submissions;

/// <summary>
/// Takes an uploaded file through the checks and, if it has no errors, stores it whole (SPEC §5.5):
/// the original file by SHA-256, one submission per (unit, period) with the cell of every value,
/// and the current values upserted. Nothing is stored for a refused file or a dry run.
/// </summary>
public sealed class SubmissionService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, ReadGate gate)
{
    public async Task<ImportReport> ImportAsync(byte[] content, string fileName, Uploader uploader, bool dryRun = false, CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName);
        if (WorkbookGuard.TooLarge(content.Length) is { } tooLarge) return ImportReport.Refused(name, tooLarge);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        if (await UnchangedReportAsync(db, sha, name, ct) is { } unchanged) return unchanged;

        var tree = await db.LoadTreeAsync(ct);
        int? scopeId = null;
        if (uploader.ScopeOrgCode is { } scopeCode)
        {
            scopeId = tree.ByCode(scopeCode)?.Id;
            if (scopeId is null) return ImportReport.Refused(name, ImportProblem.File("NO_SCOPE", $"您的账号所属组织“{scopeCode}”不存在，无法报送"));
        }
        var locked = (await db.PeriodLocks.Select(l => l.Period).ToListAsync(ct)).ToHashSet();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var context = new ImportContext(await db.LoadCatalogueAsync(ct), tree, scopeId, today, locked);

        var parsed = await gate.ReadAsync(overrun => WorkbookParser.Parse(content, name, context, overrun), ct);
        var summaries = parsed.Submissions.Select(Summarise).ToList();
        if (!parsed.Accepted)
            return new ImportReport(name, ImportStatus.Refused, [], parsed.Errors, parsed.Warnings, dryRun);
        if (!dryRun) await StoreAsync(db, content, sha, name, uploader, parsed, ct);
        return new ImportReport(name, ImportStatus.Accepted, summaries, [], parsed.Warnings, dryRun);
    }

    private static SubmissionSummary Summarise(ParsedSubmission s) =>
        new(s.Unit.Code, s.Period.ToString(), s.Values.ToDictionary(v => v.Indicator.Code, v => v.Value));

    private static async Task<ImportReport?> UnchangedReportAsync(DashboardDbContext db, string sha, string name, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().Where(f => f.Sha256 == sha).Select(f => new { f.Id, f.UploadedAtUtc }).FirstOrDefaultAsync(ct);
        if (file is null) return null;
        var earlier = await db.Submissions.AsNoTracking().Where(s => s.StoredFileId == file.Id)
            .Select(s => new { s.Organisation!.Code, s.Period, Values = s.Values.Select(v => new { v.Indicator!.Code, v.Value }).ToList() })
            .ToListAsync(ct);
        var summaries = earlier.Select(s => new SubmissionSummary(s.Code, s.Period.ToString(), s.Values.ToDictionary(v => v.Code, v => v.Value))).ToList();
        var note = ImportProblem.File("SAME_FILE", $"该文件已于 {file.UploadedAtUtc.ToLocalTime():yyyy-MM-dd HH:mm} 上传并导入，本次未作任何更改");
        return new ImportReport(name, ImportStatus.Unchanged, summaries, [], [note]);
    }

    private async Task StoreAsync(DashboardDbContext db, byte[] content, string sha, string name, Uploader uploader, ParsedWorkbook parsed, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var file = new StoredFile { Sha256 = sha, FileName = name, Length = content.Length, Content = content, UploadedAtUtc = now, UploadedBy = uploader.UserName };
        db.StoredFiles.Add(file);
        var submissions = parsed.Submissions.Select(p => (Parsed: p, Entity: new Submission
        {
            OrganisationId = p.Unit.Id,
            Period = p.Period,
            StoredFile = file,
            AcceptedAtUtc = now,
            SubmittedBy = uploader.UserName,
            Sheet = p.Sheet,
            Values = p.Values.Select(v => new SubmittedValue { IndicatorId = v.Indicator.Id, Value = v.Value, Cell = v.Cell }).ToList(),
        })).ToList();
        db.Submissions.AddRange(submissions.Select(s => s.Entity));
        await db.SaveChangesAsync(ct);

        var orgIds = submissions.Select(s => s.Parsed.Unit.Id).Distinct().ToList();
        var periods = submissions.Select(s => s.Parsed.Period).Distinct().ToList();
        var current = await db.CurrentValues
            .Where(v => orgIds.Contains(v.OrganisationId) && periods.Contains(v.Period))
            .ToDictionaryAsync(v => (v.OrganisationId, v.Period, v.IndicatorId), ct);
        foreach (var (p, entity) in submissions)
        {
            foreach (var v in p.Values)
            {
                if (current.TryGetValue((p.Unit.Id, p.Period, v.Indicator.Id), out var existing))
                {
                    existing.Value = v.Value;
                    existing.SubmissionId = entity.Id;
                    db.Entry(existing).State = EntityState.Modified;
                }
                else
                {
                    db.CurrentValues.Add(new CurrentValue { OrganisationId = p.Unit.Id, Period = p.Period, IndicatorId = v.Indicator.Id, Value = v.Value, SubmissionId = entity.Id });
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
