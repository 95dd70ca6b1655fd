namespace DashboardApp.Core.Assessment;

/// <summary>The arithmetic of 目标考核: completion against a plan, time progress, each scoring method, and grades. Pure: the figures come in.</summary>
public static class Scoring
{
    /// <summary>完成率 = value / target; null without a positive target or without a value.</summary>
    public static decimal? Completion(decimal? value, decimal? target) => value is { } v && target is > 0 ? v / target.Value : null;

    /// <summary>时间进度 of a year: its final months ÷ 12 (a month still being collected is not yet progress).</summary>
    public static decimal TimeProgress(int finalMonths) => Math.Clamp(finalMonths, 0, 12) / 12m;

    /// <summary>"完成 58%，时间进度 83%" reads as behind: completion below time progress.</summary>
    public static bool Behind(decimal? completion, decimal timeProgress) => completion is { } c && c < timeProgress;

    /// <summary>completion: points × min(1, 完成率); no target or no value scores nothing.</summary>
    public static decimal ByCompletion(decimal points, decimal? completion) => completion is { } c ? points * Math.Clamp(c, 0, 1) : 0;

    /// <summary>standard and timeliness: points × a rate (达标率, 按时报送率) between 0 and 1.</summary>
    public static decimal ByRate(decimal points, decimal? rate) => rate is { } r ? points * Math.Clamp(r, 0, 1) : 0;

    /// <summary>rank: the table's points for the 1-based <paramref name="rank"/>; below the table, its last entry; unranked scores nothing.</summary>
    public static decimal ByRank(IReadOnlyList<decimal> table, int? rank) =>
        rank is not { } r || r < 1 || table.Count == 0 ? 0 : table[Math.Min(r, table.Count) - 1];

    /// <summary>quality: points less the deductions for each 退回, 更正 and value changed after 已核实, never below 0.</summary>
    public static decimal ByQuality(decimal points, QualityDeductions d, int sentBack, int corrections, int changedAfterVerified) =>
        Math.Max(0, points - d.PerSentBack * sentBack - d.PerCorrection * corrections - d.PerChangeAfterVerified * changedAfterVerified);

    /// <summary>
    /// Ranks by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4), as a 通报 lists them.
    /// </summary>
    public static IReadOnlyList<int> Ranks(IReadOnlyList<decimal> scores)
    {
        // A score's rank is one more than the number of higher scores: its first place in the scores sorted highest first.
        var rankOf = new Dictionary<decimal, int>();
        foreach (var (score, place) in scores.OrderDescending().Select((s, i) => (s, i + 1))) rankOf.TryAdd(score, place);
        return scores.Select(s => rankOf[s]).ToList();
    }

    /// <summary>
    /// Each score's grade: a quota grade takes the ranks within the top share of all (the count rounded down), a score
    /// grade every score at or above its minimum; grades are tried in the scheme's order, the first that holds wins; null for none.
    /// </summary>
    public static IReadOnlyList<string?> Grades(IReadOnlyList<decimal> scores, IReadOnlyList<SchemeGrade> grades)
    {
        var ranks = Ranks(scores);
        return scores.Select((s, i) => grades.FirstOrDefault(g =>
            g.Min is { } min ? s >= min
            : g.TopShare is { } share && ranks[i] <= (int)Math.Floor(share * scores.Count))?.Name).ToList();
    }
}
