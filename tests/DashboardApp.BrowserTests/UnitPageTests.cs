using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class UnitPageTests(DemoAppFixture app)
{
    [Fact]
    public async Task AReporterSeesTheirUnitsHistoryAndSubmissionsButNoOtherUnit()
    {
        var reporter = app.Accounts.For(Roles.Reporter);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var unit = tree.ByCode(reporter.Scope!)!;
        var study = (await db.LoadCatalogueAsync()).ByCode("STUDY_SESSIONS")!;
        var figures = app.Services.GetRequiredService<FigureQueries>();
        var year = app.DemoMonth.Year;
        var months = await figures.MonthlySeriesAsync(unit, year, study, tree);
        var submissions = await db.Submissions.CountAsync(s => s.OrganisationId == unit.Id);

        var page = await app.SignedInPageAsync(Roles.Reporter);
        await app.GoInteractiveAsync(page, $"/units/{unit.Code}?year={year}");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(unit.Name);
        var cells = page.Locator("[data-testid=history] tr[data-indicator=STUDY_SESSIONS] td");
        for (var m = 0; m < 12; m++)
            await Assertions.Expect(cells.Nth(m + 1)).ToHaveTextAsync(Format.Number(months[m]));
        // 报送记录: the first page of the unit's submissions (12 to a page), and a pager when there are more.
        Assert.True(submissions > 0);
        await Assertions.Expect(page.Locator("[data-testid=unit-submissions] .rz-data-row")).ToHaveCountAsync(Math.Min(12, submissions));
        await Assertions.Expect(page.Locator("[data-testid=unit-submissions] .rz-pager")).ToHaveCountAsync(submissions > 12 ? 1 : 0);

        var other = tree.ReportingUnitsUnder(tree.ByCode("D02")!.Id).First();
        await app.GoInteractiveAsync(page, $"/units/{other.Code}");
        await Assertions.Expect(page.GetByText($"找不到组织代码为“{other.Code}”的基层党组织")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync(other.Name);
    }
}
