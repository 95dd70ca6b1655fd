using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Assessment;

/// <summary>
/// 报送质量 summed in the database: months on time of those a unit was open for, 退回 decisions, an officer's 更正, and the unit's own
/// resubmission after a 核实 (an officer's 更正 after it is not one) — the same read for a subtree and for a list of units.
/// </summary>
public class ReportingQualityTests
{
    private static readonly Period October = Period.Month(2026, 10), November = Period.Month(2026, 11);

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task EachUnitsMonthsAreCountedOnTimeSentBackCorrectedAndChanged()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, clock);
        var calendar = database.Get<ReportingCalendar>();
        DateTimeOffset EndOf(DateOnly day) => new(TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeZoneInfo.Local));
        var (octoberEnd, novemberEnd) = (EndOf(await calendar.DeadlineAsync(October)), EndOf(await calendar.DeadlineAsync(November)));
        var reviews = database.Get<MonthReviews>();
        var officer = Actor.System("district");
        var tree = database.Tree;

        // October: U1 and U3 on time (U3 in the deadline day's last second), U2 sends nothing.
        clock.Now = octoberEnd.AddDays(-2);
        await database.ImportAsync("D1-S1-U1", October, new() { ["STUDY_SESSIONS"] = 1 });
        clock.Now = octoberEnd.AddSeconds(-1);
        await database.ImportAsync("D2-U3", October, new() { ["STUDY_SESSIONS"] = 1 });
        // November: U2 on time and sent back twice; U1 late, verified, then sent again by the unit (核实后改数) and corrected by an
        // officer (更正, not a change of the unit's).
        clock.Now = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
        await database.ImportAsync("D1-S1-U2", November, new() { ["STUDY_SESSIONS"] = 2 });
        await reviews.DecideAsync(officer, tree.ByCode("D1-S1-U2")!, November, MonthDecision.SentBack, "请核对");
        clock.Now = clock.Now.AddMinutes(1);
        await reviews.DecideAsync(officer, tree.ByCode("D1-S1-U2")!, November, MonthDecision.SentBack, "仍不符");
        clock.Now = novemberEnd.AddHours(3);
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 3 });
        clock.Now = clock.Now.AddMinutes(1);
        await reviews.DecideAsync(officer, tree.ByCode("D1-S1-U1")!, November, MonthDecision.Verified, "");
        clock.Now = clock.Now.AddMinutes(1);
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 4 });
        clock.Now = clock.Now.AddMinutes(1);
        var correction = await database.Importer.SubmitAsync(
            new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "5")], Provenance.Correction, "电话核实"), officer);
        Assert.Equal(ImportStatus.Accepted, correction.Status);
        // U3 closed at the end of October: November is not expected of it.
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Actor = "test";
            (await db.Organisations.SingleAsync(o => o.Code == "D2-U3")).ClosedOn = new DateOnly(2026, 10, 31);
            await db.SaveChangesAsync();
            tree = await db.LoadTreeAsync();
        }

        var quality = database.Get<ReportingQuality>();
        var perUnit = await quality.PerUnitAsync(tree.ByCode("C")!, [October, November], tree);
        QualityFigures Of(string code) => perUnit[tree.ByCode(code)!.Id];
        Assert.Equal(new QualityFigures(2, 1, 0, 1, 1), Of("D1-S1-U1"));
        Assert.Equal(new QualityFigures(2, 1, 2, 0, 0), Of("D1-S1-U2"));
        Assert.Equal(new QualityFigures(1, 1, 0, 0, 0), Of("D2-U3"));
        Assert.Equal(3, perUnit.Count);
        Assert.Equal(new QualityFigures(4, 2, 2, 1, 1), ReportingQuality.Sum(tree.ByCode("D1")!, perUnit, tree));

        // A page of units reads the same; a month alone, only its own.
        var listed = await quality.PerUnitAsync([tree.ByCode("D1-S1-U2")!, tree.ByCode("D1-S1-U1")!], [October, November]);
        Assert.Equal([Of("D1-S1-U1"), Of("D1-S1-U2")], [listed[tree.ByCode("D1-S1-U1")!.Id], listed[tree.ByCode("D1-S1-U2")!.Id]]);
        var october = await quality.PerUnitAsync(tree.ByCode("D1")!, [October], tree);
        Assert.Equal([new QualityFigures(1, 1, 0, 0, 0), new QualityFigures(1, 0, 0, 0, 0)],
            [october[tree.ByCode("D1-S1-U1")!.Id], october[tree.ByCode("D1-S1-U2")!.Id]]);
        // No months: nothing expected, nothing asked of the database.
        Assert.All((await quality.PerUnitAsync(tree.ByCode("D1")!, [], tree)).Values, q => Assert.Equal(QualityFigures.None, q));
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class ReportingQualityTestsOnPostgreSql : ReportingQualityTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
