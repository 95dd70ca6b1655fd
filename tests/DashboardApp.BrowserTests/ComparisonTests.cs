using System.Text.RegularExpressions;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class ComparisonTests(DemoAppFixture app)
{
    [Fact]
    public async Task ADistrictsStreetsAreComparedWithTheFiguresTheQueryGives()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var month = app.DemoMonth;
        var expected = await app.Services.GetRequiredService<FigureQueries>()
            .GetAsync(tree.ByCode("D01")!, month, catalogue.ByCode("STUDY_SESSIONS")!, tree, withChildren: true);

        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/?org=D01&period={month}&indicator=STUDY_SESSIONS");

        var rows = page.Locator("[data-testid=comparison-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Children!.Count);
        await Assertions.Expect(page.Locator("[data-testid=comparison-chart]")).ToBeVisibleAsync();
        foreach (var child in expected.Children)
        {
            var row = page.Locator($"[data-testid=comparison-table] tr[data-org='{child.Org}']");
            await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Format.Number(child.Value));
            await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(Format.Number(child.LastYear));
            await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(Format.Yoy(child.Yoy));
        }

        // Drill-down: a street's name opens the same view for the street.
        var street = expected.Children[0];
        await page.ClickAsync($"[data-testid=comparison-table] tr[data-org='{street.Org}'] a");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"org={Regex.Escape(street.Org)}"));
        await Assertions.Expect(page.Locator(".context-line strong").First).ToHaveTextAsync(street.OrgName, new() { Timeout = 15_000 });
    }
}
