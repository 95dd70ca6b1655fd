using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Submissions;

/// <summary>原始文件: an uploaded workbook kept as sent, identified by its SHA-256.</summary>
public sealed class StoredFile
{
    public int Id { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTime UploadedAtUtc { get; set; }
    public required string UploadedBy { get; set; }
}

/// <summary>报送记录: one unit's figures for one period, from one accepted file.</summary>
public sealed class Submission
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public Period Period { get; set; }
    public int StoredFileId { get; set; }
    public StoredFile? StoredFile { get; set; }
    public DateTime AcceptedAtUtc { get; set; }
    public required string SubmittedBy { get; set; }
    public required string Sheet { get; set; }
    public List<SubmittedValue> Values { get; set; } = [];
}

/// <summary>A value as submitted, with the cell it came from. Kept as history, never deleted.</summary>
public sealed class SubmittedValue
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public decimal Value { get; set; }
    /// <summary>Cell address, e.g. E7; for 在线填报, the form field's name.</summary>
    public required string Cell { get; set; }
    /// <summary>备注 written beside the value, if any.</summary>
    public string? Note { get; set; }
}

/// <summary>当前值: the value of (unit, period, indicator) from the latest accepted submission containing it.</summary>
public sealed class CurrentValue
{
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    public int IndicatorId { get; set; }
    public decimal Value { get; set; }
    public int SubmissionId { get; set; }
}

/// <summary>锁定的统计期: uploads for it are refused.</summary>
public sealed class PeriodLock : Access.IAudited
{
    public Period Period { get; set; }
    public DateTime LockedAtUtc { get; set; }
    public required string LockedBy { get; set; }

    /// <summary>统计期 锁定 or 解锁, nothing more to say.</summary>
    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult<Access.AuditEntry?>(new Access.AuditEntry
        {
            Actor = "", Subject = "统计期", Action = change.IsDeleted ? "解锁" : "锁定", Target = Period.ToString(),
        });
}

/// <summary>报送截止日期 of one month when it differs from the default (a number of days after the month ends).</summary>
public sealed class PeriodDeadline : Access.IAudited
{
    public Period Period { get; set; }
    public DateOnly Deadline { get; set; }

    public ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct) =>
        ValueTask.FromResult(change.Record("报送截止日期", Period.ToString()));
}
