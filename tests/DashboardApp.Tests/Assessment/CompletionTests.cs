using System.Text.Json;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Assessment;

/// <summary>
/// 完成率 at query time, on 7 December 2026 (November being collected): U1 has a plan of 4 and U2 of 6 发展党员 for 2026; each reported
/// 1 a month January—October, and U1 also 3 for November.
/// </summary>
public class CompletionTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private async Task<ServicesDatabase> PlannedAsync()
    {
        var database = await ServicesDatabase.SmallCityAsync(Provider, new FixedClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero)));
        await database.Get<Targets>().SetAsync(Actor.System("test"), "D1-S1-U1", "NEW_MEMBERS", 2026, 0, 4);
        await database.Get<Targets>().SetAsync(Actor.System("test"), "D1-S1-U2", "NEW_MEMBERS", 2026, 0, 6);
        for (var m = 1; m <= 10; m++)
            foreach (var unit in new[] { "D1-S1-U1", "D1-S1-U2" })
                await database.ImportAsync(unit, Period.Month(2026, m), new() { ["NEW_MEMBERS"] = 1, ["MEMBERS_TOTAL"] = 30 });
        await database.ImportAsync("D1-S1-U1", Period.Month(2026, 11), new() { ["NEW_MEMBERS"] = 3, ["MEMBERS_TOTAL"] = 30 });
        await database.Rollups().RunFullAsync();
        return database;
    }

    [Fact]
    public async Task AYearNotOverIsJudgedOnItsFinalMonthsAgainstTheYearsTargetWithTimeProgressBesideIt()
    {
        await using var database = await PlannedAsync();
        var catalogue = await database.CatalogueAsync();
        var street = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1")!, Period.OfYear(2026), catalogue.ByCode("NEW_MEMBERS")!,
            database.Tree, withChildren: true);
        // 1—10月: 20 of the street's 10 (its children's sum, it has none of its own); U1 10 of 4, U2 10 of 6.
        Assert.Equal((20m, 10m, 2m), (street.Value, street.Target, street.Completion));
        Assert.Equal(10m / 12, street.TimeProgress);
        Assert.False(street.Behind);
        Assert.Equal([4m, 6m], street.Children!.Select(c => c.Target!.Value));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(street, DashboardApp.Hosting.JsonDefaults.Options)).RootElement;
        Assert.Equal((10m, 2m), (json.GetProperty("target").GetDecimal(), json.GetProperty("completion").GetDecimal()));
        Assert.True(json.TryGetProperty("timeProgress", out _));

        // Counting November when asked: U1's 3 more.
        var counted = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1-U1")!, Period.OfYear(2026), catalogue.ByCode("NEW_MEMBERS")!,
            database.Tree, includeProvisional: true);
        Assert.Equal((13m, 4m), (counted.Value, counted.Target));
    }

    [Fact]
    public async Task TheAnnualSummarySaysHowMuchOfThePlanIsDoneAndTheRankingGoesByCompletionWhenAsked()
    {
        await using var database = await PlannedAsync();
        var catalogue = await database.CatalogueAsync();
        var summary = await database.Get<Core.Figures.AnnualSummaryQueries>().GetAsync(database.Tree.ByCode("D1-S1-U2")!, 2026, catalogue, database.Tree);
        Assert.Contains("发展党员10人，完成年度发展党员计划的166.7%（时间进度83.3%）", summary.Text);
        var street = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1")!, Period.OfYear(2026), catalogue.ByCode("NEW_MEMBERS")!,
            database.Tree, withChildren: true);
        // Both did 10: by value they tie; by completion U1 (10 of 4, 250 %) is ahead of U2 (10 of 6, 166.7 %).
        Assert.Equal([1, 1], Core.Figures.Ranking.Of(street, database.Tree).Select(r => r.Rank!.Value));
        Assert.Equal(["D1-S1-U1", "D1-S1-U2"], Core.Figures.Ranking.Of(street, database.Tree, byCompletion: true).Select(r => r.Org));
        Assert.Equal([1, 2], Core.Figures.Ranking.Of(street, database.Tree, byCompletion: true).Select(r => r.Rank!.Value));
    }

    [Fact]
    public async Task AQuarterIsJudgedAgainstItsQuarterTargetAndAYearKeepsItsOwn()
    {
        await using var database = await PlannedAsync();
        await database.Get<Targets>().SetAsync(Actor.System("test"), "D1-S1-U1", "NEW_MEMBERS", 2026, 1, 2);
        var catalogue = await database.CatalogueAsync();
        var members = catalogue.ByCode("NEW_MEMBERS")!;
        var q1 = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1-U1")!, Period.Quarter(2026, 1), members, database.Tree);
        Assert.Equal((3m, 2m, 1.5m, (decimal?)null), (q1.Value, q1.Target, q1.Completion, q1.TimeProgress));
        var streetQ1 = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1")!, Period.Quarter(2026, 1), members, database.Tree);
        Assert.Equal(2m, streetQ1.Target);
        // Q4 on 7 December: October is final, November is being collected: one month of three.
        var q4 = await database.Figures.GetAsync(database.Tree.ByCode("D1-S1-U1")!, Period.Quarter(2026, 4), members, database.Tree);
        Assert.Null(q4.Target);
        Assert.Equal(4m, (await database.Figures.GetAsync(database.Tree.ByCode("D1-S1-U1")!, Period.OfYear(2026), members, database.Tree)).Target);
    }

    [Fact]
    public async Task AMonthAStockAndAYearWithoutPlansCarryNoTarget()
    {
        await using var database = await PlannedAsync();
        var catalogue = await database.CatalogueAsync();
        var u1 = database.Tree.ByCode("D1-S1-U1")!;
        Assert.Null((await database.Figures.GetAsync(u1, Period.Month(2026, 10), catalogue.ByCode("NEW_MEMBERS")!, database.Tree)).Target);
        Assert.Null((await database.Figures.GetAsync(u1, Period.OfYear(2026), catalogue.ByCode("MEMBERS_TOTAL")!, database.Tree)).Target);
        var d2 = await database.Figures.GetAsync(database.Tree.ByCode("D2")!, Period.OfYear(2026), catalogue.ByCode("NEW_MEMBERS")!, database.Tree);
        Assert.Null(d2.Target);
        Assert.DoesNotContain("completion", JsonSerializer.Serialize(d2, DashboardApp.Hosting.JsonDefaults.Options));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class CompletionTestsOnPostgreSql : CompletionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
