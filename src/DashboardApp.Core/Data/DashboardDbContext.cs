using DashboardApp.Core.Access;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DashboardApp.Core.Data;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection keys, shared by every instance (sign-in cookies work on all of them).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<DerivedIndicator> DerivedIndicators => Set<DerivedIndicator>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmittedValue> SubmittedValues => Set<SubmittedValue>();
    public DbSet<CurrentValue> CurrentValues => Set<CurrentValue>();
    public DbSet<PeriodLock> PeriodLocks => Set<PeriodLock>();
    public DbSet<RollupValue> RollupValues => Set<RollupValue>();
    public DbSet<RollupRun> RollupRuns => Set<RollupRun>();
    public DbSet<DataStamp> DataStamps => Set<DataStamp>();
    public DbSet<RollupQueueItem> RollupQueue => Set<RollupQueueItem>();
    public DbSet<ReviewNote> ReviewNotes => Set<ReviewNote>();
    public DbSet<ReviewMark> ReviewMarks => Set<ReviewMark>();
    public DbSet<PeriodDeadline> PeriodDeadlines => Set<PeriodDeadline>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Cycle.MonthReview> MonthReviews => Set<Cycle.MonthReview>();
    public DbSet<Cycle.Notice> Notices => Set<Cycle.Notice>();
    public DbSet<Cycle.NoticeDelivery> NoticeDeliveries => Set<Cycle.NoticeDelivery>();
    public DbSet<Cycle.InboxMessage> InboxMessages => Set<Cycle.InboxMessage>();
    public DbSet<Cycle.BulletinRecipient> BulletinRecipients => Set<Cycle.BulletinRecipient>();
    public DbSet<Rules.ValidationRule> ValidationRules => Set<Rules.ValidationRule>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<Assessment.Target> Targets => Set<Assessment.Target>();
    public DbSet<Assessment.Standard> Standards => Set<Assessment.Standard>();
    public DbSet<Assessment.StoredScheme> Schemes => Set<Assessment.StoredScheme>();
    public DbSet<Assessment.ManualScore> ManualScores => Set<Assessment.ManualScore>();
    public DbSet<Assessment.PublishedAssessment> PublishedAssessments => Set<Assessment.PublishedAssessment>();

    /// <summary>
    /// 操作人 of the changes this context saves: every change to organisations, indicators, periods or
    /// users is written to the audit log under this name in the same save (<see cref="AuditAndStampInterceptor"/>).
    /// Cleared when the context is disposed (pooled contexts are reused).
    /// </summary>
    public string? Actor { get; set; }

    public override void Dispose()
    {
        Actor = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Actor = null;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
        builder.Entity<DataStamp>().HasKey(s => s.Key);
        builder.Entity<DataStamp>().Property(s => s.Key).HasMaxLength(32);
        // Concurrent writers of the tree both bump the stamp; the second one's update must not be lost.
        builder.Entity<DataStamp>().Property(s => s.Version).IsConcurrencyToken();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Values are stored as scaled integers so that every provider compares and sums them exactly
        // (SQLite would otherwise keep decimals as text).
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
        configurationBuilder.Properties<Period>().HaveConversion<PeriodConverter>().HaveMaxLength(7);
    }
}

/// <summary>decimal ↔ integer ten-thousandths: exact for the 4 decimal places any indicator may use.</summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(v => ToStored(v), v => v / (decimal)Scale)
{
    public const long Scale = 10_000;

    /// <summary>A value as the database holds it.</summary>
    public static long ToStored(decimal value) => (long)decimal.Round(value * Scale, 0, MidpointRounding.AwayFromZero);
}

public sealed class PeriodConverter() : ValueConverter<Period, string>(p => p.ToString(), s => Period.Parse(s));
