using DashboardApp.Core.Access;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class RoleTests(DemoAppFixture app)
{
    public static TheoryData<string, string[], string[]> Menus => new()
    {
        { Roles.Admin, ["总览", "数据上传", "汇总任务", "用户管理", "组织机构", "指标目录", "统计期", "审计日志"], [] },
        { Roles.DistrictAdmin, ["总览", "数据上传", "用户管理"], ["汇总任务", "组织机构", "指标目录", "审计日志"] },
        { Roles.Reporter, ["总览", "数据上传", "提交记录"], ["用户管理", "汇总任务", "审计日志"] },
        { Roles.Viewer, ["总览", "排名", "数据复核"], ["数据上传", "用户管理", "汇总任务"] },
    };

    [Theory]
    [MemberData(nameof(Menus))]
    public async Task EachDemoRoleSeesItsOwnMenuAndIsTurnedAwayFromTheRest(string role, string[] shown, string[] hidden)
    {
        var page = await app.SignedInPageAsync(role);
        await app.GoInteractiveAsync(page, "/");
        var menu = page.Locator(".rz-sidebar");
        foreach (var item in shown) await Assertions.Expect(menu.GetByText(item, new() { Exact = true })).ToBeVisibleAsync();
        foreach (var item in hidden) await Assertions.Expect(menu.GetByText(item, new() { Exact = true })).ToHaveCountAsync(0);
        if (role != Roles.Admin)
        {
            // Typing the address of a page the menu does not offer gets the 无权访问 page, not the page.
            await page.GotoAsync(app.BaseUrl + "/admin/audit");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权访问");
        }
    }

    [Fact]
    public async Task AnAdministratorLocksAMonthAndFindsItInTheAuditLog()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/admin/periods");
        // The grid shows 24 months at a time; the oldest demo months are on its second page.
        var month = app.DemoMonth.AndEarlierMonths().Skip(3).First().ToString();
        await page.ClickAsync($"[data-testid='lock-{month}']");
        await Assertions.Expect(page.Locator($"[data-testid='locked-{month}']")).ToContainTextAsync("已锁定（admin");

        await app.GoInteractiveAsync(page, $"/admin/audit?subject=统计期&text={month}");
        var rows = page.Locator("[data-testid=audit-grid] .rz-data-row");
        await Assertions.Expect(rows.First).ToContainTextAsync("admin");
        await Assertions.Expect(rows.First).ToContainTextAsync("锁定");

        await app.GoInteractiveAsync(page, "/admin/periods");
        await page.ClickAsync($"[data-testid='lock-{month}']");
        await Assertions.Expect(page.Locator($"[data-testid='locked-{month}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ADistrictOfficerCreatesAReporterWhoSignsInWithThePasswordShownOnce()
    {
        var page = await app.SignedInPageAsync(Roles.DistrictAdmin);
        await app.GoInteractiveAsync(page, "/admin/users");
        var name = $"clerk{Environment.TickCount64 % 100000}";
        await page.FillAsync("input[name=userName]", name);
        await page.FillAsync("input[name=displayName]", "新填报员");
        var scope = page.Locator(".rz-dropdown").Filter(new() { Has = page.Locator("input[name=scope]") });
        await scope.ClickAsync();
        // The list opens as a popup that Radzen may move elsewhere in the page.
        var popup = page.Locator(".rz-dropdown-panel:visible, .rz-popup:visible");
        await popup.Locator(".rz-dropdown-filter").FillAsync("D01-S02-U003");
        // The list is filtered on the server and drawn again: choose only once it has been, or the click may land on
        // an item that is being replaced, and the reporter would be saved without an organisation.
        await Assertions.Expect(popup.Locator(".rz-dropdown-item").First).ToContainTextAsync("D01-S02-U003");
        await popup.Locator(".rz-dropdown-item").Filter(new() { HasText = "D01-S02-U003" }).First.ClickAsync();
        await Assertions.Expect(scope).ToContainTextAsync("D01-S02-U003");
        await page.ClickAsync("[data-testid=user-save]");
        var password = await page.Locator("[data-testid=new-password]").InnerTextAsync();
        Assert.Equal(16, password.Length);
        await Assertions.Expect(page.Locator("[data-testid=users-grid]")).ToContainTextAsync(name);
        // Only 单位填报员 of the officer's own district are listed.
        await Assertions.Expect(page.Locator("[data-testid=users-grid]")).Not.ToContainTextAsync("组织部管理员");

        var clerk = await app.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN" });
        await clerk.GotoAsync(app.BaseUrl + "/");
        await clerk.FillAsync("#userName", name);
        await clerk.FillAsync("#password", password);
        await clerk.ClickAsync("button[type=submit]");
        await clerk.WaitForURLAsync(u => !u.Contains("/account/login"));
        await Assertions.Expect(clerk.Locator(".app-user")).ToContainTextAsync("新填报员（单位填报员）");
    }
}
