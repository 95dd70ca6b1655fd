using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Cycle;

/// <summary>
/// 报送情况 computed in SQL: the counts per group and the units a page at a time agree with the rule read straight from the rows (first
/// accepted submission by the end of the deadline day, the latest decision since the last submission), at every level of a tree with a
/// unit directly under a district, a closed unit and one opened later; filters, search, order and paging; the workbook written as read.
/// </summary>
public class ReportingStatusTests
{
    private static readonly Period November = Period.Month(2026, 11);

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly (string, string?)[] Tree =
    [
        ("C", null), ("D1", "C"), ("D1-S1", "D1"), ("D1-S1-U1", "D1-S1"), ("D1-S1-U2", "D1-S1"), ("D1-U4", "D1"),
        ("D2", "C"), ("D2-U3", "D2"), ("D2-U5", "D2"), ("D2-U6", "D2"), ("D2-U7", "D2"),
    ];

    private async Task<(ServicesDatabase Database, OrganisationTree Tree, DateOnly Deadline)> MonthAsync()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var database = await ServicesDatabase.CreateAsync(Tree, Provider, clock);
        var deadline = await database.Get<ReportingCalendar>().DeadlineAsync(November);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Actor = "test";
            // Closed before November: not expected. Opened after it: not expected either.
            (await db.Organisations.SingleAsync(o => o.Code == "D2-U5")).ClosedOn = new DateOnly(2026, 10, 15);
            (await db.Organisations.SingleAsync(o => o.Code == "D2-U6")).OpenedOn = new DateOnly(2026, 12, 2);
            await db.SaveChangesAsync();
        }
        var endOfDeadline = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeZoneInfo.Local));
        // On time: U2 early, U4 in the deadline day's last second; late: U1 a minute after it; U3 and U7 send nothing.
        clock.Now = endOfDeadline.AddDays(-3);
        await database.ImportAsync("D1-S1-U2", November, new() { ["STUDY_SESSIONS"] = 1 });
        clock.Now = endOfDeadline.AddSeconds(-1);
        await database.ImportAsync("D1-U4", November, new() { ["STUDY_SESSIONS"] = 2 });
        clock.Now = endOfDeadline.AddMinutes(1);
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 3 });
        // U2 verified, then sent back (the latest decision counts); U4 verified, then sent again (待核实 once more); U1 never decided.
        var reviews = database.Get<MonthReviews>();
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var tree = await db.LoadTreeAsync();
            clock.Now = clock.Now.AddMinutes(1);
            await reviews.DecideAsync(Actor.System("district"), tree.ByCode("D1-S1-U2")!, November, MonthDecision.Verified, "");
            await reviews.DecideAsync(Actor.System("district"), tree.ByCode("D1-U4")!, November, MonthDecision.Verified, "");
            clock.Now = clock.Now.AddMinutes(1);
            await reviews.DecideAsync(Actor.System("district"), tree.ByCode("D1-S1-U2")!, November, MonthDecision.SentBack, "请核对");
        }
        clock.Now = clock.Now.AddMinutes(1);
        await database.ImportAsync("D1-U4", November, new() { ["STUDY_SESSIONS"] = 4 });
        await using (var db = await database.Factory.CreateDbContextAsync()) return (database, await db.LoadTreeAsync(), deadline);
    }

    [Fact]
    public async Task CountsAndUnitsAgreeWithTheRowsAtEveryLevel()
    {
        var (database, tree, deadline) = await MonthAsync();
        await using var _ = database;
        var queries = database.Get<ReportingStatusQueries>();

        foreach (var code in new[] { "C", "D1", "D1-S1", "D2", "D1-S1-U1", "D2-U5" })
        {
            var org = tree.ByCode(code)!;
            var expected = await ReferenceAsync(database, tree, org, deadline);
            var counts = await queries.CountsAsync(org, November, tree);
            var units = await queries.UnitsAsync(org, November, tree, UnitFilter.All);

            Assert.Equal(expected.Select(u => (u.Code, u.GroupCode, u.State, u.Review)), units.Units.Select(u => (u.Code, u.GroupCode, u.State, u.Review)));
            Assert.Equal(expected.Count, units.Count);
            Assert.Equal(
                expected.GroupBy(u => u.GroupCode).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Count(), g.Count(u => u.State == ReportState.OnTime), g.Count(u => u.State == ReportState.Late),
                        g.Count(u => u.State == ReportState.Missing))),
                counts.Groups.Select(g => (g.Code, g.Expected, g.OnTime, g.Late, g.Missing)));
            Assert.Equal((expected.Count, expected.Count(u => u.Review == MonthReviewState.SentBack), expected.Count(u => u.Review == MonthReviewState.Pending)),
                (counts.Total.Expected, counts.SentBack, counts.ToVerify));
            Assert.Equal((org.Code, org.Name), (counts.Total.Code, counts.Total.Name));
        }
        // The shape itself, so that the reference cannot be wrong in the same way: D1's own unit groups under D1; U5 and U6 are not expected.
        var d1 = await queries.UnitsAsync(tree.ByCode("D1")!, November, tree, UnitFilter.All);
        Assert.Equal([("D1-S1-U1", "D1-S1", ReportState.Late), ("D1-S1-U2", "D1-S1", ReportState.OnTime), ("D1-U4", "D1", ReportState.OnTime)],
            d1.Units.Where(u => u.State != ReportState.Missing).OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => (u.Code, u.GroupCode, u.State)));
        var city = await queries.CountsAsync(tree.ByCode("C")!, November, tree);
        Assert.Equal((5, 2, 1, 2), (city.Total.Expected, city.Total.OnTime, city.Total.Late, city.Total.Missing));
        Assert.Equal((1, 2), (city.SentBack, city.ToVerify));
        Assert.Empty((await queries.UnitsAsync(tree.ByCode("D2-U5")!, November, tree, UnitFilter.All)).Units);
    }

    [Fact]
    public async Task TheListIsFilteredOrderedAndPagedByTheDatabase()
    {
        var (database, tree, _) = await MonthAsync();
        await using var _ = database;
        var queries = database.Get<ReportingStatusQueries>();
        var city = tree.ByCode("C")!;
        async Task<List<string>> CodesAsync(UnitFilter filter, int skip = 0, int? take = null) =>
            [.. (await queries.UnitsAsync(city, November, tree, filter, skip, take)).Units.Select(u => u.Code)];

        // Missing first, then late, then on time; the code within each.
        Assert.Equal(["D2-U3", "D2-U7", "D1-S1-U1", "D1-S1-U2", "D1-U4"], await CodesAsync(UnitFilter.All));
        Assert.Equal(["D2-U7", "D1-S1-U1"], await CodesAsync(UnitFilter.All, skip: 1, take: 2));
        var page = await queries.UnitsAsync(city, November, tree, UnitFilter.All, 4, 2);
        Assert.Equal(("D1-U4", 5), (Assert.Single(page.Units).Code, page.Count));
        // A page past the end (the list shrank since it was shown) still says how many there are.
        var past = await queries.UnitsAsync(city, November, tree, UnitFilter.All, 20, 10);
        Assert.Equal((0, 5), (past.Units.Count, past.Count));

        Assert.Equal(["D2-U3", "D2-U7"], await CodesAsync(new UnitFilter(UnitStates.Missing)));
        Assert.Equal(["D1-S1-U1"], await CodesAsync(new UnitFilter(UnitStates.Late)));
        Assert.Equal(["D1-S1-U2"], await CodesAsync(new UnitFilter(UnitStates.SentBack)));
        Assert.Equal(["D1-S1-U1", "D1-U4"], await CodesAsync(new UnitFilter(UnitStates.ToVerify)));
        // A text in the code (any case) or the name; LIKE's own characters are plain text.
        Assert.Equal(["D1-S1-U2"], await CodesAsync(new UnitFilter(Search: "s1-u2")));
        Assert.Equal(["D2-U3"], await CodesAsync(new UnitFilter(Search: "组织D2-U3")));
        Assert.Empty(await CodesAsync(new UnitFilter(Search: "%")));
        Assert.Empty(await CodesAsync(new UnitFilter(Search: "D_-U3")));
        Assert.Equal(["D2-U3", "D2-U7"], await CodesAsync(new UnitFilter(GroupCode: "D2")));
        Assert.Empty(await CodesAsync(new UnitFilter(GroupCode: "NO-SUCH")));
        Assert.Equal(["D2-U7", "D2-U3", "D1-U4", "D1-S1-U2", "D1-S1-U1"], await CodesAsync(new UnitFilter(Order: UnitOrder.Name, Descending: true)));
        // By first submission: the earliest first, those that sent nothing last.
        Assert.Equal(["D1-S1-U2", "D1-U4", "D1-S1-U1", "D2-U3", "D2-U7"], await CodesAsync(new UnitFilter(Order: UnitOrder.FirstAccepted)));
    }

    [Fact]
    public async Task TheWorkbookHoldsTheCountsAndEveryUnit()
    {
        var (database, tree, deadline) = await MonthAsync();
        await using var _ = database;
        var city = tree.ByCode("C")!;
        using var stream = new MemoryStream();
        await database.Get<ReportingStatusQueries>().WriteWorkbookAsync(stream, city, November, tree);

        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("报送情况");
        Assert.Equal($"组织C 2026年11月报送情况（截止 {deadline:yyyy-MM-dd}）", sheet.Cell(1, 1).GetString());
        Assert.True(sheet.Cell(1, 1).IsMerged());
        Assert.Equal(["组织代码", "组织名称", "应报", "按时", "逾期", "未报", "报送率"], Enumerable.Range(1, 7).Select(c => sheet.Cell(3, c).GetString()));
        Assert.Equal(("D1", 3.0, 2.0, 1.0, 0.0, 1.0), (sheet.Cell(4, 1).GetString(), sheet.Cell(4, 3).GetDouble(), sheet.Cell(4, 4).GetDouble(),
            sheet.Cell(4, 5).GetDouble(), sheet.Cell(4, 6).GetDouble(), sheet.Cell(4, 7).GetDouble()));
        Assert.Equal(("合计", 5.0, 0.6), (sheet.Cell(6, 2).GetString(), sheet.Cell(6, 3).GetDouble(), sheet.Cell(6, 7).GetDouble()));
        Assert.Equal("0.0%", sheet.Cell(6, 7).Style.NumberFormat.Format);
        Assert.Equal("单位代码", sheet.Cell(8, 1).GetString());
        Assert.Equal(["D2-U3", "D2-U7", "D1-S1-U1", "D1-S1-U2", "D1-U4"], Enumerable.Range(9, 5).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.Equal(("组织D2", "未报", "—", "—"), (sheet.Cell(9, 3).GetString(), sheet.Cell(9, 4).GetString(), sheet.Cell(9, 5).GetString(),
            sheet.Cell(9, 6).GetString()));
        Assert.Equal(("逾期", "待核实"), (sheet.Cell(11, 4).GetString(), sheet.Cell(11, 6).GetString()));
        Assert.Equal("退回待改", sheet.Cell(12, 6).GetString());
        Assert.True(sheet.Cell(14, 1).IsEmpty());
    }

    /// <summary>The rule straight from the rows, as 报送情况 read it before the database did the work.</summary>
    private static async Task<List<UnitStatus>> ReferenceAsync(ServicesDatabase database, OrganisationTree tree, Organisation org, DateOnly deadline)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.Period == November).ToListAsync();
        var decisions = await db.MonthReviews.AsNoTracking().Where(r => r.Period == November).ToListAsync();
        return [.. tree.ReportingUnitsUnder(org.Id).Where(u => u.IsOpenDuring(November)).Select(u =>
        {
            var group = tree.AncestorsOf(u.Id).Prepend(u).TakeWhile(a => a.Id != org.Id).LastOrDefault() is { } g && g.Id != u.Id ? g : org;
            var sent = submissions.Where(s => s.OrganisationId == u.Id).Select(s => s.AcceptedAtUtc).ToList();
            var state = sent.Count == 0 ? ReportState.Missing
                : DateOnly.FromDateTime(DateTime.SpecifyKind(sent.Min(), DateTimeKind.Utc).ToLocalTime()) <= deadline ? ReportState.OnTime : ReportState.Late;
            var latest = decisions.Where(r => r.OrganisationId == u.Id).MaxBy(r => r.DecidedAtUtc);
            return new UnitStatus(u.Code, u.Name, group.Code, group.Name, state, sent.Count == 0 ? null : sent.Min())
            {
                Review = MonthReviewStates.Of(latest, sent.Count == 0 ? null : sent.Max()),
            };
        }).OrderByDescending(u => u.State).ThenBy(u => u.Code, StringComparer.Ordinal)];
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class ReportingStatusTestsOnPostgreSql : ReportingStatusTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
