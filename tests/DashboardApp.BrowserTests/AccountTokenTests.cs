using System.Net;
using System.Net.Http.Headers;
using DashboardApp.Core.Access;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

/// <summary>我的账号: a personal access token made on the page works against the API at once and stops at once when revoked there.</summary>
[Collection(DemoAppCollection.Name)]
public class AccountTokenTests(DemoAppFixture app)
{
    [Fact]
    public async Task ATokenMadeOnTheAccountPageOpensTheApiUntilItIsRevokedThere()
    {
        var page = await app.SignedInPageAsync(Roles.Reporter);
        await app.GoInteractiveAsync(page, "/account");
        await page.FillAsync("input[name=tokenName]", "单位台账同步");
        await page.ClickAsync("[data-testid=token-create]");
        var secret = (await page.Locator("[data-testid=new-token]").InnerTextAsync()).Trim();
        Assert.StartsWith("dpat_", secret);
        var row = page.Locator("[data-testid=token-grid] .rz-data-row", new() { HasText = "单位台账同步" });
        await Assertions.Expect(row).ToContainTextAsync("有效");
        // The grid shows the token's first characters, never the rest.
        Assert.DoesNotContain(secret, await page.Locator("[data-testid=token-grid]").InnerTextAsync());

        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var unit = app.Accounts.For(Roles.Reporter).Scope;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/organisations?org={unit}")).StatusCode);

        await row.Locator("button", new() { HasText = "吊销" }).ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "吊销" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("已吊销");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/v1/organisations?org={unit}")).StatusCode);
    }
}
