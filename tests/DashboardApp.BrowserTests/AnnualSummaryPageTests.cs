using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class AnnualSummaryPageTests(DemoAppFixture app)
{
    [Fact]
    public async Task AYearsSummaryReadsAsReportSentencesAndExportsTheSame()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var year = app.DemoMonth.Year - 1;
        var lines = await app.Services.GetRequiredService<AnnualSummaryQueries>().GetAsync(tree.ByCode("D01")!, year, await db.LoadCatalogueAsync(), tree);
        Assert.All(lines, l => Assert.NotNull(l.Value));

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/summary?org=D01&year={year}");

        var text = page.Locator("[data-testid=summary-text]");
        await Assertions.Expect(text).ToHaveValueAsync(string.Join("\n", lines.Select(l => l.Sentence)));
        Assert.StartsWith("全年累计集中学习研讨次数", lines[0].Sentence);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=summary-export]"));
        using var wb = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync())));
        var sentences = wb.Worksheet("年度数据摘要").RowsUsed().Where(r => r.RowNumber() > 3).Select(r => r.Cell(6).GetString()).ToList();
        Assert.Equal(lines.Select(l => l.Sentence), sentences);
    }
}
