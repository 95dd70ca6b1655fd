using System.ComponentModel.DataAnnotations;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Dashboard;

/// <summary>"Dashboard:Review": when a unit's month differs from the same month last year enough to be checked.</summary>
public sealed class ReviewRules
{
    public const string Section = "Dashboard:Review";

    /// <summary>同比异常: this month at least this many times last year's, or at most its 1/factor.</summary>
    [Range(1.5, 1000)]
    public decimal JumpFactor { get; set; } = 3;

    /// <summary>Small numbers jump easily (1 → 3): the larger of the two values must reach this.</summary>
    [Range(0, 1_000_000)]
    public decimal JumpMinimum { get; set; } = 10;
}

/// <summary>The kinds of 数据复核 items, each with its Chinese name.</summary>
public static class ReviewKinds
{
    public const string AboveCeiling = "ABOVE_CEILING";
    public const string Approximate = "APPROXIMATE";
    public const string ChineseNumeral = "CHINESE_NUMERAL";
    public const string TotalMismatch = "TOTAL_MISMATCH";
    public const string UnitNameMismatch = "UNIT_NAME_MISMATCH";
    /// <summary>Computed at query time, never stored.</summary>
    public const string YearOnYearJump = "YOY_JUMP";

    public static readonly string[] Listed = [AboveCeiling, YearOnYearJump, TotalMismatch, Approximate, ChineseNumeral, UnitNameMismatch];

    public static string ChineseName(string kind) => kind switch
    {
        AboveCeiling => "超过合理上限",
        YearOnYearJump => "同比变化异常",
        TotalMismatch => "合计不符",
        Approximate => "约数",
        ChineseNumeral => "中文数字",
        UnitNameMismatch => "单位名称不符",
        _ => "其他提示",
    };
}

/// <summary>One thing to check: what, where it came from (submission, sheet, cell), and why.</summary>
public sealed record ReviewItem(
    string Kind, string OrgCode, string OrgName, bool IsUnit, Period Period, string? IndicatorCode, string? IndicatorName, string? Unit,
    decimal? Value, decimal? LastYear, string Message, int? SubmissionId, int FileId, string Sheet, string Cell)
{
    public string KindName => ReviewKinds.ChineseName(Kind);
}

/// <summary>
/// 数据复核: for an organisation and month, every value its units sent that deserves a second look —
/// the warnings their accepted files carried (stored with the cell) and the values that jumped
/// against the same month last year (found now, so a changed rule applies to old data too).
/// </summary>
public sealed class ReviewQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<List<ReviewItem>> GetAsync(Organisation org, Period month, OrganisationTree tree, IndicatorCatalogue catalogue, ReviewRules rules,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subtree = tree.Subtree(org.Id).Select(o => o.Id).ToList();
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();

        var notes = await db.ReviewNotes.AsNoTracking()
            .Where(n => n.Period == month && subtree.Contains(n.OrganisationId))
            .ToListAsync(ct);
        var items = notes.Select(n =>
        {
            var o = tree.ById(n.OrganisationId)!;
            var i = n.IndicatorId is { } id ? catalogue.ById(id) : null;
            return new ReviewItem(n.Code, o.Code, o.Name, tree.IsReportingUnit(o.Id), n.Period, i?.Code, i?.Name, i?.Unit, n.Value, null, n.Message,
                n.SubmissionId, n.StoredFileId, n.Sheet, n.Cell);
        }).ToList();

        items.AddRange(await JumpsAsync(db, units, month, tree, catalogue, rules, ct));
        return items
            .OrderBy(i => Order(i.Kind)).ThenBy(i => i.OrgCode, StringComparer.Ordinal).ThenBy(i => i.IndicatorCode is { } c ? catalogue.ByCode(c)?.SortOrder : -1)
            .ToList();
    }

    private static int Order(string kind) => Array.IndexOf(ReviewKinds.Listed, kind) is var i and >= 0 ? i : ReviewKinds.Listed.Length;

    private static async Task<List<ReviewItem>> JumpsAsync(DashboardDbContext db, List<int> units, Period month, OrganisationTree tree,
        IndicatorCatalogue catalogue, ReviewRules rules, CancellationToken ct)
    {
        var lastYear = month.SameLastYear;
        // Pairs of this month and last year's; compared here, not in SQL, because values are stored scaled.
        var pairs = await db.CurrentValues.AsNoTracking()
            .Where(c => c.Period == month && units.Contains(c.OrganisationId))
            .Join(db.CurrentValues.Where(l => l.Period == lastYear),
                c => new { c.OrganisationId, c.IndicatorId }, l => new { l.OrganisationId, l.IndicatorId },
                (c, l) => new { c.OrganisationId, c.IndicatorId, c.Value, LastYear = l.Value, c.SubmissionId })
            .ToListAsync(ct);
        var jumps = pairs.Where(p => IsJump(p.Value, p.LastYear, rules)).ToList();
        if (jumps.Count == 0) return [];

        var submissionIds = jumps.Select(j => j.SubmissionId).Distinct().ToList();
        var cells = (await db.SubmittedValues.AsNoTracking()
                .Where(v => submissionIds.Contains(v.SubmissionId))
                .Join(db.Submissions, v => v.SubmissionId, s => s.Id, (v, s) => new { v.SubmissionId, v.IndicatorId, v.Cell, s.Sheet, s.StoredFileId })
                .ToListAsync(ct))
            .GroupBy(v => (v.SubmissionId, v.IndicatorId)).ToDictionary(g => g.Key, g => g.First());
        return jumps.Select(j =>
        {
            var unit = tree.ById(j.OrganisationId)!;
            var indicator = catalogue.ById(j.IndicatorId)!;
            // A current value always has its submitted cell; written straight into the table (benchmarks), it has none.
            var cell = cells.GetValueOrDefault((j.SubmissionId, j.IndicatorId));
            var yoy = YearOnYear.Of(j.Value, j.LastYear);
            var message = $"本期 {Format.Number(j.Value)}{indicator.Unit}，上年同期 {Format.Number(j.LastYear)}{indicator.Unit}（同比 {Format.Yoy(yoy)}），" +
                          $"变化超过 {Format.Number(rules.JumpFactor)} 倍，请核对";
            return new ReviewItem(ReviewKinds.YearOnYearJump, unit.Code, unit.Name, true, month, indicator.Code, indicator.Name, indicator.Unit,
                j.Value, j.LastYear, message, j.SubmissionId, cell?.StoredFileId ?? 0, cell?.Sheet ?? "", cell?.Cell ?? "");
        }).ToList();
    }

    /// <summary>同比异常: at least <see cref="ReviewRules.JumpFactor"/> times last year's value, or at most its 1/factor (a fall to 0 included).</summary>
    public static bool IsJump(decimal value, decimal lastYear, ReviewRules rules)
    {
        if (Math.Max(value, lastYear) < rules.JumpMinimum || lastYear == 0) return false;
        return value >= lastYear * rules.JumpFactor || value * rules.JumpFactor <= lastYear;
    }
}
