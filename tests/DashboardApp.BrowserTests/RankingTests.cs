using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class RankingTests(DemoAppFixture app)
{
    [Fact]
    public async Task TheRankingShowsTheQueryFiguresExportsTheSameNumbersAndDrillsDownWithABreadcrumb()
    {
        var month = app.DemoMonth;
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/ranking?org=D01&period={month}&indicator=STUDY_SESSIONS");

        var rows = page.Locator("[data-testid=ranking-grid] .rz-data-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var onScreen = new List<string[]>();
        foreach (var row in await rows.AllAsync())
            onScreen.Add((await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray());

        // The screen: ranked by value, as the query computes.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var tree = await db.LoadTreeAsync();
            var figure = await app.Services.GetRequiredService<FigureQueries>()
                .GetAsync(tree.ByCode("D01")!, month, (await db.LoadCatalogueAsync()).ByCode("STUDY_SESSIONS")!, tree, withChildren: true,
                    comparable: true);
            var expected = Ranking.Of(figure, tree);
            Assert.Equal(expected.Select(r => (r.Org, Format.Number(r.Value), Format.Yoy(r.Yoy), Format.Yoy(r.YoyComparable))),
                onScreen.Select(r => (r[7], r[2], r[4], r[5])));
            Assert.All(expected, r => Assert.NotNull(r.ComparableUnits));
        }

        // The export: the same rows, in the same order, with the same numbers as shown.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=ranking-export]"));
        using var wb = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync())));
        var exported = wb.Worksheet("排名").RowsUsed().Where(r => r.RowNumber() > 3)
            .Select(r => new[] { r.Cell(1).GetFormattedString(), r.Cell(2).GetString(), r.Cell(4).GetFormattedString(), Yoy(r.Cell(6)),
                Yoy(r.Cell(7)) }).ToList();
        // On screen: 排名, 组织, 本期, 上年同期, 同比, 可比同比, 报送单位, 组织代码 (last, so a phone shows the figures).
        Assert.Equal(onScreen.Select(r => (r[0], r[7], r[2], r[4], r[5])), exported.Select(r => (r[0], r[1], r[2], r[3], r[4])));

        // Drill-down: a street, then back up through the breadcrumb.
        static string Yoy(IXLCell cell)
        {
            if (cell.DataType != XLDataType.Number) return cell.GetString();
            Assert.Equal("+0.0%;-0.0%;0.0%", cell.Style.NumberFormat.Format); // Excel shows it as the screen does: +47.7%
            return Format.Yoy((decimal)cell.GetDouble());
        }

        var street = onScreen[0][7];
        await page.ClickAsync($"[data-testid=ranking-grid] a:text-is('{onScreen[0][1]}')");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"org={Regex.Escape(street)}"));
        await Assertions.Expect(page.Locator("[data-testid=breadcrumb]")).ToContainTextAsync("东城区委");
        await Assertions.Expect(rows.First).ToContainTextAsync(street);
        await page.ClickAsync("[data-testid=breadcrumb] a:text-is('东城区委')");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("org=D01&"));
        await Assertions.Expect(rows).ToHaveCountAsync(onScreen.Count);
    }
}
