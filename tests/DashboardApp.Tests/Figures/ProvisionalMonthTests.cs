using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Figures;

/// <summary>
/// A month being collected (报送中) is never read as final: on 7 December 2026, November (deadline 10 December) is being collected. Street S
/// has units A, B, C; they reported 2, 4 and 10 学习研讨 for November 2025, and so far A and B have reported 5 and 3 for November 2026.
/// </summary>
public partial class ProvisionalMonthTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly Period November = Period.Month(2026, 11);

    private static FixedClock On(int month, int day) => new(new DateTimeOffset(2026, month, day, 9, 0, 0, TimeSpan.Zero));

    private async Task<(ServicesDatabase Database, Indicator Sessions, Indicator Members)> StreetAsync(FixedClock clock)
    {
        var database = await ServicesDatabase.CreateAsync([("S", null), ("A", "S"), ("B", "S"), ("C", "S")], Provider, clock);
        foreach (var (unit, november2025, october) in new[] { ("A", 2, 1), ("B", 4, 1), ("C", 10, 1) })
        {
            await database.ImportAsync(unit, Period.Month(2025, 10), new() { ["STUDY_SESSIONS"] = october, ["MEMBERS_TOTAL"] = 20 });
            await database.ImportAsync(unit, Period.Month(2025, 11), new() { ["STUDY_SESSIONS"] = november2025, ["MEMBERS_TOTAL"] = 20 });
            await database.ImportAsync(unit, Period.Month(2026, 10), new() { ["STUDY_SESSIONS"] = october * 2, ["MEMBERS_TOTAL"] = 30 });
        }
        await database.ImportAsync("A", November, new() { ["STUDY_SESSIONS"] = 5, ["MEMBERS_TOTAL"] = 31 });
        await database.ImportAsync("B", November, new() { ["STUDY_SESSIONS"] = 3, ["MEMBERS_TOTAL"] = 32 });
        await database.Rollups().RunFullAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        return (database, catalogue.ByCode("STUDY_SESSIONS")!, catalogue.ByCode("MEMBERS_TOTAL")!);
    }

    [Fact]
    public async Task TheMonthBeingCollectedIsComparedOnlyOverTheUnitsThatHaveReportedIt()
    {
        var (database, sessions, members) = await StreetAsync(On(12, 7));
        await using var _ = database;
        var street = database.Tree.ByCode("S")!;

        var month = await database.Figures.GetAsync(street, November, sessions, database.Tree, withChildren: true);
        // 8 against A's and B's 6, not against all three's 16: +33.3 %, not −50 %.
        Assert.Equal((8m, 6m, true), (month.Value, month.LastYear, month.Provisional));
        Assert.Equal(0.3333333333m, month.Yoy);
        Assert.Equal((November, 2, 3, true), (month.Collecting![0].Month, month.Collecting[0].Reported, month.Collecting[0].Expected,
            month.Collecting[0].Included));
        // Each child carries its own progress; C, which has not reported, has no value and nothing to compare.
        var c = month.Children!.Single(x => x.Org == "C");
        Assert.Equal(((decimal?)null, (decimal?)null, 0, 1), (c.Value, c.LastYear, c.Collecting![0].Reported, c.Collecting[0].Expected));
        var a = month.Children!.Single(x => x.Org == "A");
        Assert.Equal((5m, 2m), (a.Value, a.LastYear));

        // A stock likewise: A's and B's November against their own November 2025.
        var stock = await database.Figures.GetAsync(street, November, members, database.Tree);
        Assert.Equal((63m, 40m), (stock.Value, stock.LastYear));
    }

    [Fact]
    public async Task ASpanCoversFinalMonthsOnlyUnlessAskedAndSaysWhatItLeftOut()
    {
        var (database, sessions, members) = await StreetAsync(On(12, 7));
        await using var _ = database;
        var street = database.Tree.ByCode("S")!;

        foreach (var period in new[] { Period.OfYear(2026), Period.Quarter(2026, 4) })
        {
            var final = await database.Figures.GetAsync(street, period, sessions, database.Tree);
            Assert.Equal((6m, 3m, false), (final.Value, final.LastYear, final.Provisional));
            Assert.Equal("2026-10", final.Months[1]);
            Assert.Equal("11月报送中（已报 2/3），未计入", final.CollectingNote);
            Assert.False(final.Collecting![0].Included);

            var counted = await database.Figures.GetAsync(street, period, sessions, database.Tree, includeProvisional: true);
            // October (all three) + November (A and B), against October 2025 (all three) + A's and B's November 2025.
            Assert.Equal((14m, 9m, true), (counted.Value, counted.LastYear, counted.Provisional));
            Assert.Equal("2026-11", counted.Months[1]);
            Assert.Equal("含11月报送中数据（已报 2/3）", counted.CollectingNote);
        }
        Assert.Equal("2026年1—10月", (await database.Figures.GetAsync(street, Period.OfYear(2026), sessions, database.Tree)).PeriodLabel);

        // 累计 to November reads as the year does: final months only by default.
        var ytd = await database.Figures.YearToDateAsync(street, November, sessions, database.Tree);
        Assert.Equal((6m, 3m, "2026年1—10月"), (ytd.Value, ytd.LastYear, ytd.PeriodLabel));
        var ytdCounted = await database.Figures.YearToDateAsync(street, November, sessions, database.Tree, includeProvisional: true);
        Assert.Equal((14m, 9m, true), (ytdCounted.Value, ytdCounted.LastYear, ytdCounted.Provisional));

        // A stock over the year counted with November: A and B at November against their November 2025, C at October against October.
        var stock = await database.Figures.GetAsync(street, Period.OfYear(2026), members, database.Tree, includeProvisional: true);
        Assert.Equal((93m, 60m), (stock.Value, stock.LastYear));
    }

    [Fact]
    public async Task AMonthIsFinalOnceItsDeadlineHasPassedOrEveryExpectedUnitHasReported()
    {
        var clock = On(12, 11);
        var (database, sessions, _) = await StreetAsync(clock);
        await using var _ = database;
        var street = database.Tree.ByCode("S")!;

        // After the deadline: November is final, with every unit's November 2025 (C missing it is C's affair, shown by 可比同比).
        var late = await database.Figures.GetAsync(street, November, sessions, database.Tree, comparable: true);
        Assert.Equal((8m, 16m, false, null), (late.Value, late.LastYear, late.Provisional, late.Collecting));
        Assert.Equal((2, 8m, 6m), (late.Comparable!.Units, late.Comparable.Value, late.Comparable.LastYear));
        Assert.Equal("2026-11", (await database.Figures.GetAsync(street, Period.OfYear(2026), sessions, database.Tree)).Months[1]);

        // Before the deadline, once C reports too, nothing is left to collect.
        clock.Now = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        await database.ImportAsync("C", November, new() { ["STUDY_SESSIONS"] = 12, ["MEMBERS_TOTAL"] = 33 });
        await database.Rollups().RunFullAsync();
        var complete = await database.Figures.GetAsync(street, Period.OfYear(2026), sessions, database.Tree);
        Assert.Equal((26m, 19m, false, null), (complete.Value, complete.LastYear, complete.Provisional, complete.Collecting));
        Assert.Equal("2026-11", complete.Months[1]);
    }

    [Fact]
    public async Task ComparableUnitMonthsMatchMonthByMonthNotUnitsOverTheSpan()
    {
        var (database, sessions, _) = await StreetAsync(On(12, 11));
        await using var _ = database;
        // A reports September 2026, but had not reported September 2025: that month is not like for like, October is.
        await database.ImportAsync("A", Period.Month(2026, 9), new() { ["STUDY_SESSIONS"] = 7, ["MEMBERS_TOTAL"] = 30 });
        await database.Rollups().RunFullAsync();
        var q3andQ4 = await database.Figures.GetAsync(database.Tree.ByCode("A")!, Period.OfYear(2026), sessions, database.Tree, comparable: true);
        // A: September 2026 (7) has no September 2025; October 2 against 1, November 5 against 2.
        Assert.Equal((1, 7m, 3m), (q3andQ4.Comparable!.Units, q3andQ4.Comparable.Value, q3andQ4.Comparable.LastYear));
        Assert.Equal((14m, 3m), (q3andQ4.Value, q3andQ4.LastYear));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class ProvisionalMonthTestsOnPostgreSql : ProvisionalMonthTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
