using System.Net;
using System.Text.Json;
using DashboardApp.Cli;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DashboardApp.Tests.Web;

/// <summary>The app as it is deployed: Production by default, HTTPS-only cookies, its data beside it, no stack traces.</summary>
public sealed class DeploymentTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private WebApplicationFactory<Program> _factory = default!;

    public async Task InitializeAsync()
    {
        await _db.RunJsonAsync("init");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("db", _db.DbPath));
    }

    [Fact]
    public void DotnetRunRunsAsDeployedNotInDevelopment()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "DashboardApp.sln"))) root = root.Parent!;
        var settings = Path.Combine(root.FullName, "src", "DashboardApp", "Properties", "launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings));
        foreach (var profile in json.RootElement.GetProperty("profiles").EnumerateObject())
            Assert.Equal("Production", profile.Value.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
    }

    [Fact]
    public void TheBuildCarriesItsSeedDataSoACopiedProgramFindsIt()
    {
        var beside = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "seed-data");
        Assert.True(File.Exists(Path.Combine(beside, "indicators.json")));
        Assert.True(File.Exists(Path.Combine(beside, "organisations.xlsx")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(beside, "figures"), "*.xlsx"));
    }

    [Fact]
    public async Task InProductionPlainHttpIsToldToUseHttpsAndHttpsGetsSecureCookiesAndHsts()
    {
        var plain = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await plain.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("HTTPS", await refused.Content.ReadAsStringAsync());

        var secure = _factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://dashboard.example")
        });
        var login = await secure.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.Contains("Antiforgery", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task AnInternalErrorOfTheCommandLineIsOneLineWithoutAStackTrace()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(["rollup", "--postgres", "Host=127.0.0.1;Port=1;Username=x;Database=y;Timeout=2"], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith("内部错误：", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }
}
