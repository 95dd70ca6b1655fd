using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Indicators;

/// <summary>
/// Indicators added without code: uploads read a new indicator by its aliases, an alias belongs to one indicator, and the meaning of a reported indicator stays.
/// Tree: C → D1 → D1-S1 → U1, U2; C → D2 → D2-U3.
/// </summary>
public class CatalogueAdminTests
{
    /// <summary>The engine these tests run on; <see cref="CatalogueAdminTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task AnIndicatorAddedWithoutCodeIsReadFromUploadsByItsAlias()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
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
        var report = await database.Importer.ImportAsync(TestTree.Save(wb), "谈话.xlsx", Actor.System("clerk"));

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
        var entry = (await database.AuditAsync()).Single(a => a.Subject == "指标" && a.Actor == "boss");
        Assert.Equal(("boss", "新增"), (entry.Actor, entry.Action));
        Assert.Contains("别名：谈心谈话、谈话次数", AuditText.Describe(entry.After));
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class CatalogueAdminTestsOnPostgreSql : CatalogueAdminTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
