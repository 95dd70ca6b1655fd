using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Figures;

/// <summary>同比 for a period not yet over compares the same months of last year, on a clock stopped on 15 July 2026.</summary>
public partial class LikeForLikeTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private async Task<ServicesDatabase> HistoryAsync()
    {
        var database = await ServicesDatabase.SmallCityAsync(Provider, new FixedClock(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero)));
        // 2025: month m has m sessions and m+100 members; 2026 January–June: 10 sessions, m+200 members.
        for (var m = 1; m <= 12; m++)
            await database.ImportAsync("D1-S1-U1", Period.Month(2025, m), new() { ["STUDY_SESSIONS"] = m, ["MEMBERS_TOTAL"] = 100 + m });
        for (var m = 1; m <= 6; m++)
            await database.ImportAsync("D1-S1-U1", Period.Month(2026, m), new() { ["STUDY_SESSIONS"] = 10, ["MEMBERS_TOTAL"] = 200 + m });
        await database.Rollups().RunFullAsync();
        return database;
    }

    [Fact]
    public async Task AYearNotOverIsComparedWithTheSameMonthsOfLastYearForUnitsAndTheLevelsAbove()
    {
        await using var database = await HistoryAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        foreach (var code in new[] { "D1-S1-U1", "D1-S1", "C" })
        {
            var org = database.Tree.ByCode(code)!;
            var sessions = await database.Figures.GetAsync(org, Period.OfYear(2026), catalogue.ByCode("STUDY_SESSIONS")!, database.Tree);
            Assert.Equal((60m, 21m, true, 1), (sessions.Value, sessions.LastYear, sessions.Partial, sessions.Reported));
            Assert.Equal(["2026-01", "2026-06"], sessions.Months);
            Assert.Equal("2026年1—6月", sessions.PeriodLabel);
            // LAST: the latest month with a figure (June, the first month of the open quarter has none) against June, not December.
            var members = await database.Figures.GetAsync(org, Period.OfYear(2026), catalogue.ByCode("MEMBERS_TOTAL")!, database.Tree);
            Assert.Equal((206m, 106m), (members.Value, members.LastYear));
            var openQuarter = await database.Figures.GetAsync(org, Period.Quarter(2026, 3), catalogue.ByCode("MEMBERS_TOTAL")!, database.Tree);
            Assert.Equal(((decimal?)null, 107m, "2026年7月"), (openQuarter.Value, openQuarter.LastYear, openQuarter.PeriodLabel));
            // A year and a quarter that are over: their whole stored figures.
            var whole = await database.Figures.GetAsync(org, Period.OfYear(2025), catalogue.ByCode("STUDY_SESSIONS")!, database.Tree);
            Assert.Equal((78m, false, "2025年"), (whole.Value, whole.Partial, whole.PeriodLabel));
            var quarter = await database.Figures.GetAsync(org, Period.Quarter(2026, 2), catalogue.ByCode("STUDY_SESSIONS")!, database.Tree);
            Assert.Equal((30m, 15m, false), (quarter.Value, quarter.LastYear, quarter.Partial));
        }
    }
}

public partial class LikeForLikeTests
{
    [Fact]
    public async Task AStockOverPartOfAYearIsEachUnitsLatestValueSoAMonthPartlyReportedDoesNotHalveIt()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider,
            new FixedClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)));
        foreach (var year in new[] { 2025, 2026 })
            for (var m = 9; m <= 10; m++)
                foreach (var (unit, members) in new[] { ("D1-S1-U1", 100), ("D1-S1-U2", 50) })
                    await database.ImportAsync(unit, Period.Month(year, m), new() { ["MEMBERS_TOTAL"] = members + year - 2025 });
        // November 2026 is being collected: only U1 has sent it so far (November 2025: both).
        await database.ImportAsync("D1-S1-U1", Period.Month(2026, 11), new() { ["MEMBERS_TOTAL"] = 103 });
        foreach (var (unit, members) in new[] { ("D1-S1-U1", 100), ("D1-S1-U2", 50) })
            await database.ImportAsync(unit, Period.Month(2025, 11), new() { ["MEMBERS_TOTAL"] = members });
        await database.Rollups().RunFullAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var stock = (await db.LoadCatalogueAsync()).ByCode("MEMBERS_TOTAL")!;

        // By default the year covers the final months only: each unit's October against its October of 2025.
        var final = await database.Figures.GetAsync(database.Tree.ByCode("D1")!, Period.OfYear(2026), stock, database.Tree, withChildren: true,
            comparable: true);
        Assert.Equal((152m, 150m, false), (final.Value, final.LastYear, final.Provisional));
        Assert.Equal(["2026-01", "2026-10"], final.Months);
        Assert.Equal((2, 152m, 150m), (final.Comparable!.Units, final.Comparable.Value, final.Comparable.LastYear));

        // November counted when asked: U1's November (103) and U2's October (51), against U1's November 2025 and U2's latest of the months
        // counted for it (October 2025) — U2 has not reported November, so its November 2025 is not set against anything.
        var year2026 = await database.Figures.GetAsync(database.Tree.ByCode("D1")!, Period.OfYear(2026), stock, database.Tree, withChildren: true,
            comparable: true, includeProvisional: true);
        Assert.Equal((154m, 150m, 2, true), (year2026.Value, year2026.LastYear, year2026.Reported, year2026.Provisional));
        Assert.Equal(["2026-01", "2026-11"], year2026.Months);
        Assert.Equal((2, 154m, 150m), (year2026.Comparable!.Units, year2026.Comparable.Value, year2026.Comparable.LastYear));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class LikeForLikeTestsOnPostgreSql : LikeForLikeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
