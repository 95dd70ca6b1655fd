using DashboardApp.Core.Access;

namespace DashboardApp.Tests.Access;

/// <summary>审计日志 reads in Chinese: fields, operators, kinds and states by their labels, times in local time to the second.</summary>
public class AuditTextTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "北京时间", "北京时间");

    [Theory]
    [InlineData("""{"Left":"ISSUES_RECTIFIED","Operator":"<=","Right":"ISSUES_FOUND","Severity":"Error","Enabled":true}""",
        "左边：ISSUES_RECTIFIED；关系：≤；右边：ISSUES_FOUND；级别：错误（拒收）；启用：是")]
    [InlineData("""{"Kind":"UNUSUAL_VALUE","SentBack":false,"Note":"已电话核实","MarkedAtUtc":"2026-12-07T13:20:32.7412385Z"}""",
        "类型：数值异常；退回：否；说明：已电话核实；核实时间：2026-12-07 21:20:32")]
    [InlineData("""{"Aggregation":"Last","ValueType":"Integer","Display":"Percent","Decision":"SentBack"}""",
        "汇总方式：取期末值；数值类型：整数；显示方式：百分比；结论：退回")]
    [InlineData("""{"ExpiresAtUtc":"2027-03-07T00:00:00","RevokedAtUtc":null}""", "有效期至：2027-03-07 08:00:00；吊销时间：（空）")]
    public void FieldsOperatorsKindsStatesAndTimesReadInChinese(string json, string expected) =>
        Assert.Equal(expected, AuditText.Describe(json, Beijing));

    [Fact]
    public void NoFieldIsLeftUnderItsProgramName()
    {
        // Every property the audit trail records, as AuditTrail writes them: none is shown under its C# name.
        string[] recorded = ["Code", "Name", "ParentCode", "Left", "Operator", "Right", "Severity", "Message", "Enabled", "Kind", "Cell", "Value",
            "Note", "SentBack", "MarkedAtUtc", "Decision", "Reason", "Indicators", "DecidedAtUtc", "Name", "ExpiresAtUtc", "RevokedAtUtc", "OrgCode",
            "RotateSeconds", "Numerator", "Denominator", "Display", "Phrase", "Aggregation", "ValueType", "Decimals", "Ceiling", "Headline"];
        foreach (var field in recorded)
            Assert.DoesNotContain(field, AuditText.Describe($$"""{"{{field}}":"x"}"""));
    }

    [Fact]
    public void EveryFieldOfEveryAuditedEntityHasAChineseLabel()
    {
        // What AuditTrail leaves out of the values: keys, references to other rows, secrets and bookkeeping.
        string[] notRecorded = ["Id", "OrganisationId", "IndicatorId", "UserId", "Hash", "Kind", "LastUsedAtUtc", "MarkedBy", "ParentId", "Level",
            "UpdatedBy", "UpdatedAtUtc", "ScoredBy", "ScoredAtUtc", "PublishedBy"];
        Type[] audited = [typeof(Core.Organisations.Organisation), typeof(Core.Indicators.Indicator), typeof(Core.Indicators.DerivedIndicator),
            typeof(Core.Rules.ValidationRule), typeof(Core.Submissions.PeriodDeadline), typeof(Core.Submissions.ReviewMark),
            typeof(Core.Cycle.BulletinRecipient), typeof(AccessToken), typeof(Core.Assessment.Target), typeof(Core.Assessment.Standard),
            typeof(Core.Assessment.StoredScheme), typeof(Core.Assessment.ManualScore), typeof(Core.Assessment.PublishedAssessment)];
        var missing = audited.SelectMany(t => t.GetProperties()
                .Where(p => p.CanWrite && IsValue(p.PropertyType) && !notRecorded.Contains(p.Name) && AuditText.Label(p.Name) is null)
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        Assert.Empty(missing);
    }

    private static bool IsValue(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateOnly)
               || t == typeof(Core.Periods.Period);
    }
}
