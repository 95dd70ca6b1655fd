using ClosedXML.Excel;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Rollups;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Dashboard;

/// <summary>数据复核: what an accepted upload warned about, and what jumped against last year, each with its submission and cell.</summary>
public class ReviewTests
{
    /// <summary>The engine these tests run on; <see cref="ReviewTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly ReviewRules Rules = new() { JumpFactor = 3, JumpMinimum = 10 };
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
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
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
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var report = await database.Importer.ImportAsync(SummaryWithWrongTotal(March), "汇总.xlsx", new Uploader("test", null));
        Assert.Equal(ImportStatus.Accepted, report.Status);

        var items = await ReviewAsync(database, "C", March);

        var total = Assert.Single(items, i => i.Kind == ReviewKinds.TotalMismatch);
        Assert.Equal(("D1-S1", false, "STUDY_SESSIONS", "汇总", "C5", (int?)null), (total.OrgCode, total.IsUnit, total.IndicatorCode, total.Sheet, total.Cell, total.SubmissionId));
        Assert.Contains("10", total.Message);
        Assert.Contains("9", total.Message);
        // The name typed differently belongs to the unit on the same row.
        var name = Assert.Single(items, i => i.Kind == ReviewKinds.UnitNameMismatch);
        Assert.Equal(("D1-S1-U2", "A4"), (name.OrgCode, name.Cell));
        Assert.Equal(await SubmissionIdAsync(database, "D1-S1-U2", March), name.SubmissionId);
        Assert.Empty(await ReviewAsync(database, "D2", March));
    }

    [Fact]
    public async Task AValueThreeTimesLastYearsIsListedWithTheCellOfTheCurrentValueAndASmallRiseIsNot()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March.SameLastYear, new() { ["STUDY_SESSIONS"] = 8, ["NEW_MEMBERS"] = 2 });
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 25, ["NEW_MEMBERS"] = 7 });

        var jump = Assert.Single(await ReviewAsync(database, "D1", March));

        Assert.Equal((ReviewKinds.YearOnYearJump, "STUDY_SESSIONS", 25m, 8m, StudyCell), (jump.Kind, jump.IndicatorCode, jump.Value, jump.LastYear, jump.Cell));
        Assert.Equal(await SubmissionIdAsync(database, "D1-S1-U1", March), jump.SubmissionId);
        Assert.Contains("+212.5%", jump.Message);
    }

    [Theory]
    [InlineData(30, 10, true)]
    [InlineData(29, 10, false)]
    [InlineData(3, 10, true)]
    [InlineData(4, 10, false)]
    [InlineData(0, 12, true)]
    [InlineData(9, 3, false)] // both below the minimum of 10
    [InlineData(12, 0, false)] // no 同比 without last year's value
    public void AJumpIsAFactorOfThreeEitherWayAboveTheMinimum(int value, int lastYear, bool jump) =>
        Assert.Equal(jump, ReviewQueries.IsJump(value, lastYear, Rules));

    [Fact]
    public async Task TheSubmissionPageShowsTheNoteBesideTheValueItConcerns()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = "十二", ["NEW_MEMBERS"] = 1 });

        var (detail, _) = (await new SubmissionQueries(database.Factory).DetailAsync(await SubmissionIdAsync(database, "D1-S1-U1", March)))!.Value;

        Assert.Contains("12", detail.Values.Single(v => v.IndicatorCode == "STUDY_SESSIONS").Note);
        Assert.Null(detail.Values.Single(v => v.IndicatorCode == "NEW_MEMBERS").Note);
    }

    [Fact]
    public async Task ADryRunOrARefusedFileLeavesNothingToReview()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var unit = database.Tree.ByCode("D1-S1-U1")!;
        await database.Importer.ImportAsync(TestWorkbooks.FilledTemplate(unit, March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = "约30" }),
            "a.xlsx", new Uploader("test", null), dryRun: true);
        await database.Importer.ImportAsync(TestWorkbooks.FilledTemplate(unit, March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = "约30", ["NEW_MEMBERS"] = -1 }),
            "b.xlsx", new Uploader("test", null));

        Assert.Empty(await ReviewAsync(database, "C", March));
    }

    private static async Task<List<ReviewItem>> ReviewAsync(RollupDatabase database, string org, Period month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await new ReviewQueries(database.Factory).GetAsync(database.Tree.ByCode(org)!, month, database.Tree, await db.LoadCatalogueAsync(), Rules);
    }

    private static async Task<int> SubmissionIdAsync(RollupDatabase database, string unit, Period month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var id = database.Tree.ByCode(unit)!.Id;
        return await db.Submissions.Where(s => s.OrganisationId == id && s.Period == month).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (SPEC §10).</summary>
public sealed class ReviewTestsOnPostgreSql : ReviewTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
