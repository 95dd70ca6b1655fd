using DashboardApp.Core.Indicators;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Rules;

/// <summary>Applies the 校验规则 to a unit-month being entered: each contradiction as an error or a warning naming every cell involved.</summary>
public static class RuleChecks
{
    /// <summary>The code a rule's problem carries in the import JSON and in 数据复核.</summary>
    public const string Code = "RULE";

    public static void Check(ParsedSubmission submission, RuleSet rules, Action<ImportProblem> error, Action<ImportProblem> warning)
    {
        if (rules.Rules.Count == 0) return;
        ParsedValue? Find(Indicator i)
        {
            foreach (var v in submission.Values)
                if (v.Indicator == i) return v;
            return null;
        }
        foreach (var rule in rules.Rules)
        {
            if (rule.Violation(i => Find(i)?.Value) is not var (left, right)) continue;
            // A violation means every value the rule reads was entered.
            var cells = string.Join("、", rule.Indicators.Select(i => Find(i)!.Cell));
            var problem = new ImportProblem(submission.Sheet, cells, Code, rule.Describe(left, right));
            (rule.Rule.Severity == RuleSeverity.Error ? error : warning)(problem);
        }
    }
}
