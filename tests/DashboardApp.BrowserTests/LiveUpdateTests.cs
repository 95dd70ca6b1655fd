using DashboardApp.Core.Access;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class LiveUpdateTests(DemoAppFixture app)
{
    [Fact]
    public async Task AnOpenReportingPageCountsAUnitThatReportsWhileItIsOpen()
    {
        var (before, missing) = await app.MonthWithAMissingUnitAsync("D02");
        var (_, catalogue, _) = await app.ReferenceAsync();

        var page = await app.SignedInPageAsync(Roles.Viewer);
        await app.GoInteractiveAsync(page, $"/reporting?org=D02&period={before.Month}");
        var total = page.Locator("[data-testid=reporting-total]");
        await Assertions.Expect(total).ToContainTextAsync($"未报 {before.Total.Missing}");

        // The unit sends its figures late; the page is not reloaded.
        var file = DemoAppFixture.UnitWorkbook(missing, before.Month, catalogue, 2);
        var report = await app.Services.GetRequiredService<SubmissionService>().ImportAsync(file, "补报.xlsx", Actor.System("test"));
        Assert.Equal(ImportStatus.Accepted, report.Status);
        await app.Services.GetRequiredService<RollupService>().RunIncrementalAsync();

        await Assertions.Expect(total).ToContainTextAsync($"逾期 {before.Total.Late + 1}，未报 {before.Total.Missing - 1}");
    }
}
