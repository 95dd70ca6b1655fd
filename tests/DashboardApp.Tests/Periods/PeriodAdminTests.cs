using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Periods;

/// <summary>
/// Months locked and deadlines set without code, each change audited.
/// Tree: C → D1 → D1-S1 → U1, U2; C → D2 → D2-U3.
/// </summary>
public class PeriodAdminTests
{
    /// <summary>The engine these tests run on; <see cref="PeriodAdminTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly Period March = Period.Month(2025, 3);

    [Fact]
    public async Task ALockedMonthRefusesUploadsUntilUnlockedAndBothAreAudited()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var periods = new PeriodAdmin(database.Factory, TimeProvider.System);
        var file = TestWorkbooks.FilledTemplate(database.Tree.ByCode("D1-S1-U1")!, March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 });

        await periods.SetLockedAsync("boss", March, locked: true);
        var refused = await database.Importer.ImportAsync(file, "a.xlsx", Actor.System("clerk"));
        await periods.SetLockedAsync("boss", March, locked: false);
        var accepted = await database.Importer.ImportAsync(file, "a.xlsx", Actor.System("clerk"));

        Assert.Equal("LOCKED_PERIOD", Assert.Single(refused.Errors).Code);
        Assert.Contains("2025年3月", refused.Errors[0].Message);
        Assert.Equal(ImportStatus.Accepted, accepted.Status);
        var trail = await database.AuditAsync();
        // The refused attempt is recorded too, with what the checks said (the write boundary records every attempt).
        Assert.Equal(["boss 统计期 锁定 2025-03", "clerk 报送 上传（未通过） a.xlsx", "boss 统计期 解锁 2025-03", "clerk 报送 上传 a.xlsx"],
            trail.Where(a => a.Actor is "boss" or "clerk").Select(a => $"{a.Actor} {a.Subject} {a.Action} {a.Target}"));
        Assert.Contains("结果：未通过；错误数：1；第一个问题：", AuditText.Describe(trail.Single(a => a.Action == "上传（未通过）").After));
        Assert.Contains("单位：D1-S1-U1", AuditText.Describe(trail[^1].After));
    }

    [Fact]
    public async Task AMonthsOwnDeadlineDecidesWhoIsLate()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var periods = new PeriodAdmin(database.Factory, TimeProvider.System);
        var reporting = database.Get<ReportingStatusQueries>();
        var district = database.Tree.ByCode("D1")!;

        Assert.Equal(new DateOnly(2025, 4, 10), (await reporting.GetAsync(district, March, database.Tree)).Deadline);
        await periods.SetDeadlineAsync("boss", March, new DateOnly(2025, 4, 20));
        Assert.Equal(new DateOnly(2025, 4, 20), (await reporting.GetAsync(district, March, database.Tree)).Deadline);
        await Assert.ThrowsAsync<Core.InputRefusedException>(() => periods.SetDeadlineAsync("boss", March, new DateOnly(2025, 3, 15)));
        await periods.SetDeadlineAsync("boss", March, null);
        Assert.Equal(new DateOnly(2025, 4, 10), (await reporting.GetAsync(district, March, database.Tree)).Deadline);
        Assert.Equal(["新增", "删除"], (await database.AuditAsync()).Where(a => a.Subject == "报送截止日期").Select(a => a.Action));
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class PeriodAdminTestsOnPostgreSql : PeriodAdminTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
