using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>
/// 目标任务: the plan an organisation is given for a SUM indicator in a year (<see cref="Quarter"/> 0) or one quarter of it (1—4).
/// A parent without a target of its own has its children's sum (<see cref="TargetSet"/>).
/// </summary>
public sealed class Target : Access.IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public int Year { get; set; }
    /// <summary>0 for the year's target, 1—4 for a quarter's.</summary>
    public int Quarter { get; set; }
    public decimal Value { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>目标任务, named "D01-S01 2026年 发展党员数".</summary>
    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var org = await change.OrganisationCodeAsync(OrganisationId, ct);
        var indicator = await change.Db.Indicators.AsNoTracking().Where(i => i.Id == IndicatorId).Select(i => i.Name).FirstOrDefaultAsync(ct);
        var when = Quarter == 0 ? $"{Year}年" : $"{Year}年第{Quarter}季度";
        return change.Record("目标任务", $"{org} {when} {indicator}", nameof(Id), nameof(OrganisationId), nameof(IndicatorId), nameof(UpdatedBy),
            nameof(UpdatedAtUtc));
    }
}

/// <summary>How often a standard must be met.</summary>
public enum StandardPer { Month, Quarter, Year }

/// <summary>达标标准: the least a reporting unit must reach of an indicator in each month, quarter or year (集中学习研讨次数 ≥ 1 每月).</summary>
public sealed class Standard : Access.IAudited
{
    public int Id { get; set; }
    public int IndicatorId { get; set; }
    public decimal Min { get; set; }
    public StandardPer Per { get; set; }

    public static string PerText(StandardPer per) => per switch { StandardPer.Month => "每月", StandardPer.Quarter => "每季度", _ => "每年" };

    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var indicator = await change.Db.Indicators.AsNoTracking().Where(i => i.Id == IndicatorId).Select(i => i.Name).FirstOrDefaultAsync(ct);
        return change.Record("达标标准", indicator ?? "", nameof(Id), nameof(IndicatorId));
    }
}

/// <summary>考核细则 of a year as stored: the JSON an officer imported or edited (<see cref="AssessmentScheme.Parse"/> reads it).</summary>
public sealed class StoredScheme : Access.IAudited
{
    public int Id { get; set; }
    public int Year { get; set; }
    public required string Name { get; set; }
    public required string Json { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult(change.Record("考核细则", $"{Year}年 {Name}", nameof(Id), nameof(UpdatedBy), nameof(UpdatedAtUtc)));
}

/// <summary>An officer's score of a 人工评分 item for one organisation and year, with the note that explains it.</summary>
public sealed class ManualScore : Access.IAudited
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int OrganisationId { get; set; }
    public required string Item { get; set; }
    public decimal Score { get; set; }
    public required string Note { get; set; }
    public required string ScoredBy { get; set; }
    public DateTime ScoredAtUtc { get; set; }

    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var org = await change.OrganisationCodeAsync(OrganisationId, ct);
        return change.Record("考核评分", $"{org} {Year}年 {Item}", nameof(Id), nameof(OrganisationId), nameof(ScoredBy), nameof(ScoredAtUtc));
    }
}

/// <summary>
/// 发布: the assessment of an organisation's children for a year as it stood when published — every row, item score and basis as JSON.
/// Later changes to the figures never alter it; the page shows what moved since.
/// </summary>
public sealed class PublishedAssessment : Access.IAudited
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int OrganisationId { get; set; }
    public required string Json { get; set; }
    public required string PublishedBy { get; set; }
    public DateTime PublishedAtUtc { get; set; }

    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var org = await change.OrganisationCodeAsync(OrganisationId, ct);
        var entry = change.Record("考核结果", $"{org} {Year}年", nameof(Id), nameof(OrganisationId), nameof(Json), nameof(PublishedBy));
        if (entry is not null && change.IsAdded) entry.Action = "发布";
        return entry;
    }
}
