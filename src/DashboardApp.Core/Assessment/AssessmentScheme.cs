using System.Text.Json;
using System.Text.Json.Serialization;
using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Assessment;

/// <summary>How an item of a 考核细则 is scored (issue 33; docs/product.md will carry the 目标考核 section when it is wired to pages).</summary>
public enum ScoringMethod { Completion, Standard, Rank, Timeliness, Quality, Manual }

/// <summary>One item of a scheme: its name, its points, how it is scored, and what it reads.</summary>
/// <param name="Indicator">The indicator a completion, standard or rank item reads (its code).</param>
/// <param name="RankPoints">For rank: the points of the 1st, 2nd, … (60/57/54…); below the table, the last entry.</param>
/// <param name="Deductions">For quality: points taken per 退回, per 更正 and per value changed after 已核实.</param>
public sealed record SchemeItem(string Name, decimal Points, ScoringMethod Method, string? Indicator = null,
    IReadOnlyList<decimal>? RankPoints = null, QualityDeductions? Deductions = null);

public sealed record QualityDeductions(decimal PerSentBack, decimal PerCorrection, decimal PerChangeAfterVerified);

/// <summary>A grade: by score (<see cref="Min"/>) or by quota (<see cref="TopShare"/>, e.g. 0.1 for the top 10 %).</summary>
public sealed record SchemeGrade(string Name, decimal? Min = null, decimal? TopShare = null);

/// <summary>考核细则 of a year: items whose points add up to the total, and grades.</summary>
public sealed record AssessmentScheme(int Year, string Name, IReadOnlyList<SchemeItem> Items, IReadOnlyList<SchemeGrade> Grades)
{
    [JsonIgnore]
    public decimal TotalPoints => Items.Sum(i => i.Points);

    /// <summary>How a scheme is read (any case of the names) and stored (camelCase, methods by name, nothing written for what is unset).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>
    /// Reads a scheme from JSON of the shape and checks it against the catalogue: every refusal in Chinese, naming the item.
    /// </summary>
    /// <returns>The scheme, or the reasons it is refused.</returns>
    public static (AssessmentScheme? Scheme, IReadOnlyList<string> Problems) Parse(string json, IndicatorCatalogue catalogue)
    {
        AssessmentScheme? scheme;
        try { scheme = JsonSerializer.Deserialize<AssessmentScheme>(json, JsonOptions); }
        catch (JsonException e)
        {
            var method = e.Path?.EndsWith(".method", StringComparison.OrdinalIgnoreCase) == true
                ? "计分方法应为 completion、standard、rank、timeliness、quality 或 manual" : "格式不正确";
            return (null, [$"考核细则不是有效的 JSON：{method}（第 {(e.LineNumber ?? 0) + 1} 行）"]);
        }
        if (scheme is null) return (null, ["考核细则为空"]);
        var problems = new List<string>();
        if (scheme.Year is < 2000 or > 2100) problems.Add($"年度“{scheme.Year}”不正确");
        if (string.IsNullOrWhiteSpace(scheme.Name)) problems.Add("考核细则缺少名称");
        if (scheme.Items is not { Count: > 0 }) problems.Add("考核细则没有考核项目");
        foreach (var (item, i) in (scheme.Items ?? []).Select((item, i) => (item, i + 1)))
        {
            var label = $"第 {i} 项“{item.Name}”";
            if (string.IsNullOrWhiteSpace(item.Name)) problems.Add($"第 {i} 项缺少名称");
            if (item.Points <= 0) problems.Add($"{label}的分值应大于 0");
            if (item.Method is ScoringMethod.Completion or ScoringMethod.Standard or ScoringMethod.Rank)
            {
                if (item.Indicator is null) problems.Add($"{label}须指明指标");
                else if (catalogue.ByCode(item.Indicator) is not { } indicator) problems.Add($"{label}的指标“{item.Indicator}”不存在");
                else if (item.Method == ScoringMethod.Completion && indicator.Aggregation == Aggregation.Last)
                    problems.Add($"{label}的指标“{indicator.Name}”取期末值，不能按完成率计分");
            }
            if (item.Method == ScoringMethod.Rank && item.RankPoints is not { Count: > 0 }) problems.Add($"{label}按名次计分，须给出各名次的得分");
            if (item.RankPoints?.Any(p => p < 0 || p > item.Points) == true) problems.Add($"{label}的名次得分须在 0 到 {item.Points} 之间");
            if (item.Method == ScoringMethod.Quality && item.Deductions is null) problems.Add($"{label}按报送质量计分，须给出每次退回、更正的扣分");
        }
        foreach (var grade in scheme.Grades ?? [])
            if ((grade.Min is null) == (grade.TopShare is null) || grade.TopShare is <= 0 or > 1)
                problems.Add($"等次“{grade.Name}”须给出最低分（min）或名额比例（topShare，0—1）之一");
        return problems.Count > 0 ? (null, problems) : (scheme with { Grades = scheme.Grades ?? [] }, []);
    }
}
