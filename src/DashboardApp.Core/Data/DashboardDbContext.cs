using DashboardApp.Core.Access;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DashboardApp.Core.Data;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmittedValue> SubmittedValues => Set<SubmittedValue>();
    public DbSet<CurrentValue> CurrentValues => Set<CurrentValue>();
    public DbSet<PeriodLock> PeriodLocks => Set<PeriodLock>();
    public DbSet<RollupValue> RollupValues => Set<RollupValue>();
    public DbSet<RollupRun> RollupRuns => Set<RollupRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Values are stored as scaled integers so that every provider compares and sums them exactly
        // (SQLite would otherwise keep decimals as text).
        configuration.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
        configuration.Properties<Period>().HaveConversion<PeriodConverter>().HaveMaxLength(7);
    }
}

/// <summary>decimal ↔ integer ten-thousandths: exact for the 4 decimal places any indicator may use.</summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    v => (long)decimal.Round(v * Scale, 0, MidpointRounding.AwayFromZero),
    v => v / (decimal)Scale)
{
    public const long Scale = 10_000;
}

public sealed class PeriodConverter() : ValueConverter<Period, string>(p => p.ToString(), s => Period.Parse(s));
