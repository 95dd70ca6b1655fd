using System.Text.Json;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>One item's score for one organisation, with how it was computed in words (<see cref="Basis"/>).</summary>
public sealed record ItemScore(string Name, decimal Points, decimal Score, string Basis);

/// <summary>One organisation's result: each item, the total, its rank among the organisations assessed with it, and its grade.</summary>
public sealed record AssessmentRow(string Org, string OrgName, IReadOnlyList<ItemScore> Items, decimal Total, int Rank, string? Grade);

/// <summary>
/// 考核结果 of an organisation's children for a year under its scheme: the rows, the span the figures cover ("2026年1—10月" while the
/// year is not over), and when it was computed or published.
/// </summary>
public sealed record AssessmentResult(int Year, string Org, string OrgName, string Scheme, string Span, bool Partial, IReadOnlyList<AssessmentRow> Rows)
{
    /// <summary>"东城区委2025年度党建工作目标考核结果": the organisation and the scheme's name, its 细则 become 结果.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Title => $"{OrgName}{(Scheme.Contains(Year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) ? "" : $"{Year}年度")}"
                           + (Scheme.EndsWith("细则", StringComparison.Ordinal) ? Scheme[..^2] : Scheme) + "结果";

    /// <summary>For a published result: when and by whom.</summary>
    public DateTime? PublishedAtUtc { get; init; }
    public string? PublishedBy { get; init; }
}

/// <summary>What moved for one organisation between the published result and today's figures.</summary>
public sealed record AssessmentChange(string Org, string OrgName, IReadOnlyList<string> Changes);

/// <summary>
/// 目标考核 (docs/product.md, “目标考核”): the year's 考核细则 as data, each child of an organisation scored by it from the figures,
/// officers' 人工评分, publication that freezes a result, and what changed since.
/// </summary>
public sealed class Assessments(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, FigureQueries figures,
    Standards standards, ReportingQuality quality, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Indented = new(AssessmentScheme.JsonOptions) { WriteIndented = true };

    /// <summary>The scheme of a year, checked against today's catalogue; null when none is set (or it no longer reads, with why).</summary>
    public async Task<(AssessmentScheme? Scheme, IReadOnlyList<string> Problems)> SchemeAsync(int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Schemes.AsNoTracking().FirstOrDefaultAsync(s => s.Year == year, ct);
        if (stored is null) return (null, [$"尚未设定{year}年考核细则"]);
        var (_, catalogue) = await reference.GetAsync(dbFactory, ct);
        return AssessmentScheme.Parse(stored.Json, catalogue);
    }

    /// <summary>
    /// The year's scheme as JSON to edit, indented: the stored one, else the latest earlier year's with the year changed (a start for a
    /// new year), else null.
    /// </summary>
    public async Task<string?> SchemeTextAsync(int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Schemes.AsNoTracking().Where(s => s.Year <= year).OrderByDescending(s => s.Year).FirstOrDefaultAsync(ct);
        if (stored is null) return null;
        var scheme = JsonSerializer.Deserialize<AssessmentScheme>(stored.Json, AssessmentScheme.JsonOptions)!;
        if (scheme.Year != year) scheme = scheme with { Year = year, Name = scheme.Name.Replace(scheme.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) };
        return JsonSerializer.Serialize(scheme, Indented);
    }

    /// <summary>Stores a scheme (replacing the year's), refused with the reasons when it does not read. Administrators only.</summary>
    public async Task<IReadOnlyList<string>> SaveSchemeAsync(string json, Actor actor, CancellationToken ct = default)
    {
        if (actor.Role != Roles.Admin) return [Actor.NoRights];
        var (_, catalogue) = await reference.GetAsync(dbFactory, ct);
        var (scheme, problems) = AssessmentScheme.Parse(json, catalogue);
        if (scheme is null) return problems;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var stored = await db.Schemes.FirstOrDefaultAsync(s => s.Year == scheme.Year, ct);
        var text = JsonSerializer.Serialize(scheme, AssessmentScheme.JsonOptions);
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is null)
            db.Schemes.Add(new StoredScheme { Year = scheme.Year, Name = scheme.Name, Json = text, UpdatedBy = actor.UserName, UpdatedAtUtc = now });
        else (stored.Name, stored.Json, stored.UpdatedBy, stored.UpdatedAtUtc) = (scheme.Name, text, actor.UserName, now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// Scores each child of <paramref name="org"/> for <paramref name="year"/> from today's figures (final months only). Null with the reason
    /// when there is no scheme or <paramref name="org"/> has no children.
    /// </summary>
    public async Task<(AssessmentResult? Result, string? Problem)> ComputeAsync(Organisation org, int year, CancellationToken ct = default)
    {
        var (scheme, problems) = await SchemeAsync(year, ct);
        if (scheme is null) return (null, string.Join("；", problems));
        var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
        var children = tree.ChildrenOf(org.Id).Where(c => c.IsOpenDuring(Period.OfYear(year))).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        if (children.Count == 0) return (null, $"“{org.Name}”没有下级组织，无可考核的对象");
        var period = Period.OfYear(year);
        var span = await figures.SpanAsync(org, period, tree, ct: ct);
        var finalMonths = span.Span.Months().Except(span.ProvisionalMonths).ToList();

        var scores = children.ToDictionary(c => c.Id, _ => new List<ItemScore>());
        Dictionary<int, QualityFigures>? perUnit = null;
        Dictionary<(int, string), ManualScore>? manual = null;
        foreach (var item in scheme.Items)
        {
            switch (item.Method)
            {
                case ScoringMethod.Completion or ScoringMethod.Rank:
                    {
                        var indicator = catalogue.ByCode(item.Indicator!)!;
                        var figure = await figures.GetAsync(org, period, indicator, tree, withChildren: true, ct: ct);
                        var byOrg = figure.Children!.Zip(tree.ChildrenOf(org.Id)).ToDictionary(x => x.Second.Id, x => x.First);
                        if (item.Method == ScoringMethod.Completion)
                            foreach (var c in children) scores[c.Id].Add(CompletionScore(item, indicator, byOrg[c.Id]));
                        else
                        {
                            var ranked = children.Where(c => byOrg[c.Id].Value is not null).ToList();
                            var ranks = Scoring.Ranks([.. ranked.Select(c => byOrg[c.Id].Value!.Value)]);
                            var rankOf = ranked.Zip(ranks).ToDictionary(x => x.First.Id, x => x.Second);
                            foreach (var c in children)
                            {
                                var value = byOrg[c.Id].Value;
                                var rank = rankOf.TryGetValue(c.Id, out var r) ? r : (int?)null;
                                scores[c.Id].Add(new ItemScore(item.Name, item.Points, Scoring.ByRank(item.RankPoints!, rank),
                                    value is null ? $"{span.Span.ToChinese()}未报送{indicator.Name}，不参与排名"
                                        : $"{indicator.Name} {Format.Number(value.Value)}{indicator.Unit}，列第 {rank} 名（共 {ranked.Count} 个）"));
                            }
                        }
                        break;
                    }
                case ScoringMethod.Standard:
                    {
                        var indicator = catalogue.ByCode(item.Indicator!)!;
                        var results = await standards.CountAsync(org, children, period, indicator, tree, ct: ct);
                        foreach (var c in children)
                        {
                            var result = results?[c.Id];
                            var basis = result is null ? $"“{indicator.Name}”未设达标标准"
                                : result.Rate is not { } rate ? $"{span.Span.ToChinese()}尚无可评判的周期"
                                : $"{StandardResult.Describe(indicator.Name, result.Min, result.PerValue)}：达标 {result.Met} 个，未达标 {result.NotMet} 个，未报 {result.NotReported} 个，达标率 {Format.Percent(rate)}";
                            scores[c.Id].Add(new ItemScore(item.Name, item.Points, Round(Scoring.ByRate(item.Points, result?.Rate)), basis));
                        }
                        break;
                    }
                case ScoringMethod.Timeliness or ScoringMethod.Quality:
                    {
                        perUnit ??= await quality.PerUnitAsync(org, finalMonths, tree, ct);
                        foreach (var c in children)
                        {
                            var q = ReportingQuality.Sum(c, perUnit, tree);
                            scores[c.Id].Add(item.Method == ScoringMethod.Timeliness
                                ? new ItemScore(item.Name, item.Points, Round(Scoring.ByRate(item.Points, q.OnTimeRate)), q.OnTimeRate is { } r
                                    ? $"应报 {q.Expected} 个单位月，按时 {q.OnTime} 个，按时报送率 {Format.Percent(r)}" : "期内无应报月份")
                                : new ItemScore(item.Name, item.Points,
                                    Round(Scoring.ByQuality(item.Points, item.Deductions!, q.SentBack, q.Corrections, q.ChangedAfterVerified)),
                                    $"退回 {q.SentBack} 次（每次扣 {Format.Number(item.Deductions!.PerSentBack)} 分），更正 {q.Corrections} 次（每次扣 {Format.Number(item.Deductions.PerCorrection)} 分），核实后改数 {q.ChangedAfterVerified} 次（每次扣 {Format.Number(item.Deductions.PerChangeAfterVerified)} 分）"));
                        }
                        break;
                    }
                case ScoringMethod.Manual:
                    {
                        manual ??= await ManualScoresAsync(year, children, ct);
                        foreach (var c in children)
                            scores[c.Id].Add(manual.TryGetValue((c.Id, item.Name), out var m)
                                ? new ItemScore(item.Name, item.Points, Math.Min(m.Score, item.Points), $"人工评分：{m.Note}（{m.ScoredBy}）")
                                : new ItemScore(item.Name, item.Points, 0, "尚未评分"));
                        break;
                    }
            }
        }

        var totals = children.Select(c => scores[c.Id].Sum(s => s.Score)).ToList();
        var ranksOfTotals = Scoring.Ranks(totals);
        var grades = Scoring.Grades(totals, scheme.Grades);
        var rows = children.Select((c, i) => new AssessmentRow(c.Code, c.Name, scores[c.Id], totals[i], ranksOfTotals[i], grades[i]))
            .OrderBy(r => r.Rank).ThenBy(r => r.Org, StringComparer.Ordinal).ToList();
        return (new AssessmentResult(year, org.Code, org.Name, scheme.Name, span.Span.ToChinese(), !span.Span.Whole, rows), null);
    }

    private static ItemScore CompletionScore(SchemeItem item, Indicator indicator, Figure figure)
    {
        var basis = figure.Target is not { } target ? $"未设{indicator.Name}目标，不得分"
            : figure.Value is not { } value ? $"目标 {Format.Number(target)}{indicator.Unit}，{figure.PeriodLabel}未报送"
            : $"{figure.PeriodLabel}完成 {Format.Number(value)}{indicator.Unit}，目标 {Format.Number(target)}{indicator.Unit}，完成率 {Format.Percent(figure.Completion!.Value)}"
              + (figure.TimeProgress is { } t ? $"，时间进度 {Format.Percent(t)}" : "");
        return new ItemScore(item.Name, item.Points, Round(Scoring.ByCompletion(item.Points, figure.Completion)), basis);
    }

    /// <summary>Scores are kept to two decimal places, as a 通报 prints them.</summary>
    private static decimal Round(decimal score) => Math.Round(score, 2, MidpointRounding.AwayFromZero);

    private async Task<Dictionary<(int, string), ManualScore>> ManualScoresAsync(int year, List<Organisation> children, CancellationToken ct)
    {
        var ids = children.Select(c => c.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ManualScores.AsNoTracking().Where(m => m.Year == year && ids.Contains(m.OrganisationId))
            .ToDictionaryAsync(m => (m.OrganisationId, m.Item), ct);
    }

    /// <summary>
    /// An officer scores a 人工评分 item of the year's scheme for an organisation in their scope (管理员, 区级/街道管理员), with a note.
    /// The Chinese reason it is refused, or null.
    /// </summary>
    public async Task<string?> ScoreAsync(Actor actor, string orgCode, int year, string item, decimal score, string note, CancellationToken ct = default)
    {
        if (!actor.CanReview) return Actor.NoRights;
        var (tree, _) = await reference.GetAsync(dbFactory, ct);
        if (actor.Find(tree, orgCode) is not { } org) return Actor.Unknown(orgCode, "管理");
        var (scheme, problems) = await SchemeAsync(year, ct);
        if (scheme is null) return string.Join("；", problems);
        if (scheme.Items.FirstOrDefault(i => i.Name == item && i.Method == ScoringMethod.Manual) is not { } manualItem)
            return $"{year}年考核细则中没有人工评分项目“{item}”";
        if (score < 0 || score > manualItem.Points) return $"“{item}”的得分应在 0 到 {Format.Number(manualItem.Points)} 之间";
        note = FreeText.Clean(note) ?? "";
        if (note.Length == 0) return "请填写评分说明";
        if (note.Length > 500) return "评分说明不能超过 500 个字";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var stored = await db.ManualScores.FirstOrDefaultAsync(m => m.Year == year && m.OrganisationId == org.Id && m.Item == item, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is null)
            db.ManualScores.Add(new ManualScore
            {
                Year = year, OrganisationId = org.Id, Item = item, Score = score, Note = note, ScoredBy = actor.UserName, ScoredAtUtc = now,
            });
        else (stored.Score, stored.Note, stored.ScoredBy, stored.ScoredAtUtc) = (score, note, actor.UserName, now);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>发布: freezes today's result for <paramref name="org"/>'s children (audited). The Chinese reason it is refused, or null.</summary>
    public async Task<string?> PublishAsync(Actor actor, string orgCode, int year, CancellationToken ct = default)
    {
        if (!actor.CanReview) return Actor.NoRights;
        var (tree, _) = await reference.GetAsync(dbFactory, ct);
        if (actor.Find(tree, orgCode) is not { } org) return Actor.Unknown(orgCode, "管理");
        var (result, problem) = await ComputeAsync(org, year, ct);
        if (result is null) return problem;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        db.PublishedAssessments.Add(new PublishedAssessment
        {
            Year = year, OrganisationId = org.Id, Json = JsonSerializer.Serialize(result, Json), PublishedBy = actor.UserName,
            PublishedAtUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The latest published result for <paramref name="org"/>'s children and the year, as it was published; null if never.</summary>
    public async Task<AssessmentResult?> PublishedAsync(Organisation org, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.PublishedAssessments.AsNoTracking().Where(p => p.OrganisationId == org.Id && p.Year == year)
            .OrderByDescending(p => p.PublishedAtUtc).FirstOrDefaultAsync(ct);
        return stored is null ? null
            : JsonSerializer.Deserialize<AssessmentResult>(stored.Json, Json)! with { PublishedAtUtc = stored.PublishedAtUtc, PublishedBy = stored.PublishedBy };
    }

    /// <summary>What differs between a published result and today's: per organisation, each item score, the total, rank and grade that moved.</summary>
    public static List<AssessmentChange> Differences(AssessmentResult published, AssessmentResult now)
    {
        var changes = new List<AssessmentChange>();
        var current = now.Rows.ToDictionary(r => r.Org);
        foreach (var was in published.Rows)
        {
            if (!current.TryGetValue(was.Org, out var row)) { changes.Add(new AssessmentChange(was.Org, was.OrgName, ["已不在考核范围内"])); continue; }
            var lines = new List<string>();
            foreach (var item in was.Items)
                if (row.Items.FirstOrDefault(i => i.Name == item.Name) is { } i && i.Score != item.Score)
                    lines.Add($"{item.Name} {Format.Score(item.Score)} → {Format.Score(i.Score)}（{i.Basis}）");
            if (row.Total != was.Total) lines.Add($"总分 {Format.Score(was.Total)} → {Format.Score(row.Total)}");
            if (row.Rank != was.Rank) lines.Add($"名次 {was.Rank} → {row.Rank}");
            if (row.Grade != was.Grade) lines.Add($"等次 {was.Grade ?? "无"} → {row.Grade ?? "无"}");
            if (lines.Count > 0) changes.Add(new AssessmentChange(was.Org, was.OrgName, lines));
        }
        return changes;
    }
}
