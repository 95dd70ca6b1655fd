using DashboardApp.Core;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Rules;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Rules;

public class RuleExpressionTests
{
    private static readonly IndicatorCatalogue Catalogue = TestCatalogue.Catalogue;

    private static Func<Indicator, decimal?> Values(params (string Code, decimal Value)[] values) =>
        i => values.Where(v => v.Code == i.Code).Select(v => (decimal?)v.Value).FirstOrDefault();

    [Theory]
    [InlineData("VOLUNTEERS * 24", "VOLUNTEERS * 24", "志愿服务参与人次 × 24")]
    [InlineData("志愿服务参与人次×24", "VOLUNTEERS * 24", "志愿服务参与人次 × 24")]
    [InlineData("（ISSUES_FOUND － ISSUES_RECTIFIED）÷ 2", "(ISSUES_FOUND - ISSUES_RECTIFIED) / 2", "(发现问题数 − 整改完成问题数) ÷ 2")]
    [InlineData("new_members + confirmed_members", "NEW_MEMBERS + CONFIRMED_MEMBERS", "发展党员数 + 预备党员转正人数")]
    [InlineData("1 - (2 - VOLUNTEERS)", "1 - (2 - VOLUNTEERS)", "1 − (2 − 志愿服务参与人次)")]
    [InlineData("１２.５", "12.5", "12.5")]
    public void ParsesCodesNamesAndFullWidthFormsIntoOneCanonicalText(string text, string canonical, string shown)
    {
        var e = RuleExpression.Parse(text, Catalogue);
        Assert.Equal(canonical, e.Canonical);
        Assert.Equal(shown, e.Shown);
        // The canonical text parses back to itself.
        Assert.Equal(canonical, RuleExpression.Parse(canonical, Catalogue).Canonical);
    }

    [Theory]
    [InlineData("MEMBERS_TOTL", "“MEMBERS_TOTL”不是指标目录中的指标代码或名称")]
    [InlineData("VOLUNTEERS *", "表达式不完整")]
    [InlineData("(VOLUNTEERS * 24", "缺少右括号")]
    [InlineData("VOLUNTEERS ^ 2", "“^”处无法识别")]
    [InlineData("", "表达式为空")]
    public void RefusesWhatDoesNotParseWithAReason(string text, string reason)
    {
        var e = Assert.Throws<InputRefusedException>(() => RuleExpression.Parse(text, Catalogue));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void EvaluatesWithPrecedenceAndGivesNothingForAMissingValueOrADivisionByZero()
    {
        var e = RuleExpression.Parse("VOLUNTEERS + INSPECTIONS * 2 - 1", Catalogue);
        Assert.Equal(10 + 3 * 2 - 1, e.Evaluate(Values(("VOLUNTEERS", 10), ("INSPECTIONS", 3))));
        Assert.Null(e.Evaluate(Values(("VOLUNTEERS", 10))));
        Assert.Null(RuleExpression.Parse("VOLUNTEERS / INSPECTIONS", Catalogue).Evaluate(Values(("VOLUNTEERS", 10), ("INSPECTIONS", 0))));
    }

    private static CompiledRule Rule(string left, string op, string right, RuleSeverity severity = RuleSeverity.Warning) =>
        CompiledRule.Compile(new ValidationRule { Left = left, Operator = op, Right = right, Severity = severity, Message = "不符" }, Catalogue);

    [Fact]
    public void ARuleOverAValueNotReportedIsSkippedNotCountedAsZero()
    {
        var rule = Rule("PUBLICITY_AUDIENCE", "≥", "PUBLICITY_TALKS");
        // 宣讲场次 3 with no 受众 reported: nothing to say (a blank is not a 0).
        Assert.Null(rule.Violation(Values(("PUBLICITY_TALKS", 3))));
        Assert.Equal((0m, 3m), rule.Violation(Values(("PUBLICITY_TALKS", 3), ("PUBLICITY_AUDIENCE", 0))));
        Assert.Null(rule.Violation(Values(("PUBLICITY_TALKS", 3), ("PUBLICITY_AUDIENCE", 3))));
    }

    [Theory]
    [InlineData("<=", 5, 5, true)]
    [InlineData("<=", 6, 5, false)]
    [InlineData("<", 5, 5, false)]
    [InlineData(">=", 5, 5, true)]
    [InlineData(">", 5, 5, false)]
    [InlineData("=", 5, 5, true)]
    [InlineData("≠", 5, 5, false)]
    [InlineData("≠", 4, 5, true)]
    public void EveryOperatorComparesAsWritten(string op, int left, int right, bool holds)
    {
        var rule = Rule("INSPECTIONS", op, "ISSUES_FOUND");
        Assert.Equal(holds, rule.Violation(Values(("INSPECTIONS", left), ("ISSUES_FOUND", right))) is null);
    }

    [Fact]
    public void DescribesAViolationWithTheFiguresOfBothSides()
    {
        var rule = Rule("VOLUNTEER_HOURS", "<=", "VOLUNTEERS * 24");
        Assert.Equal("志愿服务时长 ≤ 志愿服务参与人次 × 24", rule.Shown);
        var (l, r) = rule.Violation(Values(("VOLUNTEER_HOURS", 1000), ("VOLUNTEERS", 10)))!.Value;
        Assert.Equal("不符（志愿服务时长为 1,000，应 ≤ 志愿服务参与人次 × 24 = 240）", rule.Describe(l, r));
    }

    [Fact]
    public void ARuleWithAnUnknownOperatorOrNoIndicatorIsRefused()
    {
        Assert.Contains("无法识别的比较符", Assert.Throws<InputRefusedException>(() => Rule("VOLUNTEERS", "=>>", "1")).Message);
        Assert.Contains("两边都没有指标", Assert.Throws<InputRefusedException>(() => Rule("1", "<", "2")).Message);
        Assert.StartsWith("右边“VOLUNTEERS +”", Assert.Throws<InputRefusedException>(() => Rule("VOLUNTEERS", "<", "VOLUNTEERS +")).Message);
    }

    [Fact]
    public void SeedDataRulesAllCompileAgainstTheSeedCatalogue()
    {
        using var stream = File.OpenRead(Path.Combine(TestCatalogue.SeedDataDirectory, Core.Data.DashboardDatabase.RulesFile));
        var rules = ValidationRule.ReadJson(stream);
        var set = RuleSet.Of(rules, Catalogue);
        // Every seed rule compiled: none was left out.
        Assert.Equal(rules.Count(r => r.Enabled), set.Rules.Count);
        Assert.True(set.Rules.Count >= 4);
        Assert.Contains(set.Rules, r => r.Shown == "志愿服务时长 ≤ 志愿服务参与人次 × 24");
        Assert.Contains(set.Rules, r => r.Shown == "发展党员数 ≤ 党员总数");
        Assert.Contains(set.Rules, r => r.Shown == "预备党员转正人数 ≤ 党员总数");
        Assert.Contains(set.Rules, r => r.Shown == "宣讲受众人次 ≥ 宣讲场次");
    }
}
