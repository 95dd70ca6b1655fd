using System.Text.Json;
using System.Text.Json.Serialization;
using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Rules;

/// <summary>错误 refuses the month's figures like a bad cell; 提示 accepts them and lists the contradiction in 数据复核.</summary>
public enum RuleSeverity { Warning, Error }

public static class RuleLimits
{
    public const int MaxSide = 200;
    public const int MaxMessage = 200;
}

/// <summary>The comparison of a rule's two sides.</summary>
public static class RuleOperators
{
    public static readonly string[] All = ["<=", "<", ">=", ">", "==", "!="];

    /// <summary>The stored form of an operator as typed: ≤ ＜ = ≠ and friends accepted.</summary>
    public static string? Normalise(string text) => RuleExpression.Normalise(text) switch
    {
        "<=" or "≤" or "=<" => "<=",
        "<" => "<",
        ">=" or "≥" or "=>" => ">=",
        ">" => ">",
        "==" or "=" => "==",
        "!=" or "≠" or "<>" => "!=",
        _ => null,
    };

    public static string Shown(string op) => op switch { "<=" => "≤", ">=" => "≥", "==" => "=", "!=" => "≠", _ => op };

    public static bool Holds(string op, decimal left, decimal right) => op switch
    {
        "<=" => left <= right,
        "<" => left < right,
        ">=" => left >= right,
        ">" => left > right,
        "==" => left == right,
        "!=" => left != right,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}

/// <summary>
/// 校验规则: figures of one unit-month that must agree — a left side, an operator and a right side over indicators and
/// numbers (志愿服务时长 ≤ 志愿服务参与人次 × 24), a severity and the message a reporter reads. Data, not code: seed-data's
/// validation-rules.json is loaded into an empty table, and administrators add, edit and disable rules on 校验规则.
/// </summary>
public sealed class ValidationRule : Access.IAudited
{
    public int Id { get; set; }
    public required string Left { get; set; }
    public required string Operator { get; set; }
    public required string Right { get; set; }
    public RuleSeverity Severity { get; set; }
    public required string Message { get; set; }
    public bool Enabled { get; set; } = true;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static List<ValidationRule> ReadJson(Stream stream) =>
        JsonSerializer.Deserialize<List<ValidationRule>>(stream, JsonOptions) ?? [];

    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult(change.Record("校验规则", $"{Left} {Operator} {Right}", nameof(Id)));
}

/// <summary>A rule checked against the catalogue, ready to evaluate.</summary>
public sealed record CompiledRule(ValidationRule Rule, RuleExpression Left, string Operator, RuleExpression Right)
{
    /// <summary>Every indicator the rule reads, once each; worked out once, as a rule is checked for every unit-month of an upload.</summary>
    public IReadOnlyList<Indicator> Indicators { get; } = [.. Left.Indicators.Concat(Right.Indicators).Distinct()];

    /// <summary>"志愿服务时长 ≤ 志愿服务参与人次 × 24".</summary>
    public string Shown => $"{Left.Shown} {RuleOperators.Shown(Operator)} {Right.Shown}";

    public string SeverityName => Rule.Severity == RuleSeverity.Error ? "错误" : "提示";

    /// <summary>
    /// Checks one unit-month. Null when the rule holds or cannot be checked — an indicator it reads was not reported
    /// (a blank is not a 0), or a side cannot be computed — else the two sides' values.
    /// </summary>
    public (decimal Left, decimal Right)? Violation(Func<Indicator, decimal?> valueOf)
    {
        foreach (var i in Indicators)
            if (valueOf(i) is null) return null;
        if (Left.Evaluate(valueOf) is not { } l || Right.Evaluate(valueOf) is not { } r) return null;
        return RuleOperators.Holds(Operator, l, r) ? null : (l, r);
    }

    /// <summary>What a reporter reads: the rule's message, then the figures that contradict each other.</summary>
    public string Describe(decimal left, decimal right)
    {
        static string Side(RuleExpression e, decimal v) =>
            e.Indicators.Count() == 1 && e.Canonical == e.Indicators.First().Code ? $"{e.Shown}为 {Figures.Format.Number(v)}"
                : $"{e.Shown} = {Figures.Format.Number(v)}";
        var rightText = Right.Indicators.Any() ? Side(Right, right) : Figures.Format.Number(right);
        return $"{Rule.Message}（{Side(Left, left)}，应 {RuleOperators.Shown(Operator)} {rightText}）";
    }

    /// <summary>Compiles <paramref name="rule"/>; the Chinese reason why it cannot be when a side does not parse.</summary>
    public static CompiledRule Compile(ValidationRule rule, IndicatorCatalogue catalogue)
    {
        var op = RuleOperators.Normalise(rule.Operator) ?? throw new InputRefusedException($"无法识别的比较符“{rule.Operator}”，应为 ≤ < ≥ > = ≠ 之一");
        RuleExpression Side(string text, string which)
        {
            try { return RuleExpression.Parse(text, catalogue); }
            catch (InputRefusedException e) { throw new InputRefusedException($"{which}“{text}”：{e.Message}"); }
        }
        var left = Side(rule.Left, "左边");
        var right = Side(rule.Right, "右边");
        if (!left.Indicators.Any() && !right.Indicators.Any()) throw new InputRefusedException("规则两边都没有指标，无法校验任何数据");
        return new CompiledRule(rule, left, op, right);
    }
}

/// <summary>The enabled rules that compile against the catalogue, ready to check entries with.</summary>
public sealed class RuleSet
{
    public static readonly RuleSet Empty = new([]);

    private RuleSet(IReadOnlyList<CompiledRule> rules) => Rules = rules;

    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>The enabled rules that compile; one no longer does (an indicator it names is gone) is left out — 校验规则 shows it as 已失效.</summary>
    public static RuleSet Of(IEnumerable<ValidationRule> rules, IndicatorCatalogue catalogue)
    {
        var ok = new List<CompiledRule>();
        foreach (var rule in rules.Where(r => r.Enabled).OrderBy(r => r.Id))
        {
            try { ok.Add(CompiledRule.Compile(rule, catalogue)); }
            catch (InputRefusedException) { }
        }
        return new RuleSet(ok);
    }
}
