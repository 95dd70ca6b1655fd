using DashboardApp.Core.Data;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Access;

/// <summary>
/// Every change to audited data is written with its audit record in one transaction: without an actor, or without the record, nothing is saved.
/// Tree: C → D1 → D1-S1 → U1, U2; C → D2 → D2-U3.
/// </summary>
public class AuditTrailTests
{
    /// <summary>The engine these tests run on; <see cref="AuditTrailTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// What is not an <see cref="Core.Access.IAudited"/> entity, and why: recorded another way, or not a change anyone makes. A new entity
    /// must describe itself to the audit log or be named here.
    /// </summary>
    private static readonly Dictionary<string, string> NotDescribed = new()
    {
        ["StoredFile"] = "报送: one row per submission, written by SubmissionService", ["Submission"] = "the same", ["SubmittedValue"] = "the same",
        ["CurrentValue"] = "the same", ["ReviewNote"] = "the same (warnings kept with the upload)", ["RollupQueueItem"] = "the same",
        ["RollupValue"] = "derived by the rollup", ["RollupRun"] = "the rollup's own log (汇总任务)", ["DataStamp"] = "a cache version",
        ["AuditEntry"] = "the log itself", ["Notice"] = "a notice and its deliveries are their own record (消息, 催报记录)",
        ["NoticeDelivery"] = "the same", ["InboxMessage"] = "the same", ["DataProtectionKey"] = "the framework's key ring",
        ["IdentityRole"] = "roles are fixed", ["IdentityUserRole`1"] = "described by AuditTrail (Identity's type)",
        ["IdentityUserClaim`1"] = "unused", ["IdentityUserLogin`1"] = "unused", ["IdentityUserToken`1"] = "unused", ["IdentityRoleClaim`1"] = "unused",
    };

    [Fact]
    public async Task EveryEntityDescribesItselfToTheAuditLogOrIsNamedAsRecordedAnotherWay()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await using var db = await database.Factory.CreateDbContextAsync();
        var undescribed = db.Model.GetEntityTypes().Select(t => t.ClrType)
            .Where(t => !typeof(Core.Access.IAudited).IsAssignableFrom(t) && !NotDescribed.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        Assert.Empty(undescribed);
    }

    [Fact]
    public async Task AChangeNoOneIsNamedForIsRefusedAndNothingIsSaved()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "无人署名的修改";
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("未指明操作人", e.Message);
        }
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal("组织D1", (await check.Organisations.SingleAsync(o => o.Code == "D1")).Name);
    }

    [Fact]
    public async Task WhenTheAuditRecordCannotBeWrittenTheChangeIsNotMadeEither()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var failing = new FaultInjector((command, _) =>
            command.CommandText.Contains("INSERT INTO \"AuditEntries\"") ? new InvalidOperationException("disk full") : null);
        var options = ((DbContextOptionsBuilder<DashboardDbContext>)DashboardDatabase.Configure(new DbContextOptionsBuilder<DashboardDbContext>(),
            database.Settings))
            .AddInterceptors(failing).Options;
        await using (var db = new DashboardDbContext(options) { Actor = "boss" })
        {
            (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "改名";
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        }
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal("组织D1", (await check.Organisations.SingleAsync(o => o.Code == "D1")).Name);
        Assert.Empty(await check.AuditEntries.Where(a => a.Subject == "组织" && a.Action == "修改").ToListAsync());
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class AuditTrailTestsOnPostgreSql : AuditTrailTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
