using DashboardApp.Core.Access;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DashboardApp.Core.Data;

/// <summary>
/// What every save of a <see cref="DashboardDbContext"/> does besides the change itself, in the same transaction: bump the
/// reference <see cref="DataStamp"/> when organisations, indicators or 校验规则 change (so every cache and instance reloads them), and
/// write the audit log (<see cref="AuditTrail"/>) under the context's <see cref="DashboardDbContext.Actor"/>, timed by
/// the injected clock.
/// </summary>
public sealed class AuditAndStampInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DashboardDbContext db) await BeforeSaveAsync(db, cancellationToken);
        return result;
    }

    /// <summary>
    /// Only ASP.NET Core's data-protection key store saves synchronously; every other save goes through
    /// <see cref="SavingChangesAsync"/>, which keeps the stamp and the audit log.
    /// </summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            db.ChangeTracker.DetectChanges();
            if (db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                                                    && e.Entity is not Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey))
                throw new NotSupportedException("Use SaveChangesAsync: it keeps the reference data stamp and the audit log.");
        }
        return result;
    }

    private async Task BeforeSaveAsync(DashboardDbContext db, CancellationToken ct)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        var referenceChanged = db.ChangeTracker.Entries()
            .Any(e => e.Entity is Organisation or Indicator or DerivedIndicator or Rules.ValidationRule
                && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (referenceChanged)
        {
            var stamp = await db.DataStamps.FirstOrDefaultAsync(s => s.Key == DataStamp.Reference, ct);
            if (stamp is null) db.DataStamps.Add(new DataStamp { Key = DataStamp.Reference, Version = 1 });
            else stamp.Version++;
        }
        db.AuditEntries.AddRange(await AuditTrail.CaptureAsync(db, db.Actor, clock.GetUtcNow().UtcDateTime, ct));
    }
}
