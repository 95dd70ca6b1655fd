using DashboardApp.Core.Access;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class LiveUpdateTests(DemoAppFixture app)
{
    [Fact]
    public async Task AnOpenReportingPageCountsAUnitThatReportsWhileItIsOpen()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var district = tree.ByCode("D02")!;
        var statuses = app.Services.GetRequiredService<ReportingStatusQueries>();
        // A month before the demo's latest in which a D02 unit has not reported.
        ReportingStatus? before = null;
        foreach (var m in app.DemoMonth.AndEarlierMonths().Skip(1).Take(24))
        {
            before = await statuses.GetAsync(district, m, tree, 10);
            if (before.Total.Missing > 0) break;
        }
        Assert.True(before is { Total.Missing: > 0 }, "the demo has a month with a D02 unit missing");
        var missing = tree.ByCode(before.Units.First(u => u.State == ReportState.Missing).Code)!;

        var page = await app.SignedInPageAsync(Roles.Viewer);
        await app.GoInteractiveAsync(page, $"/reporting?org=D02&period={before.Month}");
        var total = page.Locator("[data-testid=reporting-total]");
        await Assertions.Expect(total).ToContainTextAsync($"未报 {before.Total.Missing}");

        // The unit sends its figures late; the page is not reloaded.
        var file = DemoAppFixture.UnitWorkbook(missing, before.Month, await db.LoadCatalogueAsync(), 2);
        var report = await app.Services.GetRequiredService<SubmissionService>().ImportAsync(file, "补报.xlsx", new Uploader("test", null));
        Assert.Equal(ImportStatus.Accepted, report.Status);
        await app.Services.GetRequiredService<RollupService>().RunIncrementalAsync();

        await Assertions.Expect(total).ToContainTextAsync($"逾期 {before.Total.Late + 1}，未报 {before.Total.Missing - 1}");
    }
}
