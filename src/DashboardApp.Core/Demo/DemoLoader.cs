using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Demo;

public sealed record DemoLoadSummary(int Organisations, int FilesAccepted, int FilesUnchanged, int Submissions, int RollupRows);

/// <summary>
/// Loads seed-data through the same paths a user's files take: the organisations workbook through
/// the organisation import, each figures workbook through <see cref="SubmissionService"/>, then a
/// full rollup. Files already imported are reported unchanged, so loading twice adds nothing.
/// The demo follows the calendar: the months after the seed data, up to the month being collected
/// today, are generated as the seed was and sent by each unit on its own day after the month ended
/// (<see cref="SentAfterDays"/>), so a start at any date shows the months whose deadline has passed
/// reported (some late, a few missing) and the month being collected partly reported.
/// </summary>
public sealed class DemoLoader(IDbContextFactory<DashboardDbContext> dbFactory, SubmissionService submissions, RollupService rollups,
    TimeProvider clock, Microsoft.Extensions.Options.IOptions<ReportingWindow> rules)
{
    public const string DemoUploader = "demo-import";

    public async Task<DemoLoadSummary> LoadAsync(string seedDataDirectory, Action<string>? progress = null, CancellationToken ct = default)
    {
        var orgFile = Path.Combine(seedDataDirectory, "organisations.xlsx");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Actor = "系统（演示模式）";
            var orgs = await OrganisationWorkbook.ImportAsync(db, await File.ReadAllBytesAsync(orgFile, ct), orgFile, ct);
            if (orgs.Status != ImportStatus.Accepted)
                throw new InvalidDataException("演示组织数据导入失败：" + string.Join("；", orgs.Errors.Select(e => e.Describe())));
        }
        int accepted = 0, unchanged = 0, count = 0;
        var files = Directory.GetFiles(Path.Combine(seedDataDirectory, "figures"), "*.xlsx").Order(StringComparer.Ordinal).ToList();
        foreach (var (file, n) in files.Select((f, n) => (f, n + 1)))
        {
            progress?.Invoke($"导入演示数据 {n}/{files.Count}：{Path.GetFileName(file)}");
            var report = await submissions.ImportAsync(await File.ReadAllBytesAsync(file, ct), file, Actor.System(DemoUploader), ct: ct);
            switch (report.Status)
            {
                case ImportStatus.Accepted: accepted++; count += report.Submissions.Count; break;
                case ImportStatus.Unchanged: unchanged++; break;
                default:
                    throw new InvalidDataException($"演示数据 {Path.GetFileName(file)} 被拒收："
                    + string.Join("；", report.Errors.Select(e => e.Describe())));
            }
        }
        var (calendarFiles, calendarCount) = await FollowCalendarAsync(seedDataDirectory, progress, ct);
        accepted += calendarFiles;
        count += calendarCount;
        if (accepted > 0) await DateAsSentAsync(ct);
        var run = accepted > 0 || !await AnyRollupsAsync(ct) ? await rollups.RunFullAsync(ct) : null;
        await PlanAsync(seedDataDirectory, ct);
        await using var check = await dbFactory.CreateDbContextAsync(ct);
        return new DemoLoadSummary(await check.Organisations.CountAsync(ct), accepted, unchanged, count, run?.Rows
            ?? await check.RollupValues.CountAsync(ct));
    }

    /// <summary>
    /// Imports the months after the seed data up to the latest that may be reported today, each unit once the day it
    /// sends its month on has come; on a later start, the units whose day has come since.
    /// </summary>
    private async Task<(int Files, int Submissions)> FollowCalendarAsync(string seedDataDirectory, Action<string>? progress, CancellationToken ct)
    {
        var today = ReportingCalendar.TodayBy(clock);
        var latest = CalendarToday.LatestReportableOn(today, rules.Value.ReportFromDaysBeforeEnd);
        if (DemoRange.Read(seedDataDirectory) is not { } range || range.Last >= latest) return (0, 0);
        Dictionary<string, int> ids;
        HashSet<(int, Period)> sent;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            sent = (await db.Submissions.AsNoTracking().Where(s => s.SubmittedBy == DemoUploader && s.Period > range.Last)
                .Select(s => new { s.OrganisationId, s.Period }).ToListAsync(ct)).Select(s => (s.OrganisationId, s.Period)).ToHashSet();
            ids = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.Ordinal, ct);
        }
        var catalogue = IndicatorCatalogue.LoadJson(Path.Combine(seedDataDirectory, "indicators.json"));
        var files = new DemoDataGenerator(catalogue, range.Seed).Continue(range.First, range.Last, latest, (code, month) =>
            ids.TryGetValue(code, out var id) && !sent.Contains((id, month)) && month.End.AddDays(SentAfterDays(id, month)) <= today);
        int accepted = 0, count = 0;
        foreach (var (name, content) in files)
        {
            progress?.Invoke($"导入演示数据（按日历续报）：{name}");
            var report = await submissions.ImportAsync(content, name, Actor.System(DemoUploader), ct: ct);
            if (report.Status != ImportStatus.Accepted)
                throw new InvalidDataException($"演示数据 {name} 被拒收：" + string.Join("；", report.Errors.Select(e => e.Describe())));
            accepted++;
            count += report.Submissions.Count;
        }
        return (accepted, count);
    }

    /// <summary>
    /// The day, counted from the end of its month, on which a demo unit sends a month: 1–10 days after it, or for about
    /// one in eight, 11–14 days after it (late, with the default 10-day deadline). The same on every machine.
    /// </summary>
    public static int SentAfterDays(int organisationId, Period month)
    {
        var seed = Seed(organisationId, month);
        return seed % 100 < 12 ? 11 + seed % 4 : 1 + seed % 10;
    }

    /// <summary>A number 0–999 fixed for a unit and month: its sending day and time of day are drawn from it.</summary>
    private static int Seed(int organisationId, Period month) => (organisationId * 7919 + month.Year * 12 + month.Index) % 1000;

    /// <summary>
    /// The demo's history is imported in one go, so every submission would be dated today and every
    /// month "late". Each demo submission is dated as a unit would have sent it (<see cref="SentAfterDays"/>),
    /// never later than now. Only the demo uploader's submissions are touched.
    /// </summary>
    private async Task DateAsSentAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var demo = await db.Submissions.Where(s => s.SubmittedBy == DemoUploader).ToListAsync(ct);
        foreach (var s in demo)
        {
            var seed = Seed(s.OrganisationId, s.Period);
            var at = s.Period.End.AddDays(SentAfterDays(s.OrganisationId, s.Period)).ToDateTime(new TimeOnly(1 + seed % 9, seed % 60),
                DateTimeKind.Utc);
            s.AcceptedAtUtc = at < now ? at : now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 目标考核 of the demo, once: a 发展党员计划 for every year from 2025 split to every unit (about its previous year's number, give or take
    /// a fifth, never below 1) with each district's own target the sum of its units', two standards (集中学习研讨 每月至少 1 次, 专题党课
    /// 每季度至少 1 次) and the schemes of seed-data's assessment-schemes.json.
    /// </summary>
    private async Task PlanAsync(string seedDataDirectory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Targets.AnyAsync(ct) || await db.Schemes.AnyAsync(ct)) return;
        db.Actor = "系统（演示模式）";
        var tree = await db.LoadTreeAsync(ct);
        var catalogue = await db.LoadCatalogueAsync(ct);
        var members = catalogue.ByCode("NEW_MEMBERS")!;
        var now = clock.GetUtcNow().UtcDateTime;
        var thisYear = ReportingCalendar.TodayBy(clock).Year;
        for (var year = 2025; year <= thisYear; year++)
        {
            var previous = year - 1;
            var lastYear = (await db.CurrentValues.AsNoTracking()
                    .Where(v => v.IndicatorId == members.Id && v.Period >= Period.Month(previous, 1) && v.Period <= Period.Month(previous, 12))
                    .Select(v => new { v.OrganisationId, v.Value }).ToListAsync(ct))
                .GroupBy(v => v.OrganisationId).ToDictionary(g => g.Key, g => g.Sum(v => v.Value));
            var own = new Dictionary<int, decimal>();
            foreach (var unit in tree.All.Where(o => tree.IsReportingUnit(o.Id) && o.IsOpenDuring(Period.OfYear(year))))
            {
                var factor = 0.8m + Seed(unit.Id, Period.Month(year, 1)) % 41 / 100m;
                own[unit.Id] = Math.Max(1, Math.Round(lastYear.GetValueOrDefault(unit.Id) * factor, 0, MidpointRounding.AwayFromZero));
            }
            foreach (var district in tree.All.Where(o => o.Level == 1 && !tree.IsReportingUnit(o.Id)))
                own[district.Id] = tree.ReportingUnitsUnder(district.Id).Sum(u => own.GetValueOrDefault(u.Id));
            foreach (var (org, value) in own)
                db.Targets.Add(new Assessment.Target
                {
                    OrganisationId = org, IndicatorId = members.Id, Year = year, Value = value, UpdatedBy = db.Actor, UpdatedAtUtc = now,
                });
        }
        db.Standards.Add(new Assessment.Standard { IndicatorId = catalogue.ByCode("STUDY_SESSIONS")!.Id, Min = 1, Per = Assessment.StandardPer.Month });
        db.Standards.Add(new Assessment.Standard { IndicatorId = catalogue.ByCode("PARTY_LECTURES")!.Id, Min = 1, Per = Assessment.StandardPer.Quarter });
        var schemes = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(seedDataDirectory, "assessment-schemes.json"), ct));
        foreach (var element in schemes.RootElement.EnumerateArray())
        {
            var (scheme, problems) = Assessment.AssessmentScheme.Parse(element.GetRawText(), catalogue);
            if (scheme is null) throw new InvalidDataException("演示考核细则有误：" + string.Join("；", problems));
            db.Schemes.Add(new Assessment.StoredScheme
            {
                Year = scheme.Year, Name = scheme.Name, Json = System.Text.Json.JsonSerializer.Serialize(scheme, Assessment.AssessmentScheme.JsonOptions),
                UpdatedBy = db.Actor, UpdatedAtUtc = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> AnyRollupsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RollupValues.AnyAsync(ct);
    }
}

/// <summary>What seed-data's figures were generated with (seed-data/demo.json): the generator's seed and the months written.</summary>
public sealed record DemoRange(int Seed, Period First, Period Last)
{
    public const string FileName = "demo.json";

    public static DemoRange? Read(string seedDataDirectory)
    {
        var path = Path.Combine(seedDataDirectory, FileName);
        if (!File.Exists(path)) return null;
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        return new DemoRange(root.GetProperty("seed").GetInt32(),
            Period.Parse(root.GetProperty("firstMonth").GetString()!), Period.Parse(root.GetProperty("lastMonth").GetString()!));
    }

    public void Write(string seedDataDirectory) =>
        File.WriteAllText(Path.Combine(seedDataDirectory, FileName),
            $"{{\n  \"seed\": {Seed},\n  \"firstMonth\": \"{First}\",\n  \"lastMonth\": \"{Last}\"\n}}\n");
}
