using System.Text.Json;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Data;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Assessment;

/// <summary>目标任务 from a workbook: all or nothing, every problem at its cell, allocation checked, scope held.</summary>
public class TargetImportTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static byte[] Plain(params object?[][] rows)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("目标");
        ws.Cell(1, 1).SetValue("2026年发展党员计划");
        string[] header = ["组织代码", "指标", "年度目标"];
        for (var c = 0; c < header.Length; c++) ws.Cell(2, c + 1).SetValue(header[c]);
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                if (rows[r][c] is { } value) ws.Cell(r + 3, c + 1).Value = value;
        return TestTree.Save(wb);
    }

    private async Task<ServicesDatabase> CityAsync() => await ServicesDatabase.SmallCityAsync(Provider);

    [Fact]
    public async Task APlainListIsStoredAndAParentWithoutATargetHasItsChildrensSum()
    {
        await using var database = await CityAsync();
        var targets = database.Get<Targets>();
        var report = await targets.ImportAsync(Plain(["D1-S1-U1", "发展党员数", 4], ["D1-S1-U2", "NEW_MEMBERS", 6], ["D2-U3", "发展党员", 5]),
            "plan.xlsx", 2026, Actor.System("test"));
        Assert.Equal(("accepted", 3, 0), (report.Status, report.Created, report.Errors.Count));
        Assert.Empty(report.Warnings);
        var set = await targets.LoadAsync(2026, database.Tree);
        var members = (await database.CatalogueAsync()).ByCode("NEW_MEMBERS")!;
        Assert.Equal(10m, set.Of(database.Tree.ByCode("D1-S1")!.Id, members.Id));
        Assert.Equal(15m, set.Of(database.Tree.ByCode("C")!.Id, members.Id));
        Assert.Null(set.Own(database.Tree.ByCode("C")!.Id, members.Id));

        // The same file again changes nothing; a changed value is an update.
        var again = await targets.ImportAsync(Plain(["D1-S1-U1", "发展党员数", 4], ["D1-S1-U2", "NEW_MEMBERS", 7]), "plan.xlsx", 2026,
            Actor.System("test"));
        Assert.Equal((0, 1, 1), (again.Created, again.Updated, again.Unchanged));
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.Subject == "目标任务").Select(a => a.Target).ToListAsync(),
            t => t == "D1-S1-U2 2026年 发展党员数");
    }

    [Fact]
    public async Task ChildrenThatDoNotAddUpToTheirParentAreAcceptedWithAWarningNamingTheParentAndBothSums()
    {
        await using var database = await CityAsync();
        var report = await database.Get<Targets>().ImportAsync(
            Plain(["D1-S1", "发展党员数", 12], ["D1-S1-U1", "发展党员数", 4], ["D1-S1-U2", "发展党员数", 6]), "plan.xlsx", 2026, Actor.System("test"));
        Assert.Equal("accepted", report.Status);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("ALLOCATION_MISMATCH", "目标", "C3"), (warning.Code, warning.Sheet, warning.Cell));
        Assert.Contains("组织D1-S1", warning.Message);
        Assert.Contains("目标为 12，其下级目标之和为 10", warning.Message);
    }

    [Fact]
    public async Task EveryBadRowIsRefusedAtItsCellAndNothingIsStored()
    {
        await using var database = await CityAsync();
        var report = await database.Get<Targets>().ImportAsync(Plain(
                ["D1-S1-U1", "发展党员数", 4],
                ["NOPE", "发展党员数", 1],
                ["D1-S1-U2", "党员总数", 30],
                ["D1-S1-U2", "不存在的指标", 3],
                ["D2-U3", "发展党员数", "五个左右吧"],
                ["D1-S1-U2", "发展党员数", -2],
                ["D1-S1-U1", "NEW_MEMBERS", 5]),
            "plan.xlsx", 2026, Actor.System("test"));
        Assert.Equal("refused", report.Status);
        Assert.Equal(
            [("A4", "UNKNOWN_ORG"), ("B5", "NOT_SUM"), ("B6", "UNKNOWN_INDICATOR"), ("C7", "NOT_A_NUMBER"), ("C8", "NEGATIVE"), ("C9", "DUPLICATE_TARGET")],
            report.Errors.Select(e => (e.Cell, e.Code)).ToList());
        Assert.All(report.Errors, e => Assert.Equal("目标", e.Sheet));
        Assert.Contains("C3", report.Errors[^1].Message);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Targets.CountAsync());
    }

    [Fact]
    public async Task AnOfficerSetsTargetsOnlyWithinTheirScopeAndOneOutsideReadsLikeACodeThatDoesNotExist()
    {
        await using var database = await CityAsync();
        var street = new Actor("jiedao", Roles.DistrictAdmin, "D1-S1");
        var outside = await database.Get<Targets>().ImportAsync(Plain(["D2-U3", "发展党员数", 4]), "plan.xlsx", 2026, street);
        var missing = await database.Get<Targets>().ImportAsync(Plain(["D9-X", "发展党员数", 4]), "plan.xlsx", 2026, street);
        Assert.Equal(outside.Errors.Single().Message.Replace("D2-U3", "D9-X"), missing.Errors.Single().Message);
        var reporter = new Actor("danwei", Roles.Reporter, "D1-S1-U1");
        Assert.Equal("NO_RIGHTS", (await database.Get<Targets>().ImportAsync(Plain(["D1-S1-U1", "发展党员数", 4]), "plan.xlsx", 2026, reporter))
            .Errors.Single().Code);
        Assert.Equal("accepted", (await database.Get<Targets>().ImportAsync(Plain(["D1-S1-U1", "发展党员数", 4]), "plan.xlsx", 2026, street)).Status);
    }

    [Fact]
    public async Task TheTemplateListsTheOrganisationAndItsChildrenAndReadsBackAsItIsFilled()
    {
        await using var database = await CityAsync();
        var (tree, catalogue) = (database.Tree, await database.CatalogueAsync());
        var targets = database.Get<Targets>();
        var template = TargetWorkbook.Template(tree.ByCode("D1-S1")!, tree, catalogue, await targets.LoadAsync(2026, tree));
        using var wb = new XLWorkbook(new MemoryStream(template));
        var ws = wb.Worksheet(TargetWorkbook.SheetName);
        Assert.Equal(["D1-S1", "D1-S1-U1", "D1-S1-U2"], Enumerable.Range(4, 3).Select(r => ws.Cell(r, 1).GetString()).ToArray());
        Assert.DoesNotContain(ws.Row(3).CellsUsed(), c => c.GetString().StartsWith("党员总数", StringComparison.Ordinal));
        var column = ws.Row(3).CellsUsed().First(c => c.GetString().StartsWith("发展党员数", StringComparison.Ordinal)).Address.ColumnNumber;
        ws.Cell(5, column).Value = 3;
        ws.Cell(6, column).Value = 2;
        var report = await targets.ImportAsync(TestTree.Save(wb), "分解表.xlsx", 2026, Actor.System("test"));
        Assert.Equal(("accepted", 2), (report.Status, report.Created));
        var set = await targets.LoadAsync(2026, tree);
        Assert.Equal(5m, set.Of(tree.ByCode("D1-S1")!.Id, catalogue.ByCode("NEW_MEMBERS")!.Id));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class TargetImportTestsOnPostgreSql : TargetImportTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

/// <summary>The verb: exit 0 accepted (JSON like import), 3 refused; --dry-run stores nothing.</summary>
public class TargetsVerbTests
{
    [Fact]
    public async Task TargetsImportPrintsOneJsonLineAndExitsThreeWhenRefused()
    {
        using var db = await TempDatabase.WithTreeAsync();
        static byte[] Plan(string code)
        {
            var wb = new XLWorkbook();
            var ws = wb.Worksheets.Add("Sheet1");
            ws.Cell(1, 1).SetValue("组织代码"); ws.Cell(1, 2).SetValue("指标"); ws.Cell(1, 3).SetValue("年度目标"); ws.Cell(1, 4).SetValue("第一季度");
            ws.Cell(2, 1).SetValue(code); ws.Cell(2, 2).SetValue("发展党员数"); ws.Cell(2, 3).SetValue(8); ws.Cell(2, 4).SetValue(2);
            return TestTree.Save(wb);
        }
        var file = db.Write("plan.xlsx", Plan("D1-S1-U1"));
        var dry = await db.RunJsonAsync("targets", "import", file, "--year", "2026", "--dry-run");
        Assert.Equal(("accepted", 2, true), (dry.GetProperty("status").GetString(), dry.GetProperty("created").GetInt32(), dry.GetProperty("dryRun").GetBoolean()));
        var done = await db.RunJsonAsync("targets", "import", file, "--year", "2026");
        Assert.Equal(2, done.GetProperty("created").GetInt32());
        Assert.Equal(2, (await db.RunJsonAsync("targets", "import", file, "--year", "2026")).GetProperty("unchanged").GetInt32());

        var (exit, output, _) = await db.RunAsync("targets", "import", db.Write("bad.xlsx", Plan("NOPE")), "--year", "2026");
        Assert.Equal(3, exit);
        var refused = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("refused", "Sheet1", "A2"), (refused.GetProperty("status").GetString(),
            refused.GetProperty("errors")[0].GetProperty("sheet").GetString(), refused.GetProperty("errors")[0].GetProperty("cell").GetString()));
    }
}
