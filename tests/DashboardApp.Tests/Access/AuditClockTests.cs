using DashboardApp.Core.Data;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Access;

/// <summary>The audit log and the reference stamp are written by the save interceptor, timed by the injected clock.</summary>
public class AuditClockTests
{
    [Fact]
    public async Task AChangeIsAuditedAtTheInjectedClocksTimeAndBumpsTheReferenceStamp()
    {
        var at = new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero);
        await using var database = await ServicesDatabase.SmallCityAsync(clock: new FixedClock(at));
        await using var db = await database.Factory.CreateDbContextAsync();
        var stampBefore = (await db.DataStamps.AsNoTracking().SingleAsync(s => s.Key == DataStamp.Reference)).Version;

        db.Actor = "boss";
        (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "一区区委（新）";
        await db.SaveChangesAsync();

        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Subject == "组织" && a.Action == "修改").SingleAsync();
        Assert.Equal((at.UtcDateTime, "boss"), (entry.AtUtc, entry.Actor));
        Assert.Equal(stampBefore + 1, (await db.DataStamps.AsNoTracking().SingleAsync(s => s.Key == DataStamp.Reference)).Version);
    }

    [Fact]
    public async Task ASynchronousSaveOfAuditedDataIsRefused()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        db.Actor = "boss";
        (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "改名";
        Assert.Throws<NotSupportedException>(() => db.SaveChanges());
    }
}
