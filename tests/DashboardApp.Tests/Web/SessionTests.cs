using System.Net;
using DashboardApp.Core.Access;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Tests.Web;

/// <summary>A sign-in ends when it should: at 退出 on the server (a copied cookie opens nothing), after its absolute lifetime however busy,
/// and a refused sign-in does the same work whatever the name.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private string _password = "";
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private readonly CountingHasher _hasher = new();
    private WebApplicationFactory<Program> _factory = default!;

    public async Task InitializeAsync()
    {
        await _db.RunJsonAsync("orgs", "import", _db.Write("orgs.xlsx", TestTree.Workbook()));
        _password = (await _db.RunJsonAsync("users", "add", "--name", "boss", "--role", "Admin")).GetProperty("password").GetString()!;
        await _db.RunJsonAsync("users", "add", "--name", "gone", "--role", "Viewer");
        await _db.RunJsonAsync("users", "add", "--name", "often", "--role", "Viewer");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("db", _db.DbPath);
            b.UseSetting("Dashboard:SessionLifetime", "00:10:00");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                s.AddSingleton<IPasswordHasher<AppUser>>(_hasher);
            });
        });
    }

    private HttpClient Client(bool cookies = true) =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });

    /// <summary>The sign-in cookie a browser would keep, as a Cookie header.</summary>
    private static string AuthCookie(HttpResponseMessage signIn) => string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
        .Where(c => c.StartsWith("DashboardApp.Auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));

    private static async Task<HttpStatusCode> OpenWithAsync(HttpClient client, string cookie, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task SigningOutEndsTheSessionOnTheServerSoAKeptCookieOpensNothing()
    {
        var browser = Client();
        var cookie = AuthCookie(await WebSignIn.SignInAsync(browser, "boss", _password));
        var thief = Client(cookies: false);
        Assert.Equal(HttpStatusCode.OK, await OpenWithAsync(thief, cookie));

        var token = WebSignIn.Token(await browser.GetStringAsync("/"));
        var logout = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await OpenWithAsync(thief, cookie));
        Assert.NotEqual(HttpStatusCode.OK, await OpenWithAsync(thief, cookie, "/api/export/ranking?org=C&period=2025&indicator=STUDY_SESSIONS"));
    }

    [Fact]
    public async Task ASignInEndsAfterItsAbsoluteLifetimeHoweverActive()
    {
        var browser = Client();
        await WebSignIn.SignInAsync(browser, "boss", _password);
        // Busy every few minutes: the sliding expiry (8 hours) never runs out, the absolute one (10 minutes here) does.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
            _clock.Now += TimeSpan.FromMinutes(3);
        }
        _clock.Now += TimeSpan.FromMinutes(2);
        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ARefusedSignInChecksAPasswordWhateverTheName()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var gone = (await users.FindByNameAsync("gone"))!;
            await users.SetLockoutEndDateAsync(gone, DateTimeOffset.MaxValue); // 停用
        }
        var client = Client();
        for (var i = 0; i < 5; i++) await WebSignIn.SignInAsync(client, "often", "wrong-" + i); // locked now
        foreach (var name in new[] { "nobody-by-this-name", "gone", "often", "boss" })
        {
            var before = _hasher.Verified;
            var response = await WebSignIn.SignInAsync(client, name, "not-the-password");
            Assert.Contains("error=invalid", response.Headers.Location!.OriginalString);
            Assert.Equal(before + 1, _hasher.Verified);
        }
    }

    [Fact]
    public async Task ASignInWithAStaleFormIsAnsweredPageExpiredNotAnError()
    {
        var client = Client();
        await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "boss", ["password"] = _password, ["__RequestVerificationToken"] = "CfDJ8-from-a-page-left-open-for-days",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("页面已过期", await response.Content.ReadAsStringAsync());
        // Not a form at all: the same answer.
        var json = await client.PostAsync("/account/login", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Fact]
    public async Task EveryUserChangesTheirOwnPasswordAndOtherSignInsEnd()
    {
        var desk = Client();
        var other = Client();
        await WebSignIn.SignInAsync(desk, "boss", _password);
        await WebSignIn.SignInAsync(other, "boss", _password);

        async Task<string?> ChangeAsync(string current, string next, string again)
        {
            var token = WebSignIn.Token(await desk.GetStringAsync("/account"));
            var response = await desk.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["current"] = current, ["next"] = next, ["again"] = again, ["__RequestVerificationToken"] = token,
            }));
            return response.Headers.Location?.OriginalString;
        }
        Assert.Equal("/account?password=wrong", await ChangeAsync("not-it", "Neu-Passwort-2026", "Neu-Passwort-2026"));
        Assert.Equal("/account?password=mismatch", await ChangeAsync(_password, "Neu-Passwort-2026", "Neu-Passwort-2027"));
        Assert.Equal("/account?password=weak", await ChangeAsync(_password, "short", "short"));
        Assert.Equal("/account?password=changed", await ChangeAsync(_password, "Neu-Passwort-2026", "Neu-Passwort-2026"));
        Assert.Contains("密码已修改", await desk.GetStringAsync("/account?password=changed"));

        // This browser goes on; the other one's sign-in has ended; the new password signs in and the old one does not.
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/")).StatusCode);
        Assert.Contains("error=invalid", (await WebSignIn.SignInAsync(Client(), "boss", _password)).Headers.Location!.OriginalString);
        Assert.DoesNotContain("error", (await WebSignIn.SignInAsync(Client(), "boss", "Neu-Passwort-2026")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnAddressSendingManyWrongTokensIsSlowedDownForAMinute()
    {
        var client = Client(cookies: false);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dpat_guessed");
        for (var i = 0; i < Api.FailedTokens.PerMinute; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/catalogue")).StatusCode);
        var slowed = await client.GetAsync("/api/v1/catalogue");
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.NotNull(slowed.Headers.RetryAfter);
        Assert.Contains("无效令牌过多", await slowed.Content.ReadAsStringAsync());
        _clock.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/catalogue")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }

    /// <summary>The application's hasher, counting the passwords it checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
