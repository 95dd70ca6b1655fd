using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Figures;

/// <summary>Derived rates from rolled-up parts, and 可比口径同比 over the units that reported in both periods, on a clock stopped on 15 July
/// 2026.</summary>
public class RatesAndComparableTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private async Task<ServicesDatabase> HistoryAsync()
    {
        var database = await ServicesDatabase.SmallCityAsync(Provider, new FixedClock(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero)));
        // U1 reports both years; U2 only 2026 (a unit that is new, or missed last year); U3 only 2025 (closed, or missing now).
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3),
            new() { ["ISSUES_FOUND"] = 10, ["ISSUES_RECTIFIED"] = 5, ["VOLUNTEER_HOURS"] = 30, ["MEMBERS_TOTAL"] = 20 });
        await database.ImportAsync("D1-S1-U1", Period.Month(2026, 3),
            new() { ["ISSUES_FOUND"] = 10, ["ISSUES_RECTIFIED"] = 9, ["VOLUNTEER_HOURS"] = 50, ["MEMBERS_TOTAL"] = 25 });
        await database.ImportAsync("D1-S1-U2", Period.Month(2026, 3),
            new() { ["ISSUES_FOUND"] = 90, ["ISSUES_RECTIFIED"] = 0, ["VOLUNTEER_HOURS"] = 0, ["MEMBERS_TOTAL"] = 75 });
        await database.ImportAsync("D2-U3", Period.Month(2025, 3), new() { ["ISSUES_FOUND"] = 40, ["ISSUES_RECTIFIED"] = 40 });
        await database.Rollups().RunFullAsync();
        return database;
    }

    [Fact]
    public async Task ARateIsItsRolledUpPartsDividedNeverAnAverageOfRates()
    {
        await using var database = await HistoryAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var rate = catalogue.DerivedByCode("RECTIFICATION_RATE")!;
        var city = database.Tree.ByCode("C")!;

        var march = await database.Figures.GetAsync(city, Period.Month(2026, 3), rate, catalogue, database.Tree, withChildren: true);
        // 2026-03: (9 + 0) / (10 + 90) = 9 % — the mean of the units' rates (90 % and 0 %) would say 45 %.
        Assert.Equal(0.09m, march.Value);
        // 2025-03: (5 + 40) / (10 + 40) = 90 %.
        Assert.Equal(0.9m, march.LastYear);
        Assert.Equal("9.0%", rate.Show(march.Value));
        // 可比口径 is for counts: the units behind a numerator and a denominator need not be the same.
        Assert.Null(march.Comparable);
        Assert.All(march.Children!, c => Assert.Null(c.YoyComparable));
        Assert.Equal(["D1", "D2"], march.Children!.Select(c => c.Org));
        Assert.Equal((0.09m, 0.5m), (march.Children![0].Value, march.Children[0].LastYear));
        // D2's unit sent nothing for 2026: no denominator, no rate.
        Assert.Null(march.Children[1].Value);
        Assert.Equal(1m, march.Children[1].LastYear);

        // 人均志愿服务时长 over part of a year: hours added over January–June, members the latest month's.
        var hours = await database.Figures.GetAsync(city, Period.OfYear(2026), catalogue.DerivedByCode("HOURS_PER_MEMBER")!, catalogue,
            database.Tree);
        Assert.Equal(50m / 100m, hours.Value);
        Assert.Equal(["2026-01", "2026-06"], hours.Months);
        Assert.Equal("0.5小时/人", catalogue.DerivedByCode("HOURS_PER_MEMBER")!.Show(hours.Value));
    }

    [Fact]
    public async Task ComparableYearOnYearCountsOnlyUnitsThatReportedInBothPeriods()
    {
        await using var database = await HistoryAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var found = catalogue.ByCode("ISSUES_FOUND")!;
        var figure = await database.Figures.GetAsync(database.Tree.ByCode("C")!, Period.Month(2026, 3), found, database.Tree, withChildren: true,
            comparable: true);

        // Plain 同比 compares U1 + U2 (100) with U1 + U3 (50): +100 %. Only U1 reported in both: 10 against 10, 0 %.
        Assert.Equal((100m, 50m, 1m), (figure.Value, figure.LastYear, figure.Yoy));
        Assert.Equal(new Core.Figures.ComparableFigure(1, 10m, 10m), figure.Comparable);
        Assert.Equal(0m, figure.YoyComparable);
        Assert.Equal(1, figure.Children![0].Comparable!.Units);
        Assert.Equal(new Core.Figures.ComparableFigure(0, null, null), figure.Children[1].Comparable);
        Assert.Null(figure.Children[1].YoyComparable);

        // Only asked for: it reads every unit's own values.
        Assert.Null((await database.Figures.GetAsync(database.Tree.ByCode("C")!, Period.Month(2026, 3), found, database.Tree)).Comparable);
        // Over the year not over: the same months of both years.
        var year = await database.Figures.GetAsync(database.Tree.ByCode("D1")!, Period.OfYear(2026), found, database.Tree, comparable: true);
        Assert.Equal((1, 10m, 10m), (year.Comparable!.Units, year.Comparable.Value, year.Comparable.LastYear));
    }

    [Fact]
    public void ARateNamingAnIndicatorNotInTheCatalogueIsRefused()
    {
        var indicators = TestCatalogue.Catalogue.All;
        var bad = new DerivedIndicator { Code = "X_RATE", Name = "某率", Numerator = "ISSUES_RECTIFIED", Denominator = "NO_SUCH" };
        var error = Assert.Throws<InvalidDataException>(() => new IndicatorCatalogue(indicators, [bad]));
        Assert.Contains("NO_SUCH", error.Message);
        Assert.Throws<InvalidDataException>(() => new IndicatorCatalogue(indicators,
            [new DerivedIndicator { Code = "STUDY_SESSIONS", Name = "重名", Numerator = "ISSUES_RECTIFIED", Denominator = "ISSUES_FOUND" }]));
    }

    [Fact]
    public void SeedDataShipsTheTwoRatesOfTheCatalogueWithPhrasesForEveryIndicator()
    {
        var catalogue = IndicatorCatalogue.LoadJson(Path.Combine(TestCatalogue.SeedDataDirectory, "indicators.json"));
        Assert.Equal(["RECTIFICATION_RATE", "HOURS_PER_MEMBER"], catalogue.Derived.Select(d => d.Code));
        Assert.All(catalogue.All, i => Assert.Contains("{value}", i.Phrase));
        Assert.All(catalogue.Derived, d => Assert.Contains("{value}", d.Phrase));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class RatesAndComparableTestsOnPostgreSql : RatesAndComparableTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
