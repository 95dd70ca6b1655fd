using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Organisations;

/// <summary>
/// Organisations maintained without code: a move is audited with before and after, and the tree stays a tree of reporting units.
/// Tree: C → D1 → D1-S1 → U1, U2; C → D2 → D2-U3.
/// </summary>
public class OrganisationAdminTests
{
    /// <summary>The engine these tests run on; <see cref="OrganisationAdminTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly Period March = Period.Month(2025, 3);

    private static OrganisationRow Row(string code, string name, string? parent, DateOnly? closed = null)
        => new(code, name, parent, "党支部", null, closed, 0);

    [Fact]
    public async Task AContactChangedOnTheFormIsAuditedAndNeedsNoRebuild()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var admin = new OrganisationAdmin(database.Factory);
        var row = Row("D2-U3", "组织D2-U3", "D2") with { Contact = new("李四", "13800000000", "li@example.gov.cn"), Given = ContactFields.All };

        var rebuild = await admin.SaveAsync("boss", row, isNew: false);
        var refused = await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            admin.SaveAsync("boss", row with { Contact = new(null, null, "li@example") }, isNew: false));

        Assert.False(rebuild);
        Assert.Contains("电子邮箱“li@example”格式不正确", refused.Message);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal("li@example.gov.cn", (await db.Organisations.SingleAsync(o => o.Code == "D2-U3")).Email);
        var audit = Assert.Single(await database.AuditAsync(), a => a.Actor == "boss");
        Assert.Contains("电子邮箱：li@example.gov.cn", AuditText.Describe(audit.After));
    }

    [Fact]
    public async Task AMovedOrganisationIsAuditedWithItsParentAndNameBeforeAndAfter()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var admin = new OrganisationAdmin(database.Factory);

        var rebuild = await admin.SaveAsync("boss", Row("D2-U3", "二区新名称党支部", "D1-S1"), isNew: false);

        Assert.True(rebuild);
        var entry = (await database.AuditAsync()).Last();
        Assert.Equal(("boss", "组织", "修改"), (entry.Actor, entry.Subject, entry.Action));
        Assert.Equal("名称：组织D2-U3；上级组织：D2；类型：（空）", AuditText.Describe(entry.Before));
        Assert.Contains("上级组织：D1-S1", AuditText.Describe(entry.After));
        Assert.DoesNotContain("Level", entry.After);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(3, (await db.Organisations.SingleAsync(o => o.Code == "D2-U3")).Level);
    }

    [Fact]
    public async Task AUnitThatHasReportedCannotBecomeAParentAndACycleIsRefused()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 2 });
        var admin = new OrganisationAdmin(database.Factory);

        var child = await Assert.ThrowsAsync<Core.InputRefusedException>(()
            => admin.SaveAsync("boss", Row("D1-S1-U1-X", "新支部", "D1-S1-U1"), isNew: true));
        Assert.Contains("已有报送数据的基层党组织", child.Message);
        var cycle = await Assert.ThrowsAsync<Core.InputRefusedException>(() => admin.SaveAsync("boss", Row("D1", "组织D1", "D1-S1"), isNew: false));
        Assert.Contains("循环", cycle.Message);
        // A unit without data may get one; closing a unit keeps it and its history.
        await admin.SaveAsync("boss", Row("D1-S1-U2-A", "二支部一小组", "D1-S1-U2"), isNew: true);
        Assert.True(await admin.SaveAsync("boss", Row("D1-S1-U1", "组织D1-S1-U1", "D1-S1", closed: new DateOnly(2025, 6, 30)), isNew: false));
        Assert.Equal(["新增", "修改"], (await database.AuditAsync()).Where(a => a.Subject == "组织" && a.Actor == "boss").Select(a => a.Action));
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class OrganisationAdminTestsOnPostgreSql : OrganisationAdminTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
