using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Demo;

public sealed record DemoLoadSummary(int Organisations, int FilesAccepted, int FilesUnchanged, int Submissions, int RollupRows);

/// <summary>
/// Loads seed-data through the same paths a user's files take: the organisations workbook through
/// the organisation import, each figures workbook through <see cref="SubmissionService"/>, then a
/// full rollup. Files already imported are reported unchanged, so loading twice adds nothing.
/// </summary>
public sealed class DemoLoader(IDbContextFactory<DashboardDbContext> dbFactory, SubmissionService submissions, RollupService rollups)
{
    public const string DemoUploader = "demo-import";

    public async Task<DemoLoadSummary> LoadAsync(string seedDataDirectory, Action<string>? progress = null, CancellationToken ct = default)
    {
        var orgFile = Path.Combine(seedDataDirectory, "organisations.xlsx");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Actor = "系统（演示模式）";
            var orgs = await OrganisationWorkbook.ImportAsync(db, await File.ReadAllBytesAsync(orgFile, ct), orgFile, ct);
            if (orgs.Status != "accepted")
                throw new InvalidDataException("演示组织数据导入失败：" + string.Join("；", orgs.Errors.Select(e => e.Describe())));
        }
        int accepted = 0, unchanged = 0, count = 0;
        var files = Directory.GetFiles(Path.Combine(seedDataDirectory, "figures"), "*.xlsx").Order(StringComparer.Ordinal).ToList();
        foreach (var (file, n) in files.Select((f, n) => (f, n + 1)))
        {
            progress?.Invoke($"导入演示数据 {n}/{files.Count}：{Path.GetFileName(file)}");
            var report = await submissions.ImportAsync(await File.ReadAllBytesAsync(file, ct), file, new Uploader(DemoUploader, null), ct: ct);
            switch (report.Status)
            {
                case ImportStatus.Accepted: accepted++; count += report.Submissions.Count; break;
                case ImportStatus.Unchanged: unchanged++; break;
                default: throw new InvalidDataException($"演示数据 {Path.GetFileName(file)} 被拒收：" + string.Join("；", report.Errors.Select(e => e.Describe())));
            }
        }
        if (accepted > 0) await DateAsSentAsync(ct);
        var run = accepted > 0 || !await AnyRollupsAsync(ct) ? await rollups.RunFullAsync(ct) : null;
        await using var check = await dbFactory.CreateDbContextAsync(ct);
        return new DemoLoadSummary(await check.Organisations.CountAsync(ct), accepted, unchanged, count, run?.Rows ?? await check.RollupValues.CountAsync(ct));
    }

    /// <summary>
    /// The demo's history is imported in one go, so every submission would be dated today and every
    /// month "late". Each demo submission is dated as a unit would have sent it: 1–14 days after its
    /// month ended (with a 10-day deadline, about one in eight is late), the same on every machine.
    /// Only the demo uploader's submissions are touched.
    /// </summary>
    private async Task DateAsSentAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var demo = await db.Submissions.Where(s => s.SubmittedBy == DemoUploader).ToListAsync(ct);
        foreach (var s in demo)
        {
            var seed = (s.OrganisationId * 7919 + s.Period.Year * 12 + s.Period.Index) % 1000;
            var day = seed % 100 < 12 ? 11 + seed % 4 : 1 + seed % 10;
            s.AcceptedAtUtc = s.Period.End.AddDays(day).ToDateTime(new TimeOnly(1 + seed % 9, seed % 60), DateTimeKind.Utc);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> AnyRollupsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RollupValues.AnyAsync(ct);
    }
}
