using System.ComponentModel.DataAnnotations;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rules;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Review;

/// <summary>"Dashboard:Review": when a unit's value is unusual enough to be looked at (数值异常).</summary>
public sealed class OutlierThresholds
{
    public const string Section = "Dashboard:Review";

    /// <summary>How many robust standard deviations (1.4826 × MAD) a value must lie from the median of each reference.</summary>
    [Range(2, 100)]
    public decimal Threshold { get; set; } = 5;

    /// <summary>Small numbers move easily (1 → 3): a value is never unusual when it differs from a median by less than this.</summary>
    [Range(0, 1_000_000)]
    public decimal MinimumBase { get; set; } = 10;

    /// <summary>The unit's own months before the one reviewed that are its history.</summary>
    [Range(3, 36)]
    public int HistoryMonths { get; set; } = 12;

    /// <summary>Fewer reported months than this, or fewer peers: that reference is not used.</summary>
    [Range(3, 36)]
    public int MinimumReferences { get; set; } = 6;
}

/// <summary>The kinds of 数据复核 items, each with its Chinese name.</summary>
public static class ReviewKinds
{
    public const string AboveCeiling = "ABOVE_CEILING";
    public const string Approximate = "APPROXIMATE";
    public const string ChineseNumeral = "CHINESE_NUMERAL";
    public const string TotalMismatch = "TOTAL_MISMATCH";
    public const string UnitNameMismatch = "UNIT_NAME_MISMATCH";
    /// <summary>Computed at query time, never stored: far from the unit's own recent months and from its peers'.</summary>
    public const string Unusual = "UNUSUAL_VALUE";
    /// <summary>Computed at query time from the current values: a 校验规则 they break.</summary>
    public const string Rule = Rules.RuleChecks.Code;

    public static readonly string[] Listed = [Rule, Unusual, AboveCeiling, TotalMismatch, Approximate, ChineseNumeral, UnitNameMismatch];

    public static string ChineseName(string kind) => kind switch
    {
        AboveCeiling => "超过合理上限",
        Unusual => "数值异常",
        Rule => "校验规则",
        TotalMismatch => "合计不符",
        Approximate => "约数",
        ChineseNumeral => "中文数字",
        UnitNameMismatch => "单位名称不符",
        _ => "其他提示",
    };
}

/// <summary>One thing to check: what, where it came from (submission, sheet, cell), why, how unusual, and whether someone has checked it.</summary>
public sealed record ReviewItem(
    string Kind, string OrgCode, string OrgName, bool IsUnit, Period Period, string? IndicatorCode, string? IndicatorName, string? Unit,
    decimal? Value, decimal? LastYear, string Message, int? SubmissionId, int FileId, string Sheet, string Cell)
{
    public string KindName => ReviewKinds.ChineseName(Kind);

    /// <summary>How unusual (robust deviations from the nearer reference) for 数值异常; what the list is ranked by.</summary>
    public decimal? Score { get; init; }

    /// <summary>已核实: who checked it, when and with what note; null while it is still to be looked at.</summary>
    public ReviewMark? Mark { get; init; }

    /// <summary>For a cell outside any unit's figures (a 合计 row): a submission of the same file and sheet that shows the file's notes.</summary>
    public int? NearbySubmissionId { get; init; }

    public bool Checked => Mark is not null;
    public string StatusName => Mark is { SentBack: true } ? "已退回" : Checked ? "已核实" : "待核实";

    /// <summary>What identifies the flag for its mark: the same kind, organisation, month, indicator, cell and value.</summary>
    public bool Matches(ReviewMark m, int organisationId, int? indicatorId) =>
        m.Kind == Kind && m.OrganisationId == organisationId && m.Period == Period && m.IndicatorId == indicatorId && m.Cell == Cell
            && m.Value == Value;
}

/// <summary>A robust reference: the median of some values and their spread (1.4826 × MAD, the standard deviation it estimates).</summary>
public readonly record struct RobustReference(decimal Median, decimal Spread, int Count)
{
    public static RobustReference Of(IReadOnlyCollection<decimal> values)
    {
        if (values.Count == 0) return new RobustReference(0, 0, 0);
        var median = MedianOf(values);
        var mad = MedianOf(values.Select(v => Math.Abs(v - median)).ToList());
        return new RobustReference(median, 1.4826m * mad, values.Count);
    }

    private static decimal MedianOf(IReadOnlyCollection<decimal> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// How many spreads <paramref name="value"/> lies from the median, or null when it is not unusual: it must differ by at
    /// least <see cref="OutlierThresholds.MinimumBase"/>, and the spread counts as at least a quarter of the median and at least 1,
    /// so that months that were all alike (a spread of 0) do not make every small change unusual.
    /// </summary>
    public decimal? Deviation(decimal value, OutlierThresholds rules)
    {
        var distance = Math.Abs(value - Median);
        if (distance < rules.MinimumBase) return null;
        var z = distance / Math.Max(Math.Max(Spread, Math.Abs(Median) / 4), 1);
        return z >= rules.Threshold ? z : null;
    }
}

/// <summary>
/// 数据复核: for an organisation and month, every value its units sent that deserves a second look — the warnings their
/// accepted files carried (stored with the cell) and the values unusual against both the unit's own recent months and
/// its peers' values of the month (found now, so a changed rule applies to old data too) — ranked by how unusual, each
/// with whether a reviewer has checked it.
/// </summary>
public sealed class ReviewQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference)
{
    public async Task<List<ReviewItem>> GetAsync(Organisation org, Period month, OrganisationTree tree, IndicatorCatalogue catalogue,
        OutlierThresholds rules,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subtree = tree.Subtree(org.Id).Select(o => o.Id).ToList();
        var units = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();

        var notes = await db.ReviewNotes.AsNoTracking()
            .Where(n => n.Period == month && subtree.Contains(n.OrganisationId))
            .ToListAsync(ct);
        // A 合计 cell belongs to no submission: the file's first submission in that sheet shows the file's notes.
        var loose = notes.Where(n => n.SubmissionId is null).Select(n => n.StoredFileId).Distinct().ToList();
        var nearby = loose.Count == 0 ? [] : (await db.Submissions.AsNoTracking().Where(s => loose.Contains(s.StoredFileId))
                .Select(s => new { s.StoredFileId, s.Sheet, s.Id }).ToListAsync(ct))
            .GroupBy(s => (s.StoredFileId, s.Sheet)).ToDictionary(g => g.Key, g => g.Min(s => s.Id));
        var items = notes.Select(n =>
        {
            var o = tree.ById(n.OrganisationId)!;
            var i = n.IndicatorId is { } id ? catalogue.ById(id) : null;
            return new ReviewItem(n.Code, o.Code, o.Name, tree.IsReportingUnit(o.Id), n.Period, i?.Code, i?.Name, i?.Unit, n.Value, null, n.Message,
                n.SubmissionId, n.StoredFileId, n.Sheet, n.Cell)
            {
                NearbySubmissionId = n.SubmissionId is null && nearby.TryGetValue((n.StoredFileId, n.Sheet), out var near) ? near : null,
            };
        }).ToList();

        // The month's current values of the units in view, read once for both checks made now.
        var thisMonth = await db.CurrentValues.AsNoTracking()
            .Where(c => c.Period == month && units.Contains(c.OrganisationId))
            .Select(c => new MonthValue(c.OrganisationId, c.IndicatorId, c.Value, c.SubmissionId))
            .ToListAsync(ct);
        items.AddRange(await UnusualAsync(db, thisMonth, month, tree, catalogue, rules, ct));
        items.AddRange(await RuleViolationsAsync(db, thisMonth, month, tree, await reference.RulesAsync(db, ct), ct));

        var marks = await db.ReviewMarks.AsNoTracking().Where(m => m.Period == month && subtree.Contains(m.OrganisationId)).ToListAsync(ct);
        if (marks.Count > 0)
            items = items.Select(i =>
            {
                var orgId = tree.ByCode(i.OrgCode)!.Id;
                var indicatorId = i.IndicatorCode is { } code ? catalogue.ByCode(code)?.Id : null;
                return marks.FirstOrDefault(m => i.Matches(m, orgId, indicatorId)) is { } mark ? i with { Mark = mark } : i;
            }).ToList();
        // The most unusual first; then the warnings, by kind, organisation and indicator.
        return items
            .OrderByDescending(i => i.Score ?? -1).ThenBy(i => Order(i.Kind)).ThenBy(i => i.OrgCode, StringComparer.Ordinal)
            .ThenBy(i => i.IndicatorCode is { } c ? catalogue.ByCode(c)?.SortOrder : -1)
            .ToList();
    }

    private static int Order(string kind) => Array.IndexOf(ReviewKinds.Listed, kind) is var i and >= 0 ? i : ReviewKinds.Listed.Length;

    /// <summary>
    /// The 校验规则 the month's current values break, unit by unit — values from separate entries together, and rules added after
    /// the values came in. Each is shown where its latest value came from, with the cells (or fields) of every value involved.
    /// </summary>
    private static async Task<List<ReviewItem>> RuleViolationsAsync(DashboardDbContext db, List<MonthValue> thisMonth, Period month,
        OrganisationTree tree, RuleSet ruleSet, CancellationToken ct)
    {
        if (ruleSet.Rules.Count == 0) return [];
        var involved = ruleSet.Rules.SelectMany(r => r.Indicators).Select(i => i.Id).ToHashSet();
        var values = thisMonth.Where(c => involved.Contains(c.IndicatorId)).GroupBy(c => c.OrganisationId);
        var found = new List<(int Unit, CompiledRule Rule, decimal Left, decimal Right, List<(int Indicator, int Submission)> Sources)>();
        foreach (var unit in values)
        {
            var byIndicator = unit.ToDictionary(v => v.IndicatorId);
            foreach (var rule in ruleSet.Rules)
                if (rule.Violation(i => byIndicator.TryGetValue(i.Id, out var v) ? v.Value : null) is var (l, r))
                    found.Add((unit.Key, rule, l, r, rule.Indicators.Select(i => (i.Id, byIndicator[i.Id].SubmissionId)).ToList()));
        }
        if (found.Count == 0) return [];
        var cells = await CellsAsync(db, found.SelectMany(f => f.Sources.Select(s => s.Submission)), ct);
        return found.Select(f =>
        {
            var unit = tree.ById(f.Unit)!;
            var latest = f.Sources.MaxBy(s => s.Submission);
            // A current value always has its submitted cell; written straight into the table (benchmarks), it has none.
            var at = cells.GetValueOrDefault((latest.Submission, latest.Indicator));
            // Cells of the latest submission as they are; one from an earlier submission says which sheet it was in.
            var where = string.Join("、", f.Sources.Select(s => cells.GetValueOrDefault((s.Submission, s.Indicator)) is { } c
                ? s.Submission == latest.Submission ? c.Cell : $"{c.Sheet}!{c.Cell}" : "?"));
            if (where.Length > Submissions.Provenance.MaxWhere) where = where[..Submissions.Provenance.MaxWhere];
            var first = f.Rule.Left.Indicators.FirstOrDefault() ?? f.Rule.Indicators[0];
            return new ReviewItem(ReviewKinds.Rule, unit.Code, unit.Name, true, month, first.Code, first.Name, first.Unit, f.Left, null,
                $"{f.Rule.SeverityName}：{f.Rule.Describe(f.Left, f.Right)}", at is null ? null : latest.Submission, at?.FileId ?? 0,
                at?.Sheet ?? "", where);
        }).ToList();
    }

    /// <summary>Where each value of these submissions was written: its cell (or form field), sheet and file.</summary>
    private sealed record ValueCell(string Cell, string Sheet, int FileId);

    private static async Task<Dictionary<(int Submission, int Indicator), ValueCell>> CellsAsync(DashboardDbContext db, IEnumerable<int> submissions,
        CancellationToken ct)
    {
        var ids = submissions.Distinct().ToList();
        return (await db.SubmittedValues.AsNoTracking()
                .Where(v => ids.Contains(v.SubmissionId))
                .Join(db.Submissions, v => v.SubmissionId, s => s.Id, (v, s) => new { v.SubmissionId, v.IndicatorId, v.Cell, s.Sheet, s.StoredFileId })
                .ToListAsync(ct))
            .GroupBy(v => (v.SubmissionId, v.IndicatorId)).ToDictionary(g => g.Key, g => new ValueCell(g.First().Cell, g.First().Sheet, g.First().StoredFileId));
    }

    private sealed record MonthValue(int OrganisationId, int IndicatorId, decimal Value, int SubmissionId);

    private static async Task<List<ReviewItem>> UnusualAsync(DashboardDbContext db, List<MonthValue> thisMonth, Period month, OrganisationTree tree,
        IndicatorCatalogue catalogue, OutlierThresholds rules, CancellationToken ct)
    {
        // Values compared here, not in SQL, because they are stored scaled. First against the peers: the month's values of the units
        // in view. A stock (党员总数) depends on a unit's size, so only
        // its own months count; so do all values when there are too few peers.
        var candidates = new List<(int Unit, Indicator Indicator, decimal Value, int SubmissionId, decimal? PeerScore, RobustReference Peers)>();
        foreach (var byIndicator in thisMonth.GroupBy(r => r.IndicatorId))
        {
            if (catalogue.ById(byIndicator.Key) is not { } indicator) continue;
            var peers = indicator.Aggregation == Aggregation.Sum ? RobustReference.Of(byIndicator.Select(r => r.Value).ToList()) : default;
            var usePeers = peers.Count >= rules.MinimumReferences;
            foreach (var r in byIndicator)
            {
                decimal? score = usePeers ? peers.Deviation(r.Value, rules) : null;
                if (usePeers && score is null) continue;
                candidates.Add((r.OrganisationId, indicator, r.Value, r.SubmissionId, score, peers));
            }
        }
        if (candidates.Count == 0) return [];

        // Then against the unit's own months, read only for the candidates.
        var history = month.AndEarlierMonths().Skip(1).Take(rules.HistoryMonths).ToList();
        var candidateUnits = candidates.Select(c => c.Unit).Distinct().ToList();
        var candidateIndicators = candidates.Select(c => c.Indicator.Id).Distinct().ToList();
        var pasts = (await db.CurrentValues.AsNoTracking()
                .Where(c => history.Contains(c.Period) && candidateUnits.Contains(c.OrganisationId) && candidateIndicators.Contains(c.IndicatorId))
                .Select(c => new { c.OrganisationId, c.IndicatorId, c.Value }).ToListAsync(ct))
            .GroupBy(r => (r.OrganisationId, r.IndicatorId)).ToDictionary(g => g.Key, g => g.Select(r => r.Value).ToList());
        var found = new List<(int Unit, Indicator Indicator, decimal Value, int SubmissionId, decimal Score, RobustReference Own,
            RobustReference Peers)>();
        foreach (var c in candidates)
        {
            var own = pasts.TryGetValue((c.Unit, c.Indicator.Id), out var past) ? RobustReference.Of(past) : default;
            var useOwn = own.Count >= rules.MinimumReferences;
            if (!useOwn && c.PeerScore is null) continue;
            // Unusual against every reference there is: far from its own months (not a seasonal peak all units share) and
            // from its peers (not simply a large unit).
            var ownScore = useOwn ? own.Deviation(c.Value, rules) : decimal.MaxValue;
            if (ownScore is not { } o) continue;
            found.Add((c.Unit, c.Indicator, c.Value, c.SubmissionId, Math.Min(o, c.PeerScore ?? decimal.MaxValue), own, c.Peers));
        }
        if (found.Count == 0) return [];

        var cells = await CellsAsync(db, found.Select(j => j.SubmissionId), ct);
        var foundUnits = found.Select(f => f.Unit).Distinct().ToList();
        var lastYear = await db.CurrentValues.AsNoTracking()
            .Where(c => c.Period == month.SameLastYear && foundUnits.Contains(c.OrganisationId))
            .ToDictionaryAsync(c => (c.OrganisationId, c.IndicatorId), c => c.Value, ct);
        return found.Select(j =>
        {
            var unit = tree.ById(j.Unit)!;
            // A current value always has its submitted cell; written straight into the table (benchmarks), it has none.
            var cell = cells.GetValueOrDefault((j.SubmissionId, j.Indicator.Id));
            decimal? last = lastYear.TryGetValue((j.Unit, j.Indicator.Id), out var v) ? v : null;
            var u = j.Indicator.Unit;
            var against = new List<string>();
            if (j.Own.Count >= rules.MinimumReferences) against.Add($"该单位近{j.Own.Count}个月中位数 {Format.Number(j.Own.Median)}{u}");
            if (j.Peers.Count >= rules.MinimumReferences) against.Add($"本月{j.Peers.Count}个单位中位数 {Format.Number(j.Peers.Median)}{u}");
            var message = $"本期 {Format.Number(j.Value)}{u}，{string.Join("，", against)}，明显偏离，请核对";
            return new ReviewItem(ReviewKinds.Unusual, unit.Code, unit.Name, true, month, j.Indicator.Code, j.Indicator.Name, u,
                j.Value, last, message, j.SubmissionId, cell?.FileId ?? 0, cell?.Sheet ?? "", cell?.Cell ?? "")
            {
                Score = Math.Round(j.Score, 1),
            };
        }).ToList();
    }
}
