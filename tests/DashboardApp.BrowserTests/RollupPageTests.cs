using System.Globalization;
using DashboardApp.Core.Access;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class RollupPageTests(DemoAppFixture app)
{
    [Fact]
    public async Task AnAdministratorRunsAFullRebuildAndSeesItsRecordAppearWithoutReloading()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/rollups");
        var rows = page.Locator("[data-testid=rollup-runs] .rz-data-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();
        var newest = int.Parse(await rows.First.Locator("td").First.InnerTextAsync());

        await page.ClickAsync("[data-testid=run-full]");

        // The page is told when the run starts and ends: a new first row, a full rebuild, succeeded.
        var first = rows.First;
        await Assertions.Expect(first.Locator("td").First).Not.ToHaveTextAsync(newest.ToString(CultureInfo.InvariantCulture),
            new() { Timeout = 60_000 });
        await Assertions.Expect(first).ToContainTextAsync("全量重算");
        await Assertions.Expect(first).ToContainTextAsync("成功", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=rollup-status]")).ToContainTextAsync("当前没有正在运行的汇总");
        Assert.True(await rows.CountAsync() >= Math.Min(before + 1, 20));
    }

    [Fact]
    public async Task OnlyAdministratorsSeeTheRollupPage()
    {
        var page = await app.SignedInPageAsync(Roles.Viewer);
        await page.GotoAsync(app.BaseUrl + "/rollups");
        await Assertions.Expect(page.GetByText("您的账号没有访问该页面的权限")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=rollup-runs]")).ToHaveCountAsync(0);
    }
}
