using DashboardApp.Access;
using DashboardApp.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>An open tab has only the rights its account has now: disabling or demoting an account reaches its open pages.</summary>
[Collection(DemoAppCollection.Name)]
public class OpenTabTests(DemoAppFixture app)
{
    private static string Name(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..14];

    /// <summary>A new account of this role and scope, signed in, with a page open and interactive.</summary>
    private async Task<(string Name, IPage Page)> OpenAsNewAccountAsync(string prefix, string role, string? scope, string path)
    {
        var name = Name(prefix);
        var password = await app.AsAdministratorAsync(a => a.CreateAsync(UserAccounts.Demo, name, role, scope, "临时账号"));
        var page = await app.SignedInPageAsync(name, password);
        await app.GoInteractiveAsync(page, path);
        return (name, page);
    }

    [Fact]
    public async Task ADisabledAdministratorsOpenUserPageCannotCreateAUser()
    {
        var (admin, page) = await OpenAsNewAccountAsync("adm", Roles.Admin, null, "/admin/users");

        await app.AsAdministratorAsync(async a => { await a.SetEnabledAsync(UserAccounts.Demo, admin, enabled: false); return 0; });

        var created = Name("new");
        await page.FillAsync("input[name=userName]", created);
        await page.ClickAsync("[data-testid=user-save]");
        // Refused with the reason on the page, or already sent to the sign-in page saying why; never created.
        await Assertions.Expect(page.Locator("[data-testid=users-error], .login-error").First).ToContainTextAsync("登录已失效");
        await page.WaitForURLAsync(u => u.Contains("/account/login"));
        await Assertions.Expect(page.Locator(".login-error")).ToContainTextAsync("账号已停用");
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(created));
    }

    [Fact]
    public async Task ADemotedDistrictOfficersOpenRankingShowsNothingOfTheOldScopeAtTheNextRefresh()
    {
        var (officer, page) = await OpenAsNewAccountAsync("dst", Roles.DistrictAdmin, "D01", "/ranking?org=D01");
        var grid = page.Locator("[data-testid=ranking-grid]");
        var street = grid.Locator(".rz-data-row a").First;
        var streetName = await street.InnerTextAsync();

        // Now a viewer of one unit of another district.
        await app.AsAdministratorAsync(async a => { await a.UpdateAsync(UserAccounts.Demo, officer, Roles.Viewer, "D02-S01-U001", null); return 0; });

        // The next refresh (a drill-down inside the open circuit) shows none of D01 and ends at the sign-in page.
        await street.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/account/login"));
        await Assertions.Expect(page.Locator(".login-error")).ToContainTextAsync("角色、所属组织已变更");
        Assert.DoesNotContain(streetName, await page.ContentAsync());
    }

    [Fact]
    public async Task AnIdleOpenPageOfADisabledViewerIsSignedOutWithinTheCheckInterval()
    {
        var (viewer, page) = await OpenAsNewAccountAsync("vwr", Roles.Viewer, "D01", "/reporting?org=D01");

        await app.AsAdministratorAsync(async a => { await a.SetEnabledAsync(UserAccounts.Demo, viewer, enabled: false); return 0; });

        // Nobody touches the page: the circuit's own check (every 3 s in these tests, a minute by default) ends it.
        await page.WaitForURLAsync(u => u.Contains("/account/login"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".login-error")).ToContainTextAsync("登录已失效");
    }
}
