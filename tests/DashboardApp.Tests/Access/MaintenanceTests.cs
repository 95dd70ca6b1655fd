using DashboardApp.Core.Access;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Rollups;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Access;

/// <summary>
/// Organisations, indicators and periods maintained without code, each change audited in the same
/// transaction as the change itself. Tree: C → D1 → D1-S1 → U1, U2; C → D2 → D2-U3.
/// </summary>
public class MaintenanceTests
{
    /// <summary>The engine these tests run on; <see cref="MaintenanceTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly Period March = Period.Month(2025, 3);

    private static OrganisationRow Row(string code, string name, string? parent, DateOnly? closed = null)
        => new(code, name, parent, "党支部", null, closed, 0);

    private static async Task<List<AuditEntry>> AuditAsync(RollupDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task AMovedOrganisationIsAuditedWithItsParentAndNameBeforeAndAfter()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var admin = new OrganisationAdmin(database.Factory);

        var rebuild = await admin.SaveAsync("boss", Row("D2-U3", "二区新名称党支部", "D1-S1"), isNew: false);

        Assert.True(rebuild);
        var entry = (await AuditAsync(database)).Last();
        Assert.Equal(("boss", "组织", "修改"), (entry.Actor, entry.Subject, entry.Action));
        Assert.Equal("名称：组织D2-U3；上级组织：D2；类型：（空）", AuditText.Describe(entry.Before));
        Assert.Contains("上级组织：D1-S1", AuditText.Describe(entry.After));
        Assert.DoesNotContain("Level", entry.After);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(3, (await db.Organisations.SingleAsync(o => o.Code == "D2-U3")).Level);
    }

    [Fact]
    public async Task AChangeNoOneIsNamedForIsRefusedAndNothingIsSaved()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "无人署名的修改";
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("未指明操作人", e.Message);
        }
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal("组织D1", (await check.Organisations.SingleAsync(o => o.Code == "D1")).Name);
    }

    [Fact]
    public async Task WhenTheAuditRecordCannotBeWrittenTheChangeIsNotMadeEither()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var failing = new FaultInjector((command, _) =>
            command.CommandText.Contains("INSERT INTO \"AuditEntries\"") ? new InvalidOperationException("disk full") : null);
        var options = ((DbContextOptionsBuilder<DashboardDbContext>)DashboardDatabase.Configure(new DbContextOptionsBuilder<DashboardDbContext>(),
            database.Settings))
            .AddInterceptors(failing).Options;
        await using (var db = new DashboardDbContext(options) { Actor = "boss" })
        {
            (await db.Organisations.SingleAsync(o => o.Code == "D1")).Name = "改名";
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        }
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal("组织D1", (await check.Organisations.SingleAsync(o => o.Code == "D1")).Name);
        Assert.Empty(await check.AuditEntries.Where(a => a.Subject == "组织" && a.Action == "修改").ToListAsync());
    }

    [Fact]
    public async Task AUnitThatHasReportedCannotBecomeAParentAndACycleIsRefused()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", March, new() { ["STUDY_SESSIONS"] = 2 });
        var admin = new OrganisationAdmin(database.Factory);

        var child = await Assert.ThrowsAsync<Core.InputRefusedException>(()
            => admin.SaveAsync("boss", Row("D1-S1-U1-X", "新支部", "D1-S1-U1"), isNew: true));
        Assert.Contains("已有报送数据的基层党组织", child.Message);
        var cycle = await Assert.ThrowsAsync<Core.InputRefusedException>(() => admin.SaveAsync("boss", Row("D1", "组织D1", "D1-S1"), isNew: false));
        Assert.Contains("循环", cycle.Message);
        // A unit without data may get one; closing a unit keeps it and its history.
        await admin.SaveAsync("boss", Row("D1-S1-U2-A", "二支部一小组", "D1-S1-U2"), isNew: true);
        Assert.True(await admin.SaveAsync("boss", Row("D1-S1-U1", "组织D1-S1-U1", "D1-S1", closed: new DateOnly(2025, 6, 30)), isNew: false));
        Assert.Equal(["新增", "修改"], (await AuditAsync(database)).Where(a => a.Subject == "组织" && a.Actor == "boss").Select(a => a.Action));
    }

    [Fact]
    public async Task ALockedMonthRefusesUploadsUntilUnlockedAndBothAreAudited()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var periods = new PeriodAdmin(database.Factory, TimeProvider.System);
        var file = TestWorkbooks.FilledTemplate(database.Tree.ByCode("D1-S1-U1")!, March, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 });

        await periods.SetLockedAsync("boss", March, locked: true);
        var refused = await database.Importer.ImportAsync(file, "a.xlsx", new Uploader("clerk", null));
        await periods.SetLockedAsync("boss", March, locked: false);
        var accepted = await database.Importer.ImportAsync(file, "a.xlsx", new Uploader("clerk", null));

        Assert.Equal("LOCKED_PERIOD", Assert.Single(refused.Errors).Code);
        Assert.Contains("2025年3月", refused.Errors[0].Message);
        Assert.Equal(ImportStatus.Accepted, accepted.Status);
        var trail = await AuditAsync(database);
        Assert.Equal(["boss 统计期 锁定 2025-03", "boss 统计期 解锁 2025-03", "clerk 报送 上传 a.xlsx"],
            trail.Where(a => a.Actor is "boss" or "clerk").Select(a => $"{a.Actor} {a.Subject} {a.Action} {a.Target}"));
        Assert.Contains("单位：D1-S1-U1", AuditText.Describe(trail[^1].After));
    }

    [Fact]
    public async Task AMonthsOwnDeadlineDecidesWhoIsLate()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var periods = new PeriodAdmin(database.Factory, TimeProvider.System);
        var reporting = new ReportingStatusQueries(database.Factory);
        var district = database.Tree.ByCode("D1")!;

        Assert.Equal(new DateOnly(2025, 4, 10), (await reporting.GetAsync(district, March, database.Tree, 10)).Deadline);
        await periods.SetDeadlineAsync("boss", March, new DateOnly(2025, 4, 20));
        Assert.Equal(new DateOnly(2025, 4, 20), (await reporting.GetAsync(district, March, database.Tree, 10)).Deadline);
        await Assert.ThrowsAsync<Core.InputRefusedException>(() => periods.SetDeadlineAsync("boss", March, new DateOnly(2025, 3, 15)));
        await periods.SetDeadlineAsync("boss", March, null);
        Assert.Equal(new DateOnly(2025, 4, 10), (await reporting.GetAsync(district, March, database.Tree, 10)).Deadline);
        Assert.Equal(["新增", "删除"], (await AuditAsync(database)).Where(a => a.Subject == "报送截止日期").Select(a => a.Action));
    }

    [Fact]
    public async Task AnIndicatorAddedWithoutCodeIsReadFromUploadsByItsAlias()
    {
        await using var database = await RollupDatabase.SmallCityAsync(Provider);
        var catalogue = new CatalogueAdmin(database.Factory);
        await catalogue.SaveAsync("boss", new IndicatorEdit("TALKS_HEART", "谈心谈话次数", "次", "组织建设", Aggregation.Sum, IndicatorValueType.Integer, 0,
            ["谈心谈话", "谈话次数"], 40, null), isNew: true);

        using var wb = new ClosedXML.Excel.XLWorkbook();
        var ws = wb.AddWorksheet("汇总");
        ws.Cell("A1").SetValue("统计期：2025年3月");
        TemplateWriter.Text(ws.Cell("A2"), "单位代码");
        TemplateWriter.Text(ws.Cell("B2"), "谈话次数（次）");
        TemplateWriter.Text(ws.Cell("A3"), "D1-S1-U1");
        ws.Cell("B3").SetValue(6);
        var report = await database.Importer.ImportAsync(TestTree.Save(wb), "谈话.xlsx", new Uploader("clerk", null));

        Assert.Equal(ImportStatus.Accepted, report.Status);
        Assert.Equal(6m, report.Submissions.Single().Values["TALKS_HEART"]);
        var clash = await Assert.ThrowsAsync<Core.InputRefusedException>(()
            => catalogue.SaveAsync("boss", new IndicatorEdit("OTHER", "其他", "次", "组织建设",
            Aggregation.Sum, IndicatorValueType.Integer, 0, ["谈心谈话"], null, null), isNew: true));
        Assert.Contains("同时属于 TALKS_HEART 和 OTHER", clash.Message);
        var meaning = await Assert.ThrowsAsync<Core.InputRefusedException>(()
            => catalogue.SaveAsync("boss", new IndicatorEdit("TALKS_HEART", "谈心谈话次数", "次", "组织建设",
            Aggregation.Last, IndicatorValueType.Integer, 0, ["谈心谈话"], 40, null), isNew: false));
        Assert.Contains("已有报送数据", meaning.Message);
        var entry = (await AuditAsync(database)).Single(a => a.Subject == "指标" && a.Actor == "boss");
        Assert.Equal(("boss", "新增"), (entry.Actor, entry.Action));
        Assert.Contains("别名：谈心谈话、谈话次数", AuditText.Describe(entry.After));
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class MaintenanceTestsOnPostgreSql : MaintenanceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
