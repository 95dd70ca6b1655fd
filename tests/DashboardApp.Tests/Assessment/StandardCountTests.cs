using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Assessment;

/// <summary>
/// A standard judged in the database (<see cref="Standards.CountAsync"/>, what 目标考核 and the API read) counts as the rule itself does
/// (<see cref="Standards.Evaluate"/> over the values read into memory): a SUM and a LAST indicator, per month, quarter and year, a unit
/// that closed during the span, months not reported and values below the line.
/// </summary>
public class StandardCountTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task TheDatabaseCountsAsTheRuleJudges()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, clock);
        // U1 every month; U2 every other month; U3 the first four months, then closed at the end of May.
        for (var m = 1; m <= 9; m++)
        {
            var month = Period.Month(2026, m);
            await database.ImportAsync("D1-S1-U1", month, new() { ["STUDY_SESSIONS"] = m % 3, ["MEMBERS_TOTAL"] = 28 + m });
            if (m % 2 == 0) await database.ImportAsync("D1-S1-U2", month, new() { ["STUDY_SESSIONS"] = 2, ["MEMBERS_TOTAL"] = 30 });
            if (m <= 4) await database.ImportAsync("D2-U3", month, new() { ["STUDY_SESSIONS"] = 1 + m % 2, ["MEMBERS_TOTAL"] = 25 + m });
        }
        Core.Organisations.OrganisationTree tree;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Actor = "test";
            (await db.Organisations.SingleAsync(o => o.Code == "D2-U3")).ClosedOn = new DateOnly(2026, 5, 31);
            await db.SaveChangesAsync();
            tree = await db.LoadTreeAsync();
        }
        await database.Rollups().RunFullAsync();
        var catalogue = await database.CatalogueAsync();
        var standards = database.Get<Standards>();
        var city = tree.ByCode("C")!;
        var groups = new[] { city, tree.ByCode("D1")!, tree.ByCode("D2")!, tree.ByCode("D1-S1-U2")! };

        var compared = 0;
        foreach (var (indicator, min) in new[] { ("STUDY_SESSIONS", 1m), ("STUDY_SESSIONS", 4m), ("MEMBERS_TOTAL", 30m) })
            foreach (var per in new[] { StandardPer.Month, StandardPer.Quarter, StandardPer.Year })
            {
                Assert.Null(await standards.SetAsync(Actor.System("test"), indicator, min, per));
                foreach (var period in new[] { Period.OfYear(2026), Period.Quarter(2026, 2), Period.Month(2026, 6) })
                {
                    var measure = catalogue.ByCode(indicator)!;
                    var judged = await standards.EvaluateAsync(city, groups, period, measure, tree);
                    var counted = await standards.CountAsync(city, groups, period, measure, tree);
                    foreach (var g in groups)
                    {
                        var (a, b) = (judged![g.Id], counted![g.Id]);
                        Assert.True((a.Met, a.NotMet, a.NotReported) == (b.Met, b.NotMet, b.NotReported),
                            $"{indicator} ≥ {min} {per} over {period} for {g.Code}: rule {(a.Met, a.NotMet, a.NotReported)}, database {(b.Met, b.NotMet, b.NotReported)}");
                        Assert.Equal(a.Periods, b.Periods);
                        compared += a.Met + a.NotMet + a.NotReported;
                    }
                }
            }
        // Not all empty: the comparison judged units in every state.
        Assert.True(compared > 50, $"judged {compared}");
        var year = (await standards.CountAsync(city, [city], Period.OfYear(2026), catalogue.ByCode("STUDY_SESSIONS")!, tree))![city.Id];
        Assert.Equal(StandardPer.Year, year.PerValue);
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class StandardCountTestsOnPostgreSql : StandardCountTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
