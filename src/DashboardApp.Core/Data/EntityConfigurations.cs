using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DashboardApp.Core.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> e)
    {
        e.HasIndex(o => o.Code).IsUnique();
        e.Property(o => o.Code).HasMaxLength(64);
        e.Property(o => o.Name).HasMaxLength(200);
        e.Property(o => o.Type).HasMaxLength(50);
        e.Property(o => o.ContactName).HasMaxLength(OrganisationContact.MaxName);
        e.Property(o => o.ContactPhone).HasMaxLength(OrganisationContact.MaxPhone);
        e.Property(o => o.Email).HasMaxLength(OrganisationContact.MaxEmail);
        e.Ignore(o => o.Contact);
        e.HasOne(o => o.Parent).WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> e)
    {
        e.HasIndex(i => i.Code).IsUnique();
        e.Property(i => i.Code).HasMaxLength(64);
        e.Property(i => i.Aggregation).HasConversion<string>().HasMaxLength(10);
        e.Property(i => i.ValueType).HasConversion<string>().HasMaxLength(10);
        e.Ignore(i => i.IsHeadline);
    }
}

internal sealed class DerivedIndicatorConfiguration : IEntityTypeConfiguration<DerivedIndicator>
{
    public void Configure(EntityTypeBuilder<DerivedIndicator> e)
    {
        e.HasIndex(i => i.Code).IsUnique();
        e.Property(i => i.Code).HasMaxLength(64);
        e.Property(i => i.Numerator).HasMaxLength(64);
        e.Property(i => i.Denominator).HasMaxLength(64);
        e.Property(i => i.Display).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class RollupRunConfiguration : IEntityTypeConfiguration<Rollups.RollupRun>
{
    /// <summary>The outcome as the lowercase text it was always stored as ("succeeded"), so existing records read unchanged.</summary>
    public void Configure(EntityTypeBuilder<Rollups.RollupRun> e) => e.Property(r => r.Outcome)
        .HasConversion(o => o.Text(), s => Enum.Parse<Rollups.RollupOutcome>(s, true));
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.HasIndex(f => f.Sha256).IsUnique();
        e.Property(f => f.Sha256).HasMaxLength(64);
    }
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> e)
    {
        e.HasIndex(s => new { s.OrganisationId, s.Period });
        // 报送情况 of a month reads every unit's first and last acceptance from this index alone (SqlDialect.ReportedUnits).
        e.HasIndex(s => new { s.Period, s.OrganisationId, s.AcceptedAtUtc });
        e.HasMany(s => s.Values).WithOne().HasForeignKey(v => v.SubmissionId);
        e.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(s => s.StoredFile).WithMany().HasForeignKey(s => s.StoredFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubmittedValueConfiguration : IEntityTypeConfiguration<SubmittedValue>
{
    public void Configure(EntityTypeBuilder<SubmittedValue> e)
    {
        e.HasOne(v => v.Indicator).WithMany().HasForeignKey(v => v.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        // A cell address, or the 在线填报 field's name (an indicator's name).
        e.Property(v => v.Cell).HasMaxLength(Submissions.Provenance.MaxWhere);
        e.Property(v => v.Note).HasMaxLength(Workbooks.ValueNotes.MaxLength);
    }
}

internal sealed class CurrentValueConfiguration : IEntityTypeConfiguration<CurrentValue>
{
    public void Configure(EntityTypeBuilder<CurrentValue> e)
    {
        e.HasKey(v => new { v.OrganisationId, v.Period, v.IndicatorId });
        e.HasIndex(v => new { v.Period, v.IndicatorId });
    }
}

internal sealed class PeriodLockConfiguration : IEntityTypeConfiguration<PeriodLock>
{
    public void Configure(EntityTypeBuilder<PeriodLock> e) => e.HasKey(l => l.Period);
}

internal sealed class RollupValueConfiguration : IEntityTypeConfiguration<RollupValue>
{
    // Read only by organisation (and period, indicator): the key is the one index. A second one, on
    // (period, indicator), was never used by a query and doubled the cost of every rollup write.
    public void Configure(EntityTypeBuilder<RollupValue> e) => e.HasKey(v => new { v.OrganisationId, v.Period, v.IndicatorId });
}

internal sealed class RollupQueueItemConfiguration : IEntityTypeConfiguration<RollupQueueItem>
{
    public void Configure(EntityTypeBuilder<RollupQueueItem> e)
    {
        e.ToTable("RollupQueue");
        e.HasOne<Organisation>().WithMany().HasForeignKey(q => q.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewNoteConfiguration : IEntityTypeConfiguration<ReviewNote>
{
    public void Configure(EntityTypeBuilder<ReviewNote> e)
    {
        e.HasIndex(n => new { n.Period, n.OrganisationId });
        e.HasIndex(n => n.SubmissionId);
        e.Property(n => n.Sheet).HasMaxLength(100);
        e.Property(n => n.Cell).HasMaxLength(Submissions.Provenance.MaxWhere);
        e.Property(n => n.Code).HasMaxLength(32);
        e.Property(n => n.Message).HasMaxLength(500);
        e.HasOne<StoredFile>().WithMany().HasForeignKey(n => n.StoredFileId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Submission>().WithMany().HasForeignKey(n => n.SubmissionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Indicator>().WithMany().HasForeignKey(n => n.IndicatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewMarkConfiguration : IEntityTypeConfiguration<ReviewMark>
{
    public void Configure(EntityTypeBuilder<ReviewMark> e)
    {
        e.HasIndex(m => new { m.Period, m.OrganisationId });
        e.Property(m => m.Kind).HasMaxLength(32);
        e.Property(m => m.Cell).HasMaxLength(Submissions.Provenance.MaxWhere);
        e.Property(m => m.Note).HasMaxLength(500);
        e.Property(m => m.MarkedBy).HasMaxLength(100);
        e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Indicator>().WithMany().HasForeignKey(m => m.IndicatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PeriodDeadlineConfiguration : IEntityTypeConfiguration<PeriodDeadline>
{
    public void Configure(EntityTypeBuilder<PeriodDeadline> e) => e.HasKey(d => d.Period);
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Access.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Access.AuditEntry> e)
    {
        e.HasIndex(a => a.AtUtc);
        e.Property(a => a.Actor).HasMaxLength(100);
        e.Property(a => a.Subject).HasMaxLength(32);
        e.Property(a => a.Action).HasMaxLength(32);
        e.Property(a => a.Target).HasMaxLength(300);
    }
}

internal sealed class MonthReviewConfiguration : IEntityTypeConfiguration<Cycle.MonthReview>
{
    public void Configure(EntityTypeBuilder<Cycle.MonthReview> e)
    {
        e.HasIndex(r => new { r.Period, r.OrganisationId });
        e.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.Reason).HasMaxLength(500);
        e.Property(r => r.Indicators).HasMaxLength(2000);
        e.Property(r => r.DecidedBy).HasMaxLength(100);
        e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Cycle.Notice>
{
    public void Configure(EntityTypeBuilder<Cycle.Notice> e)
    {
        e.HasIndex(n => new { n.Period, n.OrganisationId });
        // One reminder per unit per day, whichever instance, page, schedule or command sends it (NULLs do not collide).
        e.HasIndex(n => new { n.OrganisationId, n.ReminderDay }).IsUnique();
        e.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(n => n.Subject).HasMaxLength(200);
        e.Property(n => n.Body).HasMaxLength(4000);
        e.Property(n => n.SentBy).HasMaxLength(100);
        e.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(n => n.Deliveries).WithOne().HasForeignKey(d => d.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoticeDeliveryConfiguration : IEntityTypeConfiguration<Cycle.NoticeDelivery>
{
    public void Configure(EntityTypeBuilder<Cycle.NoticeDelivery> e)
    {
        e.Property(d => d.Channel).HasConversion<string>().HasMaxLength(8);
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(8);
        e.Property(d => d.To).HasMaxLength(254);
        e.Property(d => d.Error).HasMaxLength(1000);
    }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<Cycle.InboxMessage>
{
    public void Configure(EntityTypeBuilder<Cycle.InboxMessage> e)
    {
        e.HasIndex(m => new { m.UserName, m.ReadAtUtc });
        e.Property(m => m.UserName).HasMaxLength(256);
        e.Property(m => m.Title).HasMaxLength(200);
        e.Property(m => m.Body).HasMaxLength(4000);
        e.Property(m => m.Link).HasMaxLength(500);
    }
}

internal sealed class BulletinRecipientConfiguration : IEntityTypeConfiguration<Cycle.BulletinRecipient>
{
    public void Configure(EntityTypeBuilder<Cycle.BulletinRecipient> e)
    {
        e.HasIndex(r => new { r.OrganisationId, r.Email }).IsUnique();
        e.Property(r => r.Email).HasMaxLength(254);
        e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ValidationRuleConfiguration : IEntityTypeConfiguration<Rules.ValidationRule>
{
    public void Configure(EntityTypeBuilder<Rules.ValidationRule> e)
    {
        e.Property(r => r.Left).HasMaxLength(Rules.RuleLimits.MaxSide);
        e.Property(r => r.Right).HasMaxLength(Rules.RuleLimits.MaxSide);
        e.Property(r => r.Operator).HasMaxLength(2);
        e.Property(r => r.Severity).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.Message).HasMaxLength(Rules.RuleLimits.MaxMessage);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<Access.AccessToken>
{
    public void Configure(EntityTypeBuilder<Access.AccessToken> e)
    {
        e.HasIndex(t => t.Hash).IsUnique();
        e.HasIndex(t => t.UserId);
        e.Property(t => t.Hash).HasMaxLength(64);
        e.Property(t => t.Hint).HasMaxLength(16);
        e.Property(t => t.Kind).HasMaxLength(10);
        e.Property(t => t.Name).HasMaxLength(50);
        e.Property(t => t.CreatedBy).HasMaxLength(256);
        e.Property(t => t.OrgCode).HasMaxLength(64);
        e.HasOne<Access.AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Assessment.Target>
{
    public void Configure(EntityTypeBuilder<Assessment.Target> e)
    {
        e.HasIndex(t => new { t.Year, t.IndicatorId, t.OrganisationId, t.Quarter }).IsUnique();
        e.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Indicator>().WithMany().HasForeignKey(t => t.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        e.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class StandardConfiguration : IEntityTypeConfiguration<Assessment.Standard>
{
    public void Configure(EntityTypeBuilder<Assessment.Standard> e)
    {
        e.HasIndex(s => s.IndicatorId).IsUnique();
        e.HasOne<Indicator>().WithMany().HasForeignKey(s => s.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        e.Property(s => s.Per).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class StoredSchemeConfiguration : IEntityTypeConfiguration<Assessment.StoredScheme>
{
    public void Configure(EntityTypeBuilder<Assessment.StoredScheme> e)
    {
        e.HasIndex(s => s.Year).IsUnique();
        e.Property(s => s.Name).HasMaxLength(200);
        e.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class ManualScoreConfiguration : IEntityTypeConfiguration<Assessment.ManualScore>
{
    public void Configure(EntityTypeBuilder<Assessment.ManualScore> e)
    {
        e.HasIndex(s => new { s.Year, s.OrganisationId, s.Item }).IsUnique();
        e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.Property(s => s.Item).HasMaxLength(200);
        e.Property(s => s.Note).HasMaxLength(500);
        e.Property(s => s.ScoredBy).HasMaxLength(256);
    }
}

internal sealed class PublishedAssessmentConfiguration : IEntityTypeConfiguration<Assessment.PublishedAssessment>
{
    public void Configure(EntityTypeBuilder<Assessment.PublishedAssessment> e)
    {
        e.HasIndex(p => new { p.Year, p.OrganisationId, p.PublishedAtUtc });
        e.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        e.Property(p => p.PublishedBy).HasMaxLength(256);
    }
}
