using System.Globalization;
using System.Text.Json;
using ClosedXML.Excel;
using DashboardApp.Core.Data;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Cli;

/// <summary>The whole path through the CLI: template → filled workbook → import → rollup → query.</summary>
public class SpineTests
{
    /// <summary>The engine the verbs run on; <see cref="SpineTestsOnPostgreSql"/> runs every test again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static async Task<string> FilledTemplateAsync(TempDatabase db, string unit, string period, Dictionary<string, object> values)
    {
        var path = db.PathOf($"{unit}-{period}-{values.GetHashCode()}.xlsx");
        var written = await db.RunJsonAsync("template", "--org", unit, "--period", period, "-o", path);
        Assert.Equal(unit, written.GetProperty("org").GetString());
        using (var wb = new XLWorkbook(path))
        {
            TestWorkbooks.Fill(wb, values);
            wb.Save();
        }
        return path;
    }

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task UnitWorkbooksBecomeADistrictSumThatFollowsCorrections()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var u1 = await FilledTemplateAsync(db, "D1-S1-U1", "2025-03", new() { ["STUDY_SESSIONS"] = 4, ["VOLUNTEER_HOURS"] = 10.5 });
        var u2 = await FilledTemplateAsync(db, "D1-S1-U2", "2025-03", new() { ["STUDY_SESSIONS"] = "６次", ["VOLUNTEER_HOURS"] = 2 });

        var (exit, output, _) = await db.RunAsync("import", u1, u2);
        Assert.Equal(0, exit);
        var reports = Lines(output);
        Assert.Equal(["accepted", "accepted"], reports.Select(r => r.GetProperty("status").GetString()));
        var submission = reports[0].GetProperty("submissions")[0];
        Assert.Equal(("D1-S1-U1", "2025-03", 4m), (submission.GetProperty("org").GetString(), submission.GetProperty("period").GetString(),
            submission.GetProperty("values").GetProperty("STUDY_SESSIONS").GetDecimal()));

        await db.RunJsonAsync("rollup");
        var district = await db.RunJsonAsync("query", "--org", "D1", "--period", "2025-03", "--indicator", "STUDY_SESSIONS");
        Assert.Equal(10m, district.GetProperty("value").GetDecimal());
        Assert.Equal(2, district.GetProperty("reported").GetInt32());
        Assert.Equal(2, district.GetProperty("expected").GetInt32()); // D1-S1-U9 opens only in June
        Assert.Equal(JsonValueKind.Null, district.GetProperty("lastYear").ValueKind);
        Assert.Equal(JsonValueKind.Null, district.GetProperty("yoy").ValueKind);
        var hours = await db.RunJsonAsync("query", "--org", "C", "--period", "2025-Q1", "--indicator", "VOLUNTEER_HOURS");
        Assert.Equal(12.5m, hours.GetProperty("value").GetDecimal());
        // No unit reported a year earlier: 可比口径 covers none.
        Assert.Equal(JsonValueKind.Null, district.GetProperty("yoyComparable").ValueKind);
        Assert.Equal(0, district.GetProperty("comparable").GetProperty("units").GetInt32());

        // A derived rate by its code, as any indicator: 人均志愿服务时长 without 党员总数 reported has no value.
        var rate = await db.RunJsonAsync("query", "--org", "D1", "--period", "2025-03", "--indicator", "HOURS_PER_MEMBER");
        Assert.Equal(("HOURS_PER_MEMBER", JsonValueKind.Null), (rate.GetProperty("indicator").GetString(), rate.GetProperty("value").ValueKind));
        Assert.Equal(["2025-03", "2025-03"], rate.GetProperty("months").EnumerateArray().Select(m => m.GetString()));

        // A correction replaces U1's study sessions; its hours, left blank this time, are kept.
        var correction = await FilledTemplateAsync(db, "D1-S1-U1", "2025-03", new() { ["STUDY_SESSIONS"] = 7 });
        Assert.Equal(0, (await db.RunAsync("import", correction)).Exit);
        await db.RunJsonAsync("rollup");
        Assert.Equal(13m,
            (await db.RunJsonAsync("query", "--org", "D1", "--period", "2025-03", "--indicator",
            "STUDY_SESSIONS")).GetProperty("value").GetDecimal());
        Assert.Equal(12.5m,
            (await db.RunJsonAsync("query", "--org", "D1", "--period", "2025-03", "--indicator",
            "VOLUNTEER_HOURS")).GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task QueryLeavesOutAMonthBeingCollectedUnlessAskedAndSaysSo()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        // December of last year, its deadline moved a month ahead: still being collected whatever the day the test runs.
        var today = DateOnly.FromDateTime(DateTime.Now);
        var (november, december) = (Core.Periods.Period.Month(today.Year - 1, 11), Core.Periods.Period.Month(today.Year - 1, 12));
        foreach (var (month, sessions) in new[] { (november, 4), (december, 6) })
            Assert.Equal(0, (await db.RunAsync("import", await FilledTemplateAsync(db, "D1-S1-U1", month.ToString(),
                new() { ["STUDY_SESSIONS"] = sessions }))).Exit);
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<DashboardDbContext>();
        DashboardDatabase.Configure(options, db.Postgres ?? DatabaseSettings.Sqlite(db.DbPath));
        await using (var context = new DashboardDbContext(options.Options))
        {
            context.Actor = "test";
            context.PeriodDeadlines.Add(new Core.Submissions.PeriodDeadline { Period = december, Deadline = today.AddDays(30) });
            await context.SaveChangesAsync();
        }
        await db.RunJsonAsync("rollup");
        string[] year = ["query", "--org", "D1", "--period", (today.Year - 1).ToString(CultureInfo.InvariantCulture), "--indicator", "STUDY_SESSIONS"];

        var final = await db.RunJsonAsync(year);
        Assert.Equal((4m, false), (final.GetProperty("value").GetDecimal(), final.GetProperty("provisional").GetBoolean()));
        Assert.Equal(november.ToString(), final.GetProperty("months")[1].GetString());
        var leftOut = final.GetProperty("collecting")[0];
        Assert.Equal((december.ToString(), 1, 3, false), (leftOut.GetProperty("month").GetString(), leftOut.GetProperty("reported").GetInt32(),
            leftOut.GetProperty("expected").GetInt32(), leftOut.GetProperty("included").GetBoolean()));

        var counted = await db.RunJsonAsync([.. year, "--include-provisional"]);
        Assert.Equal((10m, true), (counted.GetProperty("value").GetDecimal(), counted.GetProperty("provisional").GetBoolean()));
        Assert.Equal(december.ToString(), counted.GetProperty("months")[1].GetString());
        Assert.True(counted.GetProperty("collecting")[0].GetProperty("included").GetBoolean());

        // The month on its own is itself provisional; a month that is final has no "collecting" at all.
        Assert.True((await db.RunJsonAsync("query", "--org", "D1", "--period", december.ToString(), "--indicator", "STUDY_SESSIONS"))
            .GetProperty("provisional").GetBoolean());
        var settled = await db.RunJsonAsync("query", "--org", "D1", "--period", november.ToString(), "--indicator", "STUDY_SESSIONS");
        Assert.False(settled.GetProperty("provisional").GetBoolean());
        Assert.False(settled.TryGetProperty("collecting", out _));
    }

    [Fact]
    public async Task AUnitMovedToAnotherStreetTakesItsFiguresWithIt()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var u3 = await FilledTemplateAsync(db, "D2-U3", "2025-03", new() { ["STUDY_SESSIONS"] = 5 });
        Assert.Equal(0, (await db.RunAsync("import", u3)).Exit);
        Assert.False((await db.RunJsonAsync("rollup")).GetProperty("full").GetBoolean());
        Assert.Equal(5m,
            (await db.RunJsonAsync("query", "--org", "D2", "--period", "2025-03", "--indicator",
            "STUDY_SESSIONS")).GetProperty("value").GetDecimal());

        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("组织");
        string[] row1 = ["组织代码", "组织名称", "上级组织代码", "组织类型"], row2 = ["D2-U3", "二区机关党支部", "D1-S1", "党支部"];
        for (var c = 0; c < 4; c++) { ws.Cell(1, c + 1).SetValue(row1[c]); ws.Cell(2, c + 1).SetValue(row2[c]); }
        var moved = await db.RunJsonAsync("orgs", "import", db.Write("move.xlsx", TestTree.Save(wb)));

        Assert.Equal(("accepted", 1, "succeeded"),
            (moved.GetProperty("status").GetString(), moved.GetProperty("updated").GetInt32(), moved.GetProperty("rollup").GetString()));
        Assert.Equal(5m,
            (await db.RunJsonAsync("query", "--org", "D1-S1", "--period", "2025-03", "--indicator",
            "STUDY_SESSIONS")).GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null,
            (await db.RunJsonAsync("query", "--org", "D2", "--period", "2025-03", "--indicator", "STUDY_SESSIONS")).GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task LastYearsFiguresGiveTheYearOnYearChangeAndChildren()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var before = await FilledTemplateAsync(db, "D2-U3", "2024-03", new() { ["INSPECTIONS"] = 4 });
        var now = await FilledTemplateAsync(db, "D2-U3", "2025-03", new() { ["INSPECTIONS"] = 5 });
        Assert.Equal(0, (await db.RunAsync("import", before, now)).Exit);
        await db.RunJsonAsync("rollup");

        var city = await db.RunJsonAsync("query", "--org", "C", "--period", "2025-03", "--indicator", "INSPECTIONS", "--children");

        Assert.Equal((5m, 4m, 0.25m),
            (city.GetProperty("value").GetDecimal(), city.GetProperty("lastYear").GetDecimal(), city.GetProperty("yoy").GetDecimal()));
        var children = city.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(["D1", "D2"], children.Select(c => c.GetProperty("org").GetString()));
        Assert.Equal(JsonValueKind.Null, children[0].GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task TheSameFileTwiceIsUnchangedAndADryRunStoresNothing()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var file = await FilledTemplateAsync(db, "D2-U3", "2025-03", new() { ["NEW_MEMBERS"] = 2 });

        var dry = Lines((await db.RunAsync("import", file, "--dry-run")).Out).Single();
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal("accepted", dry.GetProperty("status").GetString());
        await db.RunJsonAsync("rollup");
        Assert.Equal(JsonValueKind.Null,
            (await db.RunJsonAsync("query", "--org", "D2", "--period", "2025-03", "--indicator", "NEW_MEMBERS")).GetProperty("value").ValueKind);

        Assert.Equal("accepted", Lines((await db.RunAsync("import", file)).Out).Single().GetProperty("status").GetString());
        var again = await db.RunAsync("import", file);
        Assert.Equal(0, again.Exit);
        Assert.Equal("unchanged", Lines(again.Out).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARefusedFileExitsThreeAndListsEveryProblemWithSheetAndCell()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var good = await FilledTemplateAsync(db, "D2-U3", "2025-03", new() { ["NEW_MEMBERS"] = 2 });
        var bad = await FilledTemplateAsync(db, "D1-S1-U1", "2025-03", new() { ["NEW_MEMBERS"] = -1, ["INSPECTIONS"] = 1.5 });

        var (exit, output, _) = await db.RunAsync("import", good, bad, db.PathOf("missing.xlsx"));

        Assert.Equal(3, exit);
        var reports = Lines(output);
        Assert.Equal(["accepted", "refused", "refused"], reports.Select(r => r.GetProperty("status").GetString()));
        var errors = reports[1].GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("sheet").GetString(), e.GetProperty("cell").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([("月报表", "F13", "NEGATIVE"), ("月报表", "F16", "FRACTION")], errors);
        Assert.Contains("不能为负数", reports[1].GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task UsersAddPrintsAGeneratedPasswordAndRejectsUnknownRoles()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var user = await db.RunJsonAsync("users", "add", "--name", "zhang", "--role", "区级/街道管理员", "--scope", "D1");
        Assert.Equal("DistrictAdmin", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("password").GetString()!.Length >= 12);

        var (exit, _, error) = await db.RunAsync("users", "add", "--name", "li", "--role", "boss");
        Assert.Equal(2, exit);
        Assert.Contains("未知角色", error);
        Assert.Equal(2, (await db.RunAsync("users", "add", "--name", "wang", "--role", "Reporter")).Exit);
    }

    [Fact]
    public async Task OrganisationImportReportsWhatChangedAndRefusesUnknownParents()
    {
        using var db = await TempDatabase.WithTreeAsync(Provider);
        var again = await db.RunJsonAsync("orgs", "import", db.Write("orgs2.xlsx", TestTree.Workbook()));
        Assert.Equal((0, 8), (again.GetProperty("created").GetInt32(), again.GetProperty("unchanged").GetInt32()));

        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("组织");
        ws.Cell("A1").SetValue("组织代码"); ws.Cell("B1").SetValue("组织名称"); ws.Cell("C1").SetValue("上级组织代码");
        ws.Cell("A2").SetValue("D3-U1"); ws.Cell("B2").SetValue("孤儿党支部"); ws.Cell("C2").SetValue("D3");
        var (exit, output, _) = await db.RunAsync("orgs", "import", db.Write("bad.xlsx", TestTree.Save(wb)));
        Assert.Equal(3, exit);
        Assert.Contains("UNKNOWN_PARENT", output);
    }
}

/// <summary>The same verbs on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”: every verb works on both).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class SpineTestsOnPostgreSql : SpineTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
