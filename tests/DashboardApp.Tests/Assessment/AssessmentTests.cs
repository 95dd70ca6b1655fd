using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Assessment;

/// <summary>
/// The year-end assessment of city C's two districts for 2026, every method at work. D1 (street D1-S1: U1, U2) has a plan of 10 发展党员 and
/// D2 (its unit U3) of 5; U1 developed 1 a month, U3 2 a month for January—June only. 学习研讨 ≥ 1 每月: U1 every month, U2 every month but
/// March (0), U3 January—June. Every month was reported by the 5th of the next; U2's March was sent back once. D1 has 8 of 10 人工评分 points.
/// </summary>
public class AssessmentTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private const string Scheme = """
        {"year": 2026, "name": "2026年度党建工作目标考核细则",
         "items": [
           {"name": "发展党员计划完成率", "points": 40, "method": "completion", "indicator": "NEW_MEMBERS"},
           {"name": "学习研讨达标", "points": 20, "method": "standard", "indicator": "STUDY_SESSIONS"},
           {"name": "发展党员数排名", "points": 10, "method": "rank", "indicator": "NEW_MEMBERS", "rankPoints": [10, 8]},
           {"name": "按时报送", "points": 10, "method": "timeliness"},
           {"name": "报送质量", "points": 10, "method": "quality", "deductions": {"perSentBack": 1, "perCorrection": 0.5, "perChangeAfterVerified": 0.5}},
           {"name": "党建品牌创建", "points": 10, "method": "manual"}],
         "grades": [{"name": "五星", "min": 90}, {"name": "四星", "min": 80}, {"name": "三星", "min": 60}]}
        """;

    private async Task<(ServicesDatabase Database, FixedClock Clock)> YearAsync()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        var database = await ServicesDatabase.SmallCityAsync(Provider, clock);
        var admin = Actor.System("test");
        await database.Get<Targets>().SetAsync(admin, "D1", "NEW_MEMBERS", 2026, 0, 10);
        await database.Get<Targets>().SetAsync(admin, "D2", "NEW_MEMBERS", 2026, 0, 5);
        await database.Get<Standards>().SetAsync(admin, "STUDY_SESSIONS", 1, StandardPer.Month);
        for (var m = 1; m <= 12; m++)
        {
            var month = Period.Month(2026, m);
            clock.Now = new DateTimeOffset(month.End.AddDays(5).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            await database.ImportAsync("D1-S1-U1", month, new() { ["NEW_MEMBERS"] = 1, ["STUDY_SESSIONS"] = 1 });
            await database.ImportAsync("D1-S1-U2", month, new() { ["NEW_MEMBERS"] = 0, ["STUDY_SESSIONS"] = m == 3 ? 0 : 1 });
            if (m <= 6) await database.ImportAsync("D2-U3", month, new() { ["NEW_MEMBERS"] = 2, ["STUDY_SESSIONS"] = 1 });
        }
        clock.Now = new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.Zero);
        await database.Get<MonthReviews>().DecideAsync(admin, database.Tree.ByCode("D1-S1-U2")!, Period.Month(2026, 3), MonthDecision.SentBack,
            "学习研讨次数为 0，请核对");
        await database.Rollups().RunFullAsync();
        Assert.Empty(await database.Get<Assessments>().SaveSchemeAsync(Scheme, admin));
        Assert.Null(await database.Get<Assessments>().ScoreAsync(admin, "D1", 2026, "党建品牌创建", 8, "“红色引擎”品牌获市级表彰"));
        return (database, clock);
    }

    [Fact]
    public async Task EachChildIsScoredByEveryMethodRankedAndGraded()
    {
        var (database, _) = await YearAsync();
        await using var _db = database;
        var (result, problem) = await database.Get<Assessments>().ComputeAsync(database.Tree.ByCode("C")!, 2026);
        Assert.Null(problem);
        Assert.False(result!.Partial);
        var d1 = result.Rows.Single(r => r.Org == "D1");
        var d2 = result.Rows.Single(r => r.Org == "D2");
        Assert.Equal([40m, 10m, 10m, 10m, 9m, 8m], d1.Items.Select(i => i.Score));
        Assert.Equal([40m, 0m, 10m, 5m, 10m, 0m], d2.Items.Select(i => i.Score));
        Assert.Equal((87m, 1, "四星"), (d1.Total, d1.Rank, d1.Grade));
        Assert.Equal((65m, 2, "三星"), (d2.Total, d2.Rank, d2.Grade));
        Assert.Equal("2026年完成 12人，目标 10人，完成率 120.0%", d1.Items[0].Basis);
        Assert.Contains("达标 1 个，未达标 1 个，未报 0 个，达标率 50.0%", d1.Items[1].Basis);
        Assert.Equal("发展党员数 12人，列第 1 名（共 2 个）", d2.Items[2].Basis);
        Assert.Equal("应报 12 个单位月，按时 6 个，按时报送率 50.0%", d2.Items[3].Basis);
        Assert.StartsWith("退回 1 次", d1.Items[4].Basis);
        Assert.Equal("尚未评分", d2.Items[5].Basis);
    }

    [Fact]
    public async Task APublishedResultStaysAsPublishedAndALaterUploadShowsWhatMoved()
    {
        var (database, clock) = await YearAsync();
        await using var _db = database;
        var assessments = database.Get<Assessments>();
        var city = database.Tree.ByCode("C")!;
        Assert.Null(await assessments.PublishAsync(Actor.System("test"), "C", 2026));

        // U2 reports a 学习研讨 for March after all: D1's street now meets the standard everywhere.
        await database.ImportAsync("D1-S1-U2", Period.Month(2026, 3), new() { ["NEW_MEMBERS"] = 0, ["STUDY_SESSIONS"] = 2 });
        await database.Rollups().RunIncrementalAsync();
        var published = await assessments.PublishedAsync(city, 2026);
        var (now, _) = await assessments.ComputeAsync(city, 2026);
        Assert.Equal(87m, published!.Rows.Single(r => r.Org == "D1").Total);
        Assert.Equal(97m, now!.Rows.Single(r => r.Org == "D1").Total);
        var change = Assert.Single(AssessmentDifferences(published, now));
        Assert.Equal("D1", change.Org);
        Assert.Contains(change.Changes, c => c.StartsWith("学习研讨达标 10 → 20", StringComparison.Ordinal));
        Assert.Contains("总分 87 → 97", change.Changes);
        Assert.Contains("等次 四星 → 五星", change.Changes);

        await using var db = await database.Factory.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Subject == "考核结果");
        Assert.Equal(("发布", "C 2026年"), (entry.Action, entry.Target));
    }

    [Fact]
    public async Task ManualScoresAndPublishingFollowScopeAndTheScheme()
    {
        var (database, _) = await YearAsync();
        await using var _db = database;
        var assessments = database.Get<Assessments>();
        var street = new Actor("jiedao", Roles.DistrictAdmin, "D1-S1");
        Assert.Equal(Actor.Unknown("D2", "管理"), await assessments.ScoreAsync(street, "D2", 2026, "党建品牌创建", 5, "好"));
        Assert.Equal(Actor.Unknown("D2", "管理"), await assessments.PublishAsync(street, "D2", 2026));
        Assert.Equal(Actor.NoRights, await assessments.ScoreAsync(new Actor("u", Roles.Reporter, "D1-S1-U1"), "D1-S1-U1", 2026, "党建品牌创建", 5, "好"));
        Assert.Equal("“党建品牌创建”的得分应在 0 到 10 之间", await assessments.ScoreAsync(Actor.System("t"), "D2", 2026, "党建品牌创建", 11, "好"));
        Assert.Equal("2026年考核细则中没有人工评分项目“按时报送”", await assessments.ScoreAsync(Actor.System("t"), "D2", 2026, "按时报送", 5, "好"));
        Assert.Equal("请填写评分说明", await assessments.ScoreAsync(Actor.System("t"), "D2", 2026, "党建品牌创建", 5, "  "));
        Assert.Equal(["尚未设定2025年考核细则"], (await assessments.SchemeAsync(2025)).Problems);
    }

    [Fact]
    public async Task ANewYearsSchemeStartsFromTheLatestEarlierOneAndASchemeNamingAnUnknownIndicatorIsRefused()
    {
        var (database, _) = await YearAsync();
        await using var _db = database;
        var assessments = database.Get<Assessments>();
        var next = await assessments.SchemeTextAsync(2027);
        Assert.Contains("\"year\": 2027", next);
        Assert.Contains("2027年度党建工作目标考核细则", next);
        Assert.Null(await assessments.SchemeTextAsync(2020));
        Assert.Equal(["第 1 项“x”的指标“NOPE”不存在"], await assessments.SaveSchemeAsync(
            """{"year": 2027, "name": "n", "items": [{"name": "x", "points": 5, "method": "completion", "indicator": "NOPE"}]}""", Actor.System("t")));
        Assert.Equal([Actor.NoRights], await assessments.SaveSchemeAsync(next!, new Actor("qu", Roles.DistrictAdmin, "D1")));
        Assert.Empty(await assessments.SaveSchemeAsync(next!, Actor.System("t")));
        Assert.Equal(2027, (await assessments.SchemeAsync(2027)).Scheme!.Year);
    }

    private static List<AssessmentChange> AssessmentDifferences(AssessmentResult published, AssessmentResult now) => Assessments.Differences(published, now);
}

[Trait("Engine", "PostgreSQL")]
public sealed class AssessmentTestsOnPostgreSql : AssessmentTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

/// <summary>The verbs: assess scheme import (refused with the reason), assess (one JSON line per child), publish and --published.</summary>
public class AssessVerbTests
{
    [Fact]
    public async Task ASchemeIsImportedAndEachChildPrintsOneLine()
    {
        using var db = await TempDatabase.WithTreeAsync();
        var bad = db.Write("bad.json", System.Text.Encoding.UTF8.GetBytes(
            """{"year": 2025, "name": "细则", "items": [{"name": "完成率", "points": 50, "method": "completion", "indicator": "NOPE"}]}"""));
        var (exit, output, _) = await db.RunAsync("assess", "scheme", "import", bad);
        Assert.Equal(3, exit);
        Assert.Contains("第 1 项“完成率”的指标“NOPE”不存在", output);

        var good = db.Write("scheme.json", System.Text.Encoding.UTF8.GetBytes("""
            {"year": 2025, "name": "2025年度考核细则",
             "items": [{"name": "发展党员计划完成率", "points": 60, "method": "completion", "indicator": "NEW_MEMBERS"},
                       {"name": "述职评议", "points": 40, "method": "manual"}],
             "grades": [{"name": "好", "topShare": 0.5}]}
            """));
        Assert.Equal("accepted", (await db.RunJsonAsync("assess", "scheme", "import", good)).GetProperty("status").GetString());
        await db.RunJsonAsync("import", db.Write("u1.xlsx", TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U1"), Period.Month(2025, 3),
            new Dictionary<string, object> { ["NEW_MEMBERS"] = 3 })));
        await db.RunJsonAsync("rollup");
        var plan = new ClosedXML.Excel.XLWorkbook();
        var ws = plan.Worksheets.Add("计划");
        ws.Cell(1, 1).SetValue("组织代码"); ws.Cell(1, 2).SetValue("指标"); ws.Cell(1, 3).SetValue("年度目标");
        ws.Cell(2, 1).SetValue("D1"); ws.Cell(2, 2).SetValue("发展党员数"); ws.Cell(2, 3).SetValue(4);
        ws.Cell(3, 1).SetValue("D2"); ws.Cell(3, 2).SetValue("发展党员数"); ws.Cell(3, 3).SetValue(2);
        await db.RunJsonAsync("targets", "import", db.Write("plan.xlsx", TestTree.Save(plan)), "--year", "2025");
        await db.RunJsonAsync("assess", "score", "--org", "D2", "--year", "2025", "--item", "述职评议", "--score", "30", "--note", "述职评议良好");

        var (code, lines, _) = await db.RunAsync("assess", "--org", "C", "--year", "2025");
        Assert.Equal(0, code);
        var rows = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["D1", "D2"], rows.Select(r => r.GetProperty("org").GetString()));
        // D1: 3 of 4 → 45; D2: nothing reported of 2 → 0, plus 30 manual. The top half (one of two) is 好.
        Assert.Equal((45m, 1, "一区区委", "好"), (rows[0].GetProperty("total").GetDecimal(), rows[0].GetProperty("rank").GetInt32(),
            rows[0].GetProperty("orgName").GetString(), rows[0].GetProperty("grade").GetString()));
        Assert.Equal((System.Text.Json.JsonValueKind.Null, 30m), (rows[1].GetProperty("grade").ValueKind, rows[1].GetProperty("total").GetDecimal()));
        var item = rows[0].GetProperty("items")[0];
        Assert.Equal(("发展党员计划完成率", 60m, 45m), (item.GetProperty("name").GetString(), item.GetProperty("points").GetDecimal(),
            item.GetProperty("score").GetDecimal()));
        Assert.Contains("完成率 75.0%", item.GetProperty("basis").GetString());

        var (unpublished, _, error) = await db.RunAsync("assess", "--org", "C", "--year", "2025", "--published");
        Assert.Equal((2, true), (unpublished, error.Contains("尚未发布", StringComparison.Ordinal)));
        await db.RunJsonAsync("assess", "publish", "--org", "C", "--year", "2025");
        var (_, frozen, _) = await db.RunAsync("assess", "--org", "C", "--year", "2025", "--published");
        Assert.Equal(lines, frozen);
    }
}
