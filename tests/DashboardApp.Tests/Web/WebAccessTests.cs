using System.Net;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DashboardApp.Tests.Web;

public sealed partial class WebAccessTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private WebApplicationFactory<Program> _factory = default!;
    private string _adminPassword = "";
    private string _reporterPassword = "";

    public async Task InitializeAsync()
    {
        await _db.RunJsonAsync("orgs", "import", _db.Write("orgs.xlsx", TestTree.Workbook()));
        _adminPassword = (await _db.RunJsonAsync("users", "add", "--name", "boss", "--role", "Admin")).GetProperty("password").GetString()!;
        _reporterPassword = (await _db.RunJsonAsync("users", "add", "--name", "clerk", "--role", "Reporter", "--scope",
            "D1-S1-U1")).GetProperty("password").GetString()!;
        // File 1 is clerk's own unit; file 2 is another district's unit.
        foreach (var unit in new[] { "D1-S1-U1", "D2-U3" })
        {
            var file = _db.Write($"{unit}.xlsx", TestWorkbooks.FilledTemplate(TestWorkbooks.Unit(unit), Core.Periods.Period.Month(2025, 3),
                new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 }));
            Assert.Equal(0, (await _db.RunAsync("import", file)).Exit);
        }
        await _db.RunJsonAsync("rollup");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("db", _db.DbPath));
    }

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/upload")]
    [InlineData("/api/templates?org=D2-U3&period=2025-03")]
    public async Task AnAnonymousRequestIsSentToTheSignInPage(string path)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AnAnonymousUploadStoresNothing()
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "files", "x.xlsx" } };
        var response = await Client().PostAsync("/api/uploads", content);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheSignInPageAndStaticAssetsNeedNoSignIn()
    {
        var client = Client();
        var login = await client.GetStringAsync("/account/login");
        Assert.Contains("登录", login);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Radzen.Blazor/Radzen.Blazor.js")).StatusCode);
        // The favicon, as an SVG the page links and as the favicon.ico browsers ask for by themselves.
        var svg = await client.GetAsync("/favicon.svg");
        Assert.Equal((HttpStatusCode.OK, "image/svg+xml"), (svg.StatusCode, svg.Content.Headers.ContentType?.MediaType));
        var ico = await client.GetByteArrayAsync("/favicon.ico");
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, ico[..4]);
        Assert.Contains("favicon.svg", login);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedInChinese()
    {
        var client = Client();
        var response = await SignInAsync(client, "boss", "not-the-password");
        Assert.True(response.Headers.Location?.ToString().Contains("error=invalid"), $"{response.StatusCode} {response.Headers.Location}");
        Assert.Contains("用户名或密码不正确", await client.GetStringAsync(response.Headers.Location));
    }

    [Fact]
    public async Task AReporterDownloadsTheirOwnTemplateButNotAnotherUnits()
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "clerk", _reporterPassword)).StatusCode);

        var own = await client.GetAsync("/api/templates?org=D1-S1-U1&period=2025-03");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", own.Content.Headers.ContentType!.MediaType);

        var other = await client.GetAsync("/api/templates?org=D2-U3&period=2025-03");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("二区机关党支部", await other.Content.ReadAsStringAsync());
        // The street's 汇总表 would list the other units of the street.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/templates?org=D1-S1&period=2025-03")).StatusCode);
    }

    [Fact]
    public async Task ExportsAreGivenOnlyForOrganisationsInScope()
    {
        var clerk = Client();
        await SignInAsync(clerk, "clerk", _reporterPassword);
        var other = await clerk.GetAsync("/api/export/ranking?org=D2&period=2025-03&indicator=STUDY_SESSIONS");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("二区", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/export/ranking?org=C&period=2025-03&indicator=STUDY_SESSIONS")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/export/reporting?org=D2&period=2025-03")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/export/reporting?org=D1-S1-U1&period=2025-03")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/export/summary?org=D1&year=2025")).StatusCode);

        var admin = Client();
        await SignInAsync(admin, "boss", _adminPassword);
        var city = await admin.GetAsync("/api/export/ranking?org=C&period=2025-03&indicator=STUDY_SESSIONS");
        Assert.Equal(HttpStatusCode.OK, city.StatusCode);
        using var wb = new ClosedXML.Excel.XLWorkbook(await city.Content.ReadAsStreamAsync());
        var rows = wb.Worksheet("排名").RowsUsed().Where(r => r.RowNumber() > 3).Select(r => (r.Cell(2).GetString(),
            r.Cell(4).GetFormattedString())).ToList();
        Assert.Equal([("D1", "2"), ("D2", "2")], rows);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/export/ranking?org=C&period=下个月&indicator=STUDY_SESSIONS")).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorDownloadsAStreetsSummaryTemplate()
    {
        var client = Client();
        await SignInAsync(client, "boss", _adminPassword);

        var response = await client.GetAsync("/api/templates?org=D1-S1&period=2025-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("D1-S1_2025-03_汇总表.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        using var wb = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync());
        Assert.True(wb.Worksheets.Contains(TemplateWriter.SummarySheetName));
    }

    [Fact]
    public async Task AReporterDownloadsTheirOwnOriginalFileButNotAnotherUnits()
    {
        var client = Client();
        await SignInAsync(client, "clerk", _reporterPassword);

        var own = await client.GetAsync("/api/files/1");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("D1-S1-U1.xlsx", own.Content.Headers.ContentDisposition!.FileNameStar ?? own.Content.Headers.ContentDisposition.FileName);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/files/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/files/999")).StatusCode);
        var otherDetail = await client.GetStringAsync("/submissions/2");
        Assert.Contains("找不到编号为 2 的报送记录", otherDetail);
        Assert.DoesNotContain("二区机关党支部", otherDetail);
    }

    [Fact]
    public async Task AnAdministratorLandsOnTodoAfterSigningInAndMayOpenTheOverview()
    {
        var client = Client();
        var signIn = await SignInAsync(client, "boss", _adminPassword);
        Assert.Equal("/todo", signIn.Headers.Location!.ToString());
        var todo = await client.GetAsync("/todo");
        Assert.Equal(HttpStatusCode.OK, todo.StatusCode);
        Assert.Contains("各下级报送进度", await todo.Content.ReadAsStringAsync());
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("党建指标看板", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSubmissionsListFiltersByOrganisationAndFileWithinScope()
    {
        var admin = Client();
        await SignInAsync(admin, "boss", _adminPassword);
        var district = await admin.GetStringAsync("/submissions?org=D2");
        Assert.Contains("href=\"submissions/2\"", district);
        Assert.DoesNotContain("href=\"submissions/1\"", district);
        var file = await admin.GetStringAsync("/submissions?file=1");
        Assert.Contains("href=\"submissions/1\"", file);
        Assert.DoesNotContain("href=\"submissions/2\"", file);

        var clerk = Client();
        await SignInAsync(clerk, "clerk", _reporterPassword);
        var other = await clerk.GetStringAsync("/submissions?org=D2");
        Assert.Contains("找不到您可查看的党组织“D2”", other);
        Assert.DoesNotContain("href=\"submissions/2\"", other);
        Assert.DoesNotContain("二区", other);
        Assert.DoesNotContain("href=\"submissions/2\"", await clerk.GetStringAsync("/submissions?file=2"));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
        => WebSignIn.SignInAsync(client, user, password);

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }
}
