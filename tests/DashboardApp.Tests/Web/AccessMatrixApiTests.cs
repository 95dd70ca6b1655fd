using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Tests.Web;

/// <summary>
/// The access matrix for the REST API (docs/api.md), on both engines: each role's personal access token reads within its account's scope,
/// and an organisation outside it reads exactly like a code that does not exist; writes go through the upload's checks; tokens that no
/// longer hold are refused alike.
/// </summary>
public abstract partial class AccessMatrixTestsBase
{
    /// <summary>The API's scoped reads, each about an organisation.</summary>
    private static readonly Func<Target, string>[] ApiScoped =
    [
        t => $"/api/v1/figures?org={t.View}&period=2025-03&indicator=STUDY_SESSIONS&children=true",
        t => $"/api/v1/figures?org={t.View}&period=2025&indicator=RECTIFICATION_RATE",
        t => $"/api/v1/reporting?org={t.View}&period=2025-03",
        t => $"/api/v1/organisations?org={t.View}",
    ];

    public static TheoryData<string, string, bool, string> ApiScopedCases()
    {
        var data = new TheoryData<string, string, bool, string>();
        foreach (var path in ApiScoped)
        {
            data.Add(Roles.Admin, path(InD1), true, InD1.Name);
            data.Add(Roles.Admin, path(InD2), true, InD2.Name);
            data.Add(Roles.DistrictAdmin, path(InD1), true, InD1.Name);
            data.Add(Roles.DistrictAdmin, path(InD2), false, "");
            data.Add(Roles.Viewer, path(InD1), true, InD1.Name);
            data.Add(Roles.Viewer, path(InD2), false, "");
            data.Add(Roles.Reporter, path(OwnUnit), true, OwnUnit.Name);
            data.Add(Roles.Reporter, path(InD1), false, "");
            data.Add(Roles.Reporter, path(InD2), false, "");
            foreach (var role in Roles.All) data.Add(role, path(InD2 with { View = "NO-SUCH-ORG" }), false, "");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ApiScopedCases))]
    public async Task EachRolesTokenReadsWhatItsAccountsScopeAllowsAndNothingOfOtherOrganisations(string role, string path, bool allowed,
        string shows)
    {
        var response = await (await site.ApiAsync(role)).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(shows, body);
            return;
        }
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var name in Hidden[role]) Assert.DoesNotContain(name, body);
        // Another district's code and one that does not exist get the same answer, word for word.
        var code = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + path).Query)["org"]!;
        var unknown = await (await (await site.ApiAsync(role)).GetAsync(path.Replace($"org={code}", "org=ZZ-NONE"))).Content.ReadAsStringAsync();
        Assert.Equal(unknown.Replace("ZZ-NONE", "?"), body.Replace(code, "?"));
        Assert.Contains("不存在或不在您的查看范围内", body);
    }

    [Theory]
    [InlineData("D1", "2025-03", "STUDY_SESSIONS", true, false)]
    [InlineData("C", "2025-Q1", "STUDY_SESSIONS", true, false)]
    [InlineData("D2-U3", "2025", "STUDY_SESSIONS", false, false)]
    [InlineData("C", "2025", "RECTIFICATION_RATE", true, false)]
    [InlineData("D1", "2025年3月", "集中学习研讨次数", false, false)]
    [InlineData("C", "2025", "STUDY_SESSIONS", true, true)]
    public async Task TheApisFiguresAreTheCommandLinesQuery(string org, string period, string indicator, bool children, bool provisional)
    {
        var query = $"org={Uri.EscapeDataString(org)}&period={Uri.EscapeDataString(period)}&indicator={Uri.EscapeDataString(indicator)}"
                    + (children ? "&children=true" : "") + (provisional ? "&includeProvisional=true" : "");
        var api = await (await site.ApiAsync(Roles.Admin)).GetStringAsync($"/api/v1/figures?{query}");
        string[] args = ["query", "--org", org, "--period", period, "--indicator", indicator, .. children ? new[] { "--children" } : [],
            .. provisional ? new[] { "--include-provisional" } : []];
        var cli = (await site.RunAsync(args)).Trim();
        Assert.Equal(cli, api);
        Assert.Contains("\"months\":", api);
        Assert.Contains("\"provisional\":", api);
    }

    [Fact]
    public async Task AReportersTokenCannotWriteAnotherDistrictsUnitAndNothingIsStored()
    {
        var before = await site.CountAsync();
        var other = await site.SubmitAsync(Roles.Reporter, new { org = "D2-U3", period = "2025-04", values = new { STUDY_SESSIONS = 4 } });
        var unknown = await site.SubmitAsync(Roles.Reporter, new { org = "D9-NONE", period = "2025-04", values = new { STUDY_SESSIONS = 4 } });
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        var body = await other.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"refused\"", body);
        Assert.Contains("不存在或不在您的报送范围内", body);
        foreach (var name in OtherDistrict) Assert.DoesNotContain(name, body);
        Assert.Equal((await unknown.Content.ReadAsStringAsync()).Replace("D9-NONE", "?"), body.Replace("D2-U3", "?"));
        // A 领导查看 token may read but not write.
        var viewer = await site.SubmitAsync(Roles.Viewer, new { org = "D1-S1-U1", period = "2025-04", values = new { STUDY_SESSIONS = 4 } });
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Contains("不能报送", await viewer.Content.ReadAsStringAsync());
        Assert.Equal(before, await site.CountAsync());
        // Each refused write is in the audit log, with the token it came with.
        await using var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.Actor == "clerk" && a.Action == "接口报送（未通过）").Select(a => a.After).ToListAsync(),
            a => a!.Contains("dpat_"));
    }

    [Fact]
    public async Task ASubmissionThroughTheApiIsCheckedStoredRolledUpShownOnTheOverviewAndAudited()
    {
        var bad = await site.SubmitAsync(Roles.Reporter, new { org = "D1-S1-U1", period = "2025-06", values = new { STUDY_SESSIONS = "见附件" } });
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("集中学习研讨次数", await bad.Content.ReadAsStringAsync());

        var response = await site.SubmitAsync(Roles.Reporter, new
        {
            org = "D1-S1-U1", period = "2025-06", values = new { STUDY_SESSIONS = 37, PARTY_LECTURES = "2" },
            notes = new { STUDY_SESSIONS = "含两次联学" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("accepted", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(37, report.RootElement.GetProperty("submissions")[0].GetProperty("values").GetProperty("STUDY_SESSIONS").GetInt32());

        await site.Services.GetRequiredService<RollupService>().RunIncrementalAsync();
        var figure = await (await site.ApiAsync(Roles.Viewer)).GetStringAsync("/api/v1/figures?org=D1&period=2025-06&indicator=STUDY_SESSIONS");
        Assert.Contains("\"value\":37", figure);
        var overview = await site.Client(Roles.Viewer).GetStringAsync("/?org=D1&period=2025-06&indicator=STUDY_SESSIONS");
        Assert.Matches("data-testid=\"kpi-value\"[^>]*>37<", overview);

        await using var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.Where(a => a.Actor == "clerk" && a.Action == "接口报送").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("接口报送_D1-S1-U1_2025-06.json", entry.Target);
        Assert.Contains("\"Token\":\"dpat_", entry.After);
    }

    [Fact]
    public async Task ARevokedOrExpiredTokenOrOneOfADisabledAccountIsRefusedLikeAnUnknownOne()
    {
        await site.CreateUserAsync("apiuser", Roles.Viewer, "D1");
        await using var scope = site.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        async Task<(HttpStatusCode, string)> ReadAsync(string secret)
        {
            using var client = site.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var r = await client.GetAsync("/api/v1/catalogue");
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }
        var refused = await ReadAsync("dpat_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Item1);

        var expiring = await tokens.CreateApiAsync(UserAccounts.CommandLine, "apiuser", "将过期", 1);
        var revoked = await tokens.CreateApiAsync(UserAccounts.CommandLine, "apiuser", "将吊销", 30);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(expiring.Secret)).Item1);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(revoked.Secret)).Item1);

        await using (var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            await db.AccessTokens.Where(t => t.Id == expiring.Row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1)));
        await tokens.RevokeAsync(new UserScope.Info("apiuser", "apiuser", Roles.Viewer, "D1"), revoked.Row.Id);
        Assert.Equal(refused, await ReadAsync(expiring.Secret));
        Assert.Equal(refused, await ReadAsync(revoked.Secret));

        var disabled = await tokens.CreateApiAsync(UserAccounts.CommandLine, "apiuser", "账号将停用", 30);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(disabled.Secret)).Item1);
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.SetEnabledAsync(UserAccounts.CommandLine, "apiuser", enabled: false);
        Assert.Equal(refused, await ReadAsync(disabled.Secret));
        // Enabled again, the account does not bring its old tokens back: 停用 revoked them.
        await accounts.SetEnabledAsync(UserAccounts.CommandLine, "apiuser", enabled: true);
        Assert.Equal(refused, await ReadAsync(disabled.Secret));
        // A password reset revokes the tokens made since, as whoever knew the old password may have made them.
        var beforeReset = await tokens.CreateApiAsync(UserAccounts.CommandLine, "apiuser", "重置前", 30);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(beforeReset.Secret)).Item1);
        await accounts.ResetPasswordAsync(UserAccounts.CommandLine, "apiuser");
        Assert.Equal(refused, await ReadAsync(beforeReset.Secret));

        // Only the hash is stored, and making and revoking are audited without it.
        await using var check = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.DoesNotContain(await check.AccessTokens.Select(t => t.Hash).ToListAsync(), h => h == expiring.Secret || h.Contains("dpat_"));
        var trail = await check.AuditEntries.Where(a => a.Subject == "访问令牌" && a.Target.StartsWith("apiuser")).ToListAsync();
        // Made ×2, one revoked, made; 停用 revokes the two still unrevoked (the expired one and the third); made, revoked by the reset.
        Assert.Equal(["新增", "新增", "修改", "新增", "修改", "修改", "新增", "修改"], trail.OrderBy(a => a.Id).Select(a => a.Action));
        Assert.DoesNotContain(trail, a => (a.After ?? "").Contains(AccessTokens.Hash(expiring.Secret)));
    }

    [Fact]
    public async Task ATokenOpensNoPageAndASignInCookieOpensNoApi()
    {
        using var withToken = site.Anonymous();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.ApiTokenAsync(Roles.Admin));
        var page = await withToken.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery);

        var api = await site.Client(Roles.Admin).GetAsync("/api/v1/catalogue");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("访问令牌", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EachTokenHasItsOwnRateLimitAnsweredInChinese()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var made = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateApiAsync(UserAccounts.CommandLine, "leader", "限流", 1);
        using var client = site.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Secret);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 121 && (last = await client.GetAsync("/api/v1/catalogue")).StatusCode == HttpStatusCode.OK; i++) { }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Contains("每个访问令牌每分钟最多 120 次请求", await last.Content.ReadAsStringAsync());
        // Another token of the same account is not slowed.
        Assert.Equal(HttpStatusCode.OK, (await (await site.ApiAsync(Roles.Viewer)).GetAsync("/api/v1/catalogue")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointAndItsReferencePageOpensWithoutSigningIn()
    {
        using var document = JsonDocument.Parse(await site.Anonymous().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/v1/catalogue", "/api/v1/figures", "/api/v1/organisations", "/api/v1/reporting", "/api/v1/submissions"], paths);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer")
            .GetProperty("scheme").GetString());
        var reference = await site.Anonymous().GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("党建指标看板 API", await reference.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AScreenLinkShowsItsViewersScopeWithoutASignInUntilItIsRevoked()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        // Only a 领导查看 account, and only an organisation within its scope.
        Assert.Contains("领导查看", (await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            tokens.CreateDisplayAsync(UserAccounts.CommandLine, "officer", null, null, 15))).Message);
        Assert.Contains("不在账号“leader”的查看范围内", (await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            tokens.CreateDisplayAsync(UserAccounts.CommandLine, "leader", null, "D2", 15))).Message);
        Assert.Contains("只有管理员", (await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            tokens.CreateDisplayAsync(new UserScope.Info("officer", "officer", Roles.DistrictAdmin, "D1"), "leader", null, null, 15))).Message);

        var link = await tokens.CreateDisplayAsync(UserAccounts.CommandLine, "leader", "会议室", null, 15);
        var page = await site.Anonymous().GetAsync($"/screen/{link.Secret}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var body = await page.Content.ReadAsStringAsync();
        Assert.Contains(InD1.Name, body);
        Assert.Contains("data-testid=\"screen-kpi-STUDY_SESSIONS\"", body);
        foreach (var name in OtherDistrict) Assert.DoesNotContain(name, body);
        Assert.DoesNotContain("<form", body);
        // The link is not an API token, nor the API token a link.
        using var bearer = site.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", link.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/catalogue")).StatusCode);
        Assert.Contains("大屏链接无效", await site.Anonymous().GetStringAsync($"/screen/{await site.ApiTokenAsync(Roles.Viewer)}"));

        await tokens.RevokeAsync(UserAccounts.CommandLine, link.Row.Id);
        var revoked = await site.Anonymous().GetStringAsync($"/screen/{link.Secret}");
        Assert.Contains("大屏链接无效", revoked);
        Assert.DoesNotContain(InD1.Name, revoked);
        Assert.DoesNotContain("screen-kpi", revoked);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonOrNotUtf8IsRefusedInChineseNeverWithA5xx()
    {
        var client = await site.ApiAsync(Roles.Reporter);
        var form = await client.PostAsync("/api/v1/submissions", new StringContent("org=D1-S1-U1", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("请求体应为 JSON", await form.Content.ReadAsStringAsync());

        byte[] latin1 = [.. Encoding.UTF8.GetBytes("{\"org\":\"D1-S1-U1\",\"period\":\"2025-04\",\"values\":{\"STUDY_SESSIONS\":\""), 0xC3, 0x28,
            .. Encoding.UTF8.GetBytes("\"}}")];
        using var content = new ByteArrayContent(latin1);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var garbled = await client.PostAsync("/api/v1/submissions", content);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Contains("UTF-8", await garbled.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AScreenLinkWhoseOrganisationLeftItsAccountsScopeIsInvalidNotTheNewScope()
    {
        await site.RunAsync(["users", "add", "--name", "wall", "--role", "Viewer", "--scope", "D1"]);
        await using var scope = site.Services.CreateAsyncScope();
        var link = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateDisplayAsync(UserAccounts.CommandLine, "wall", "会议室",
            "D1-S1", 15);
        Assert.Contains("一区甲街道党工委", await site.Anonymous().GetStringAsync($"/screen/{link.Secret}"));

        // The account now reads another district: the link bound to D1-S1 no longer works, and shows nothing of D2 in its place.
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().UpdateAsync(UserAccounts.CommandLine, "wall", Roles.Viewer, "D2", null);
        var moved = await site.Anonymous().GetStringAsync($"/screen/{link.Secret}");
        Assert.Contains("大屏链接无效", moved);
        Assert.DoesNotContain("screen-kpi", moved);
        foreach (var name in OtherDistrict) Assert.DoesNotContain(name, moved);
    }

    public partial class Site
    {
        private static readonly Dictionary<string, string> UserOf = new()
        {
            [Roles.Admin] = "boss", [Roles.DistrictAdmin] = "officer", [Roles.Reporter] = "clerk", [Roles.Viewer] = "leader",
        };

        private readonly Dictionary<string, string> _tokens = [];
        private readonly Dictionary<string, HttpClient> _apiClients = [];

        /// <summary>A personal access token of the role's account, made once by the command line (<c>tokens add</c>).</summary>
        public async Task<string> ApiTokenAsync(string role)
        {
            if (!_tokens.TryGetValue(role, out var token))
                _tokens[role] = token = (await _db.RunJsonAsync("tokens", "add", "--user", UserOf[role], "--days", "30")).GetProperty("token").GetString()!;
            return token;
        }

        /// <summary>A client sending the role's token, and no cookie.</summary>
        public async Task<HttpClient> ApiAsync(string role)
        {
            if (_apiClients.TryGetValue(role, out var client)) return client;
            client = Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTokenAsync(role));
            return _apiClients[role] = client;
        }

        public async Task<HttpResponseMessage> SubmitAsync(string role, object body) =>
            await (await ApiAsync(role)).PostAsync("/api/v1/submissions", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

        /// <summary>The command line's standard output for a verb on the site's database.</summary>
        public async Task<string> RunAsync(string[] args)
        {
            var (exit, output, error) = await _db.RunAsync(args);
            Assert.True(exit == 0, $"exit {exit}: {error}");
            return output;
        }
    }
}
