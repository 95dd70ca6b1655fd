using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using static DashboardApp.Tests.Cycle.CycleFixture;

namespace DashboardApp.Tests.Cycle;

/// <summary>复核/退回 of a unit's month: the state on 报送情况, the reporter told, the audit log, and a new upload clearing 退回待改.</summary>
public class MonthReviewsTests
{
    private static readonly Actor District = Actor.System("district");

    /// <summary>The engine these tests run on; <see cref="MonthReviewsTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task ASentBackMonthIsToBeCorrectedUntilTheUnitUploadsItAgain()
    {
        var clock = December6();
        await using var database = await CreateAsync(Provider, clock, smtpPort: null);
        var reviews = database.Get<MonthReviews>();
        var unit = database.Tree.ByCode("D1-S1-U1")!;
        var ids = database.Tree.ReportingUnitsUnder(database.Tree.ByCode("C")!.Id).Select(u => u.Id).ToHashSet();

        var before = await StatesAsync(database, November, ids);
        clock.Now = clock.Now.AddMinutes(5);
        var studyHours = new[] { (await CatalogueAsync(database)).ByCode("STUDY_SESSIONS")! };
        await reviews.DecideAsync(District, unit, November, MonthDecision.SentBack, "学习次数与台账不符", studyHours);
        var sentBack = await StatesAsync(database, November, ids);
        var open = await reviews.OpenReturnsAsync([unit]);
        clock.Now = clock.Now.AddMinutes(5);
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 3 });
        var resubmitted = await StatesAsync(database, November, ids);

        Assert.Equal(MonthReviewState.Pending, Assert.Single(before).Value);
        Assert.Equal(MonthReviewState.SentBack, sentBack[unit.Id]);
        Assert.Equal("退回待改", sentBack[unit.Id].ChineseName());
        Assert.Equal(("学习次数与台账不符", "STUDY_SESSIONS"), (Assert.Single(open).Reason, open[0].Indicators));
        Assert.Equal(MonthReviewState.Pending, resubmitted[unit.Id]);
        Assert.Empty(await reviews.OpenReturnsAsync([unit]));
        var message = Assert.Single(await InboxAsync(database, "D1-S1-U1"));
        Assert.Contains("学习次数与台账不符", message.Body);
        // 前往处理 opens the form of that unit's month, where the change is made.
        Assert.Equal("/entry?org=D1-S1-U1&period=2026-11", message.Link);
        var audit = Assert.Single(await database.AuditAsync(), a => a.Subject == "月度复核");
        Assert.Equal(("district", "退回", "D1-S1-U1（组织D1-S1-U1） 2026-11"), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("原因：学习次数与台账不符", AuditText.Describe(audit.After));
    }

    [Fact]
    public async Task AVerifiedMonthStaysVerifiedUntilANewSubmission()
    {
        var clock = December6();
        await using var database = await CreateAsync(Provider, clock, smtpPort: null);
        var reviews = database.Get<MonthReviews>();
        var unit = database.Tree.ByCode("D1-S1-U1")!;
        clock.Now = clock.Now.AddMinutes(1);

        await reviews.DecideAsync(District, unit, November, MonthDecision.Verified, "");

        Assert.Equal(MonthReviewState.Verified, (await StatesAsync(database, November, new HashSet<int> { unit.Id }))[unit.Id]);
        Assert.Contains("已核实", Assert.Single(await InboxAsync(database, "D1-S1-U1")).Title);
    }

    [Fact]
    public async Task OnlyAReviewerWhoseScopeHoldsTheUnitMayDecideWhateverTheCallerChecked()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 3 });
        var reviews = database.Get<MonthReviews>();
        var unit = database.Tree.ByCode("D1-S1-U1")!;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            reviews.DecideAsync(new Actor("reporter", Roles.Reporter, "D1-S1-U1"), unit, November, MonthDecision.Verified, ""));
        var elsewhere = await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            reviews.DecideAsync(new Actor("other", Roles.DistrictAdmin, "D2"), unit, November, MonthDecision.Verified, ""));
        Assert.Equal("组织代码“D1-S1-U1”不存在或不在您的管理范围内。", elsewhere.Message);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.MonthReviews.CountAsync());
    }

    [Fact]
    public async Task NothingToReviewForAMonthNotReportedAndNoSendingBackWithoutAReason()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);
        var reviews = database.Get<MonthReviews>();

        var missing = await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            reviews.DecideAsync(District, database.Tree.ByCode("D2-U3")!, November, MonthDecision.SentBack, "请补报"));
        var noReason = await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            reviews.DecideAsync(District, database.Tree.ByCode("D1-S1-U1")!, November, MonthDecision.SentBack, "  "));

        Assert.Contains("尚未报送2026年11月数据", missing.Message);
        Assert.Contains("请填写退回原因", noReason.Message);
        Assert.DoesNotContain(await database.AuditAsync(), a => a.Subject == "月度复核");
    }

    /// <summary>The review state of each unit of <paramref name="unitIds"/> that reported the month, as 报送情况 reads it.</summary>
    private static async Task<Dictionary<int, MonthReviewState>> StatesAsync(Support.ServicesDatabase database, Core.Periods.Period month,
        HashSet<int> unitIds)
    {
        var status = await database.Get<Core.Cycle.ReportingStatusQueries>().GetAsync(database.Tree.ByCode("C")!, month, database.Tree);
        return status.Units.Where(u => u.Review is not null && unitIds.Contains(database.Tree.ByCode(u.Code)!.Id))
            .ToDictionary(u => database.Tree.ByCode(u.Code)!.Id, u => u.Review!.Value);
    }

    private static async Task<Core.Indicators.IndicatorCatalogue> CatalogueAsync(Support.ServicesDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.LoadCatalogueAsync();
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class MonthReviewsTestsOnPostgreSql : MonthReviewsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
