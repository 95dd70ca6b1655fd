using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Tests.Web;

/// <summary>
/// The access matrix on SQLite; <see cref="AccessMatrixTestsOnPostgreSql"/> runs every request of it
/// again on PostgreSQL (docs/product.md, “Engines and scale”: every page works on both).
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTestsBase.Site site) : AccessMatrixTestsBase(site), IClassFixture<AccessMatrixTestsBase.Site>;

/// <summary>The same matrix, the app and its data on a fresh PostgreSQL database.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class AccessMatrixTestsOnPostgreSql(AccessMatrixTestsOnPostgreSql.PostgreSqlSite site)
    : AccessMatrixTestsBase(site), IClassFixture<AccessMatrixTestsOnPostgreSql.PostgreSqlSite>
{
    public sealed class PostgreSqlSite() : Site(DatabaseProvider.PostgreSql);
}

/// <summary>
/// The access matrix: every role × every page, download, export and upload × a target inside and one
/// outside the role's scope → allowed, or refused with nothing of the other organisation in the
/// response. The tree: C → D1 → D1-S1 → D1-S1-U1 (file 1, submission 1) …; C → D2 → D2-U3 (file 2, submission 2).
/// </summary>
public abstract partial class AccessMatrixTestsBase(AccessMatrixTestsBase.Site site)
{
    /// <summary>Names that must never reach someone whose scope is D1 or below.</summary>
    private static readonly string[] OtherDistrict = ["二区区委", "二区机关党支部"];

    /// <param name="Name">What a page about <paramref name="View"/> shows; <paramref name="UnitName"/>, one about the unit.</param>
    public sealed record Target(string View, string Unit, int File, int Submission, string Name, string UnitName);

    private static readonly Target InD1 = new("D1", "D1-S1-U1", 1, 1, "一区区委", "甲街道幸福社区党委");
    private static readonly Target OwnUnit = new("D1-S1-U1", "D1-S1-U1", 1, 1, "甲街道幸福社区党委", "甲街道幸福社区党委");
    private static readonly Target InD2 = new("D2", "D2-U3", 2, 2, "二区区委", "二区机关党支部");

    /// <summary>Names outside each role's scope (an administrator's scope is everything).</summary>
    private static readonly Dictionary<string, string[]> Hidden = new()
    {
        [Roles.Admin] = [],
        [Roles.DistrictAdmin] = OtherDistrict,
        [Roles.Viewer] = OtherDistrict,
        [Roles.Reporter] = [.. OtherDistrict, "一区区委", "甲街道光明村党支部"],
    };

    /// <summary>The scoped requests: pages, downloads and exports about one organisation, and whether they are about its unit.</summary>
    private static readonly (Func<Target, string> Path, bool AboutUnit)[] Scoped =
    [
        (t => $"/?org={t.View}&period=2025-03", false),
        (t => $"/ranking?org={t.View}&period=2025-03", false),
        (t => $"/reporting?org={t.View}&period=2025-03", false),
        (t => $"/summary?org={t.View}&year=2025", false),
        (t => $"/review?org={t.View}&period=2025-03", false),
        (t => $"/units/{t.Unit}?year=2025", true),
        (t => $"/submissions?org={t.Unit}", true),
        (t => $"/submissions/{t.Submission}", true),
        (t => $"/api/files/{t.File}", true),
        (t => $"/api/templates?org={t.Unit}&period=2025-03", true),
        (t => $"/api/export/ranking?org={t.View}&period=2025-03&indicator=STUDY_SESSIONS", false),
        (t => $"/api/export/reporting?org={t.View}&period=2025-03", false),
        (t => $"/api/export/summary?org={t.View}&year=2025", false),
        (t => $"/bulletin?org={t.View}&period=2025-03", false),
        (t => $"/api/export/bulletin?org={t.View}&period=2025-03", false),
        (t => $"/targets?org={t.View}&year=2025", false),
        (t => $"/api/export/targets?org={t.View}&year=2025", false),
    ];

    /// <summary>Pages and endpoints by role, and the roles that may use them.</summary>
    private static readonly (string Path, string Shows, string[] Roles)[] RolePages =
    [
        ("/upload", "数据上传", [Roles.Admin, Roles.DistrictAdmin, Roles.Reporter]),
        ("/rollups", "汇总任务", [Roles.Admin]),
        ("/admin/users", "用户管理", [Roles.Admin, Roles.DistrictAdmin]),
        ("/admin/organisations", "组织机构", [Roles.Admin]),
        ("/admin/indicators", "指标目录", [Roles.Admin]),
        ("/admin/rules", "校验规则", [Roles.Admin]),
        ("/entry", "在线填报", [Roles.Admin, Roles.DistrictAdmin, Roles.Reporter]),
        ("/admin/periods", "统计期管理", [Roles.Admin]),
        ("/admin/audit", "审计日志", [Roles.Admin]),
        ("/api/export/audit", "", [Roles.Admin]),
        ("/admin/screens", "大屏链接", [Roles.Admin]),
        ("/account", "个人访问令牌", [Roles.Admin, Roles.DistrictAdmin, Roles.Reporter, Roles.Viewer]),
    ];

    public static TheoryData<string, string, bool, string> ScopedCases()
    {
        var data = new TheoryData<string, string, bool, string>();
        foreach (var (path, aboutUnit) in Scoped)
        {
            string Shows(Target t) => aboutUnit ? t.UnitName : t.Name;
            data.Add(Roles.Admin, path(InD1), true, Shows(InD1));
            data.Add(Roles.Admin, path(InD2), true, Shows(InD2));
            data.Add(Roles.DistrictAdmin, path(InD1), true, Shows(InD1));
            data.Add(Roles.DistrictAdmin, path(InD2), false, "");
            data.Add(Roles.Viewer, path(InD1), true, Shows(InD1));
            data.Add(Roles.Viewer, path(InD2), false, "");
            data.Add(Roles.Reporter, path(OwnUnit), true, Shows(OwnUnit));
            data.Add(Roles.Reporter, path(InD2), false, "");
        }
        // A reporter sees their own unit, not the district above it; nobody learns anything by guessing ids.
        foreach (var path in new[] { "/ranking?org=D1", "/summary?org=D1&year=2025", "/api/export/summary?org=D1&year=2025",
            "/api/templates?org=D1-S1&period=2025-03", "/units/D1-S1-U2" })
            data.Add(Roles.Reporter, path, false, "");
        // 在线填报 is for those who may report: a unit outside their scope reads like one that does not exist.
        data.Add(Roles.Admin, "/entry?org=D2-U3", true, InD2.UnitName);
        data.Add(Roles.DistrictAdmin, "/entry?org=D1-S1-U1", true, InD1.UnitName);
        data.Add(Roles.DistrictAdmin, "/entry?org=D2-U3", false, "");
        data.Add(Roles.Reporter, "/entry?org=D1-S1-U1", true, OwnUnit.UnitName);
        data.Add(Roles.Reporter, "/entry?org=D2-U3", false, "");
        foreach (var role in Roles.All)
            foreach (var path in new[] { "/api/files/999", "/submissions/999", "/units/NO-SUCH-UNIT", "/?org=NO-SUCH-ORG" })
                data.Add(role, path, false, "");
        return data;
    }

    public static TheoryData<string, string, bool> RoleCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (path, _, roles) in RolePages)
            foreach (var role in Roles.All)
                data.Add(role, path, roles.Contains(role));
        return data;
    }

    [Theory]
    [MemberData(nameof(ScopedCases))]
    public async Task EachRoleGetsWhatItsScopeAllowsAndNothingOfOtherOrganisations(string role, string path, bool allowed, string shows)
    {
        var response = await site.Client(role).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Content.Headers.ContentType?.MediaType == "text/html") Assert.Contains(shows, body);
            else Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
            return;
        }
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
            $"{path}: {response.StatusCode}");
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        foreach (var name in Hidden[role]) Assert.DoesNotContain(name, body);
        if (response.StatusCode == HttpStatusCode.OK) Assert.Matches("不存在|不在您的查看范围内|找不到", body);
    }

    [Theory]
    [MemberData(nameof(RoleCases))]
    public async Task PagesForSomeRolesRefuseTheOthers(string role, string path, bool allowed)
    {
        var response = await site.Client(role).GetAsync(path);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var shows = RolePages.Single(p => p.Path == path).Shows;
            if (shows.Length > 0) Assert.Contains(shows, await response.Content.ReadAsStringAsync());
        }
        else
        {
            // The cookie handler sends a signed-in user without the role to the 无权访问 page.
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                        || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/account/denied"),
                $"{role} {path}: {response.StatusCode} {response.Headers.Location}");
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/review")]
    [InlineData("/submissions/1")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit")]
    [InlineData("/api/files/1")]
    [InlineData("/api/export/audit")]
    [InlineData("/account")]
    [InlineData("/admin/screens")]
    [InlineData("/api/export/summary?org=D1&year=2025")]
    public async Task AnAnonymousRequestReachesOnlyTheSignInPage(string path)
    {
        var response = await site.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AReporterUploadingAnotherDistrictsUnitIsRefusedAndNothingIsStored()
    {
        var before = await site.CountAsync();
        var file = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D2-U3"), Core.Periods.Period.Month(2025, 4),
            new Dictionary<string, object> { ["STUDY_SESSIONS"] = 9 });

        var response = await site.UploadAsync(Roles.Reporter, file, "D2-U3.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("refused", body);
        Assert.Contains("不存在或不在您的报送范围内", body);
        Assert.DoesNotContain("二区机关党支部", body);
        Assert.Equal(before, await site.CountAsync());
        // A 领导查看 account may not upload at all: refused before the file is read.
        var viewer = await site.UploadAsync(Roles.Viewer, file, "D2-U3.xlsx");
        Assert.True(viewer.StatusCode == HttpStatusCode.Forbidden || viewer.Headers.Location?.ToString().Contains("/account/denied") == true,
            $"{viewer.StatusCode}");
        Assert.Equal(before, await site.CountAsync());
    }

    public static TheoryData<string> OutlandishRequests() => new()
    {
        "/api/export/ranking?org=D1&period=9999-12&indicator=STUDY_SESSIONS",
        "/api/export/ranking?org=D1&period=9999-Q4&indicator=STUDY_SESSIONS",
        "/api/export/ranking?org=D1&period=9999&indicator=STUDY_SESSIONS",
        "/api/export/reporting?org=D1&period=9999-12",
        "/api/templates?org=D1-S1-U1&period=9999-12",
        "/api/templates?org=D1-S1-U1&period=0001-01",
        "/admin/audit?to=9999-12-31",
        "/admin/audit?from=0001-01-01&to=9999-12-31",
        "/api/export/audit?to=9999-12-31",
        "/summary?org=D1&year=99999999999",
        "/summary?org=D1&year=9999",
        "/api/export/summary?org=D1&year=99999999999",
        "/units/D1-S1-U1?year=99999999999",
        "/units/D1-S1-U1?year=-5",
        "/ranking?org=D1&period=9999-Q4",
        "/reporting?org=D1&period=9999-12",
        "/review?org=D1&period=9999-12",
        "/?org=D1&period=9999-12&indicator=STUDY_SESSIONS",
    };

    [Theory]
    [MemberData(nameof(OutlandishRequests))]
    public async Task AnOutlandishParameterGetsAChineseAnswerOrA4xxNeverAServerError(string path)
    {
        var response = await site.Client(Roles.Admin).GetAsync(path);
        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType is "text/plain" or "application/json")
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/\t/evil")]
    [InlineData("/ranking\u0001")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    public async Task ASignInWithAControlCharacterInItsReturnAddressLandsOnTheOverview(string returnUrl)
    {
        var client = site.Anonymous();
        var token = WebSignIn.Token(await client.GetStringAsync("/account/login"));
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "nobody-here", ["password"] = "wrong", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        }));
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("evil", response.Headers.Location?.ToString() ?? "");
    }

    [Fact]
    public async Task ALockedAccountReadsLikeAWrongPasswordSoNoUserNameIsRevealed()
    {
        await site.CreateUserAsync("lockme", Roles.Viewer, "D1");
        async Task<string?> FailAsync(string user)
            => (await WebSignIn.SignInAsync(site.Anonymous(), user, "wrong-password")).Headers.Location?.ToString();
        for (var i = 0; i < 6; i++) await FailAsync("lockme");
        Assert.Equal((await FailAsync("no-such-user"))!.Replace("no-such-user", ""), (await FailAsync("lockme"))!.Replace("lockme", ""));
    }

    [Fact]
    public async Task TheLiveConnectionIsRefusedToPagesOfAnotherSite()
    {
        async Task<HttpStatusCode> NegotiateAsync(string? origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
            if (origin is not null) request.Headers.Add("Origin", origin);
            return (await site.Client(Roles.Admin).SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("null"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync("http://localhost"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(null));
    }

    [Fact]
    public async Task EveryResponseCarriesTheBrowserSecurityHeaders()
    {
        var response = await site.Client(Roles.Admin).GetAsync("/");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options").Distinct());
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task AReporterIsNotOfferedAFileCoveringOtherUnitsAndARefusedDownloadIsAPage()
    {
        // A 汇总表 with the reporter's unit and another district's, imported by the administrator.
        var tree = TestTree.Build();
        var units = new[] { tree.ByCode("D1-S1-U1")!, tree.ByCode("D2-U3")! };
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(Core.Workbooks.TemplateWriter.WriteSummaryTemplate(tree.ByCode("C")!, units,
            Core.Periods.Period.Month(2025, 5), TestCatalogue.Catalogue)));
        var ws = wb.Worksheets.First();
        foreach (var row in ws.RowsUsed().Where(r => units.Any(u => u.Code == r.Cell(2).GetString()))) row.Cell(4).SetValue(3);
        var upload = await site.UploadAsync(Roles.Admin, TestTree.Save(wb), "两区汇总.xlsx");
        Assert.Contains("accepted", await upload.Content.ReadAsStringAsync());

        var unitPage = await site.Client(Roles.Reporter).GetStringAsync("/units/D1-S1-U1?year=2025");
        Assert.Contains("两区汇总.xlsx（含其他单位）", unitPage);
        var fileIds = Regex.Matches(unitPage, "api/files/(\\d+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(fileIds);
        foreach (var id in fileIds) Assert.Equal(HttpStatusCode.OK, (await site.Client(Roles.Reporter).GetAsync($"/api/files/{id}")).StatusCode);

        await using var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var shared = await db.StoredFiles.Where(f => f.FileName == "两区汇总.xlsx").Select(f => f.Id).SingleAsync();
        Assert.DoesNotContain(shared.ToString(CultureInfo.InvariantCulture), fileIds);
        var refused = await site.Client(Roles.Reporter).GetAsync($"/api/files/{shared}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("找不到该文件", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostsWithoutThePagesAntiforgeryTokenAreRefused()
    {
        var client = site.Client(Roles.Reporter);
        using var content = new MultipartFormDataContent { { new ByteArrayContent(site.ImportedFile("D1-S1-U1")), "files", "a.xlsx" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/uploads", content)).StatusCode);
        // Signing out from another site's form is refused too; the sign-in still holds.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/logout", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ThreeFilesNearTheLimitInOneUploadEachGetAnAnswer()
    {
        // Three 9.8 MB files: over Kestrel's default of 30,000,000 bytes, under the form's 60 MB.
        var big = new byte[9_800_000];
        new Random(3).NextBytes(big);
        "PK"u8.CopyTo(big);
        IEnumerable<(byte[], string)> Files(int n) => Enumerable.Range(1, n).Select(i => (big, $"大文件{i}.xlsx"));
        var response = await WebSignIn.UploadAsync(site.Client(Roles.Reporter), Files(3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.All(json.RootElement.EnumerateArray(), r => Assert.Equal("refused", r.GetProperty("status").GetString()));

        // Seven are more than one upload may carry: a Chinese answer, not a dropped connection.
        var refused = await WebSignIn.UploadAsync(site.Client(Roles.Reporter), Files(7));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("请分几次上传", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFileOverTheLimitIsRefusedUnreadAndTheRefusalIsRecordedLikeAnyOther()
    {
        var big = new byte[10 * 1024 * 1024 + 1];
        "PK"u8.CopyTo(big);
        var response = await WebSignIn.UploadAsync(site.Client(Roles.Reporter), [(big, "超过上限.xlsx")]);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("FILE_TOO_LARGE", json.RootElement[0].GetProperty("errors")[0].GetProperty("code").GetString());

        await using var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Target == "超过上限.xlsx");
        Assert.Equal(("报送", "上传（未通过）"), (audit.Subject, audit.Action));
        Assert.Contains("超过 10 MB 上限", audit.After);
    }

    [Fact]
    public async Task AReporterUploadingAnotherDistrictsFileThatWasImportedIsRefusedNotToldItIsUnchanged()
    {
        var imported = site.ImportedFile("D2-U3");
        var body = await (await site.UploadAsync(Roles.Reporter, imported, "D2-U3.xlsx")).Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"refused\"", body);
        Assert.DoesNotContain("unchanged", body);
        Assert.DoesNotContain("SAME_FILE", body);
        Assert.DoesNotContain("已上传并导入", body);
        Assert.Contains("\"submissions\":0", body);
        // Its own unit's file, imported before, is unchanged for the reporter as for anyone.
        Assert.Contains("\"status\":\"unchanged\"",
            await (await site.UploadAsync(Roles.Reporter, site.ImportedFile("D1-S1-U1"), "D1-S1-U1.xlsx")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ADryRunOfASummaryTableWithOtherDistrictsCodesAndWrongNamesTellsNothingAboutThem()
    {
        // The whole city's 汇总表, every name wrong, and one code that does not exist.
        var tree = TestTree.Build();
        var units = tree.ReportingUnitsUnder(tree.ByCode("C")!.Id).Where(u => u.IsOpenDuring(Core.Periods.Period.Month(2025, 4))).ToList();
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(Core.Workbooks.TemplateWriter.WriteSummaryTemplate(tree.ByCode("C")!, units,
            Core.Periods.Period.Month(2025, 4), TestCatalogue.Catalogue)));
        var ws = wb.Worksheets.First();
        var rows = ws.RowsUsed().Where(r => units.Any(u => u.Code == r.Cell(2).GetString())).ToList();
        foreach (var row in rows)
        {
            row.Cell(3).SetValue("猜的名称");
            row.Cell(4).SetValue(1);
        }
        rows[^1].Cell(2).SetValue("D9-GUESS");
        var file = TestTree.Save(wb);

        var response = await site.UploadAsync(Roles.DistrictAdmin, file, "全市汇总.xlsx", dryRun: true);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var name in OtherDistrict) Assert.DoesNotContain(name, body);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var outcome = json.RootElement[0];
        var problems = outcome.GetProperty("errors").EnumerateArray().Concat(outcome.GetProperty("warnings").EnumerateArray()).ToList();
        string Problem(string code) => problems.Single(p => p.GetProperty("message").GetString()!.Contains(code)).GetProperty("code").GetString()
            + " " + problems.Single(p => p.GetProperty("message").GetString()!.Contains(code)).GetProperty("message").GetString()!.Replace(code, "?");
        // Another district's unit and a code that does not exist read exactly alike.
        Assert.StartsWith("UNKNOWN_UNIT ", Problem("D2-U3"));
        Assert.Equal(Problem("D9-GUESS"), Problem("D2-U3"));
        // The officer's own units are named as usual.
        Assert.Contains("UNIT_NAME_MISMATCH", body);

        // The downloadable problem list says no more.
        var key = outcome.GetProperty("problemsKey").GetString();
        var list = await site.Client(Roles.DistrictAdmin).GetByteArrayAsync($"/api/uploads/problems/{key}");
        using var listBook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(list));
        var text = string.Join("\n", listBook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()));
        Assert.Contains("D2-U3", text);
        foreach (var name in OtherDistrict) Assert.DoesNotContain(name, text);
    }

    [Fact]
    public async Task ADistrictOfficerManagesOnlyReportersOfTheirOwnDistrictAndEveryChangeIsAudited()
    {
        var officer = new UserScope.Info("officer", "区级", Roles.DistrictAdmin, "D1");
        await using var scope = site.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        var password = await accounts.CreateAsync(officer, "clerk2", "Reporter", "D1-S1-U2", "二号填报员");
        Assert.Equal(16, password.Length);
        Assert.Contains("只能管理本范围内",
            (await Assert.ThrowsAsync<Core.InputRefusedException>(() => accounts.CreateAsync(officer, "x1", "Reporter", "D2-U3"))).Message);
        Assert.Contains("只能管理本范围内",
            (await Assert.ThrowsAsync<Core.InputRefusedException>(() => accounts.CreateAsync(officer, "x2", "Admin", null))).Message);
        // Another district's account, and an administrator, read as if they did not exist.
        Assert.Contains("不存在或不在您的管理范围内",
            (await Assert.ThrowsAsync<Core.InputRefusedException>(() => accounts.ResetPasswordAsync(officer, "boss"))).Message);
        Assert.DoesNotContain(await accounts.ListAsync(officer), u => u.Role != Roles.Reporter);
        await accounts.SetEnabledAsync(officer, "clerk2", enabled: false);

        await using var db = await site.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var trail = await db.AuditEntries.Where(a => a.Actor == "officer" && a.Subject.StartsWith("用户")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["用户 新增 clerk2", "用户角色 授予 clerk2", "用户 修改 clerk2"], trail.Select(a => $"{a.Subject} {a.Action} {a.Target}"));
        Assert.Contains("已停用", trail[^1].After);
        Assert.DoesNotContain(trail, a => (a.After ?? "").Contains("PasswordHash") || (a.After ?? "").Contains("AQAAAA"));
    }

    [Theory]
    [InlineData("/api/export/summary?org=D1&year=2025")]
    [InlineData("/api/export/summary.docx?org=D1&year=2025")]
    [InlineData("/summary?org=D1&year=2025")]
    public async Task ASummaryRanksAmongSiblingsOnlyForAReaderWhoMaySeeTheParent(string path)
    {
        static async Task<string> TextAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (bytes is not [(byte)'P', (byte)'K', ..]) return System.Text.Encoding.UTF8.GetString(bytes);
            // A workbook or a Word document: the text of every part.
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }
        // The administrator sees the city: D1 is ranked among its districts, the city named.
        Assert.Contains("在测试市委所属", await TextAsync(await site.Client(Roles.Admin).GetAsync(path)));
        // A district officer's scope is D1 itself: the city is not theirs to see, so no sentence names it.
        var officer = await TextAsync(await site.Client(Roles.DistrictAdmin).GetAsync(path));
        Assert.Contains("一区区委", officer);
        Assert.DoesNotContain("测试市委", officer);
    }

    [Fact]
    public async Task ADisabledAccountLosesItsDataAtOnceEvenWithAnOpenSignIn()
    {
        var client = await site.SignInAsync(await site.CreateUserAsync("temp", Roles.Viewer, "D1"), "temp");
        Assert.Contains(InD1.Name, await client.GetStringAsync("/?org=D1"));

        await using (var scope = site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAccounts>().SetEnabledAsync(UserAccounts.CommandLine, "temp", enabled: false);

        var after = await client.GetAsync("/api/export/summary?org=D1&year=2025");
        // The export is refused as any forbidden request is: to the 无权访问 page, nothing of D1.
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/denied", after.Headers.Location!.PathAndQuery);
        // Each page sends the browser to the sign-in page saying why (error=ended), and returns there afterwards.
        foreach (var path in new[] { "/?org=D1", "/ranking?org=D1", "/reporting?org=D1" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login?error=ended&returnUrl=", page.Headers.Location!.PathAndQuery);
            Assert.DoesNotContain(InD1.Name, await page.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The app on a temporary database (SQLite, or PostgreSQL) with one signed-in client per role.</summary>
    public partial class Site : IAsyncLifetime
    {
        private readonly DatabaseProvider _provider;
        private TempDatabase _db = default!;
        private WebApplicationFactory<Program> _factory = default!;
        private readonly Dictionary<string, HttpClient> _clients = [];

        public Site() : this(DatabaseProvider.Sqlite) { }

        protected Site(DatabaseProvider provider) => _provider = provider;

        public IServiceProvider Services => _factory.Services;

        public async Task InitializeAsync()
        {
            _db = await TempDatabase.WithTreeAsync(_provider);
            foreach (var unit in new[] { "D1-S1-U1", "D2-U3" })
            {
                var file = _db.Write($"{unit}.xlsx", TestWorkbooks.FilledTemplate(TestWorkbooks.Unit(unit), Core.Periods.Period.Month(2025, 3),
                    new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 }));
                Assert.Equal(0, (await _db.RunAsync("import", file)).Exit);
            }
            await _db.RunJsonAsync("rollup");
            var users = new (string Name, string Role, string? Scope)[] { ("boss", "Admin", null), ("officer", "DistrictAdmin", "D1"),
                ("clerk", "Reporter", "D1-S1-U1"), ("leader", "Viewer", "D1") };
            var passwords = new Dictionary<string, string>();
            foreach (var (name, role, scope) in users)
                passwords[role] = (await _db.RunJsonAsync(["users", "add", "--name", name, "--role", role, .. scope is null ? Array.Empty<string>()
                    : ["--scope", scope]]))
                    .GetProperty("password").GetString()!;
            _factory = _db.Postgres is { } postgres ? TestPostgres.Instance(postgres)
                : new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("db", _db.DbPath));
            foreach (var (name, role, _) in users) _clients[role] = await SignInAsync(passwords[role], name);
        }

        public HttpClient Client(string role) => _clients[role];

        public HttpClient Anonymous() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        public async Task<string> CreateUserAsync(string name, string role, string? scope)
        {
            await using var s = _factory.Services.CreateAsyncScope();
            return await s.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(UserAccounts.CommandLine, name, role, scope);
        }

        public async Task<HttpClient> SignInAsync(string password, string user)
        {
            var client = Anonymous();
            // A leader lands on 总览, everyone else on 待办.
            await using var s = _factory.Services.CreateAsyncScope();
            var users = s.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Access.AppUser>>();
            var landing = (await users.GetRolesAsync((await users.FindByNameAsync(user))!)).Contains(Roles.Viewer) ? "/" : "/todo";
            Assert.Equal(landing, (await WebSignIn.SignInAsync(client, user, password)).Headers.Location?.ToString());
            return client;
        }

        public Task<HttpResponseMessage> UploadAsync(string role, byte[] file, string name, bool dryRun = false) =>
            WebSignIn.UploadAsync(Client(role), file, name, dryRun);

        /// <summary>The file imported for a unit when the site was set up.</summary>
        public byte[] ImportedFile(string unit) => File.ReadAllBytes(_db.PathOf($"{unit}.xlsx"));

        public async Task<int> CountAsync()
        {
            await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            return await db.Submissions.CountAsync();
        }

        public async Task DisposeAsync()
        {
            foreach (var c in _clients.Values.Concat(_apiClients.Values)) c.Dispose();
            await _factory.DisposeAsync();
            _db.Dispose();
        }
    }
}
