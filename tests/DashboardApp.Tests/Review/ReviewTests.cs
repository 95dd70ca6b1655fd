using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Review;

/// <summary>数据复核: what an accepted upload warned about, and what jumped against last year, each with its submission and cell.</summary>
public class ReviewTests
{
    private static readonly Actor Officer = new("区管理员", Roles.DistrictAdmin, "D1");

    /// <summary>The engine these tests run on; <see cref="ReviewTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly OutlierThresholds Rules = new();
    private static readonly Period March = Period.Month(2025, 3);
    private static readonly string StudyCell = $"F{TemplateWriter.FirstValueRow}";

    /// <summary>A 汇总表 of D1-S1's two units whose hand-typed 合计 of 集中学习研讨次数 is 1 too high, and U2's name typed differently.</summary>
    private static byte[] SummaryWithWrongTotal(Period month)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("汇总");
        ws.Cell("A1").SetValue($"统计期：{month}");
        TemplateWriter.Text(ws.Cell("A2"), "单位代码");
        TemplateWriter.Text(ws.Cell("B2"), "单位名称");
        TemplateWriter.Text(ws.Cell("C2"), "集中学习研讨次数（次）");
        TemplateWriter.Text(ws.Cell("D2"), "发展党员数");
        (string Code, string Name, int Study, int Members)[] rows = [("D1-S1-U1", "组织D1-S1-U1", 4, 1), ("D1-S1-U2", "二支部", 5, 0)];
        for (var i = 0; i < rows.Length; i++)
        {
            TemplateWriter.Text(ws.Cell(3 + i, 1), rows[i].Code);
            TemplateWriter.Text(ws.Cell(3 + i, 2), rows[i].Name);
            ws.Cell(3 + i, 3).SetValue(rows[i].Study);
            ws.Cell(3 + i, 4).SetValue(rows[i].Members);
        }
        TemplateWriter.Text(ws.Cell("B5"), "合计");
        ws.Cell("C5").SetValue(10);
        ws.Cell("D5").SetValue(1);
        return TestTree.Save(wb);
    }

    [Fact]
    public async Task AnApproximationIsListedWithItsSubmissionCellAndValueAndNotOutsideItsSubtree()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = "约30" });

        var items = await ReviewAsync(database, "D1", March);

        var item = Assert.Single(items);
        Assert.Equal((ReviewKinds.Approximate, "D1-S1-U1", "STUDY_SESSIONS", 30m, TemplateWriter.UnitSheetName, StudyCell),
            (item.Kind, item.OrgCode, item.IndicatorCode, item.Value, item.Sheet, item.Cell));
        Assert.Equal(await SubmissionIdAsync(database, "D1-S1-U1", March), item.SubmissionId);
        Assert.Empty(await ReviewAsync(database, "D2", March));
        Assert.Empty(await ReviewAsync(database, "D1", March.NextMonth()));
    }

    [Fact]
    public async Task AWrongTotalIsFiledUnderTheStreetAboveItsUnitsWithTheIndicatorOfItsColumn()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var report = await database.Importer.ImportAsync(SummaryWithWrongTotal(March), "汇总.xlsx", Actor.System("test"));
        Assert.Equal(ImportStatus.Accepted, report.Status);

        var items = await ReviewAsync(database, "C", March);

        var total = Assert.Single(items, i => i.Kind == ReviewKinds.TotalMismatch);
        Assert.Equal(("D1-S1", false, "STUDY_SESSIONS", "汇总", "C5", (int?)null),
            (total.OrgCode, total.IsUnit, total.IndicatorCode, total.Sheet, total.Cell, total.SubmissionId));
        Assert.Contains("10", total.Message);
        Assert.Contains("9", total.Message);
        // The name typed differently belongs to the unit on the same row.
        var name = Assert.Single(items, i => i.Kind == ReviewKinds.UnitNameMismatch);
        Assert.Equal(("D1-S1-U2", "A4"), (name.OrgCode, name.Cell));
        Assert.Equal(await SubmissionIdAsync(database, "D1-S1-U2", March), name.SubmissionId);
        Assert.Empty(await ReviewAsync(database, "D2", March));
    }

    /// <summary>U1 sent 8 study sessions (and 2 new members) in each of the twelve months before March 2025.</summary>
    private static async Task<ServicesDatabase> SteadyUnitAsync(DatabaseProvider provider)
    {
        var database = await ServicesDatabase.SmallCityAsync(provider);
        foreach (var m in March.AndEarlierMonths().Skip(1).Take(12))
            await database.ImportAsync("D1-S1-U1", m, new() { ["STUDY_SESSIONS"] = 8 + m.Index % 2, ["NEW_MEMBERS"] = 2 });
        return database;
    }

    [Fact]
    public async Task AValueFarFromTheUnitsOwnMonthsIsListedWithItsCellAndASmallMoveIsNot()
    {
        await using var database = await SteadyUnitAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 28, ["NEW_MEMBERS"] = 9 });

        var unusual = Assert.Single(await ReviewAsync(database, "D1", March));

        Assert.Equal((ReviewKinds.Unusual, "STUDY_SESSIONS", 28m, StudyCell), (unusual.Kind, unusual.IndicatorCode, unusual.Value, unusual.Cell));
        Assert.Equal(await SubmissionIdAsync(database, "D1-S1-U1", March), unusual.SubmissionId);
        Assert.Contains("近12个月中位数 8.5次", unusual.Message);
        // Beside it, the same month last year (March: 8 + 3 % 2).
        Assert.Equal(9m, unusual.LastYear);
        Assert.True(unusual.Score >= Rules.Threshold);
        // 9 new members against 2 a month: far in spread, but less than the minimum base of 10 apart. 28 is under the ceiling of 30.
        Assert.DoesNotContain(await ReviewAsync(database, "D1", March), i => i.IndicatorCode == "NEW_MEMBERS");
    }

    [Theory]
    [InlineData(new[] { 8, 9, 8, 9, 8, 9, 8, 9 }, 80, true)]
    [InlineData(new[] { 8, 9, 8, 9, 8, 9, 8, 9 }, 18, false)] // 9.5 from the median: under the minimum base
    [InlineData(new[] { 0, 30, 45, 0, 12, 60, 5, 28 }, 0, false)] // a unit that varies a lot: 0 is not unusual for it
    [InlineData(new[] { 100, 100, 100, 100, 100, 100 }, 120, false)] // months all alike: the spread counts as a quarter of the median
    [InlineData(new[] { 100, 100, 100, 100, 100, 100 }, 1000, true)]
    public void UnusualIsFarFromTheMedianInRobustSpreadsAndByTheMinimumBase(int[] reference, int value, bool unusual) =>
        Assert.Equal(unusual, RobustReference.Of(reference.Select(v => (decimal)v).ToList()).Deviation(value, Rules) is not null);

    [Fact]
    public async Task AFlagMarkedCheckedIsAuditedAndStaysCheckedUntilItsValueChanges()
    {
        await using var database = await SteadyUnitAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 28 });
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var marking = new ReviewMarking(database.Factory, TimeProvider.System);

        var flags = await ReviewAsync(database, "D1", March);
        await Assert.ThrowsAsync<Core.InputRefusedException>(() => marking.MarkCheckedAsync(Officer, flags, "  ", database.Tree, catalogue));
        Assert.Equal(1, await marking.MarkCheckedAsync(Officer, await ReviewAsync(database, "D1", March), "已电话核实，开展了专题学习月", database.Tree, catalogue));

        var item = Assert.Single(await ReviewAsync(database, "D1", March));
        Assert.Equal(("已核实", "已电话核实，开展了专题学习月", "区管理员"), (item.StatusName, item.Mark!.Note, item.Mark.MarkedBy));
        Assert.Empty(ReviewFilters.Apply(await ReviewAsync(database, "D1", March), ReviewStatusFilter.Open, null));
        Assert.Single(ReviewFilters.Apply(await ReviewAsync(database, "C", March), ReviewStatusFilter.Checked, null));
        // Marking it again changes nothing.
        Assert.Equal(0, await marking.MarkCheckedAsync(Officer, await ReviewAsync(database, "D1", March), "再次核实", database.Tree, catalogue));
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Subject == "数据复核").ToListAsync());
        Assert.Equal(("区管理员", "新增"), (audit.Actor, audit.Action));
        Assert.Equal("D1-S1-U1 2025-03 集中学习研讨次数 F" + TemplateWriter.FirstValueRow + " 数值异常", audit.Target);
        Assert.Contains("已电话核实", audit.After);

        // A new submission with another unusual value is a new flag, to be looked at again.
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 29 });
        var again = Assert.Single(await ReviewAsync(database, "D1", March));
        Assert.Equal((29m, false), (again.Value, again.Checked));
    }

    [Fact]
    public async Task TheExportHoldsTheRowsOfTheListWithTheirState()
    {
        await using var database = await SteadyUnitAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 28, ["PARTY_LECTURES"] = "约3" });
        var items = await ReviewAsync(database, "D1", March);
        Assert.Equal([ReviewKinds.Unusual, ReviewKinds.Approximate], items.Select(i => i.Kind));

        using var wb = new XLWorkbook(new MemoryStream(ReviewWorkbook.Write("一区区委", March, items, "待核实")));
        var ws = wb.Worksheet("数据复核");
        Assert.Contains("共 2 条", ws.Cell(1, 1).GetString());
        Assert.Equal(["待核实", "数值异常", "D1-S1-U1", "集中学习研讨次数", StudyCell],
            new[] { ws.Cell(4, 1), ws.Cell(4, 2), ws.Cell(4, 4), ws.Cell(4, 6), ws.Cell(4, 10) }.Select(c => c.GetString()));
        Assert.Equal(28, ws.Cell(4, 7).GetDouble());
        Assert.Equal("约数", ws.Cell(5, 2).GetString());
    }

    [Fact]
    public async Task TheSubmissionPageShowsTheNoteBesideTheValueItConcerns()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = "十二", ["NEW_MEMBERS"] = 1 });

        var (detail, _) = (await new SubmissionQueries(database.Factory).DetailAsync(await SubmissionIdAsync(database, "D1-S1-U1", March)))!.Value;

        Assert.Contains("12", detail.Values.Single(v => v.IndicatorCode == "STUDY_SESSIONS").Note);
        Assert.Null(detail.Values.Single(v => v.IndicatorCode == "NEW_MEMBERS").Note);
    }

    [Fact]
    public async Task ADryRunOrARefusedFileLeavesNothingToReview()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var unit = database.Tree.ByCode("D1-S1-U1")!;
        await database.Importer.ImportAsync(TestWorkbooks.FilledTemplate(unit, March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = "约30" }),
            "a.xlsx", Actor.System("test"), dryRun: true);
        await database.Importer.ImportAsync(TestWorkbooks.FilledTemplate(unit, March,
            new Dictionary<string, object> { ["STUDY_SESSIONS"] = "约30", ["NEW_MEMBERS"] = -1 }),
            "b.xlsx", Actor.System("test"));

        Assert.Empty(await ReviewAsync(database, "C", March));
    }

    private static async Task<List<ReviewItem>> ReviewAsync(ServicesDatabase database, string org, Period month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await database.Get<ReviewQueries>().GetAsync(database.Tree.ByCode(org)!, month, database.Tree, await db.LoadCatalogueAsync(),
            Rules);
    }

    private static async Task<int> SubmissionIdAsync(ServicesDatabase database, string unit, Period month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var id = database.Tree.ByCode(unit)!.Id;
        return await db.Submissions.Where(s => s.OrganisationId == id
            && s.Period == month).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class ReviewTestsOnPostgreSql : ReviewTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
