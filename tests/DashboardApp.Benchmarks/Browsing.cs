using System.Net;
using DashboardApp.Tests.Support;

namespace DashboardApp.Benchmarks;

/// <summary>What a browser does over HTTP, for the benchmarks that drive a running app: sign in, open a page, upload.</summary>
internal static class Browsing
{
    /// <summary>A client with a cookie jar of its own that does not follow redirects.</summary>
    public static HttpClient Client(string baseUrl) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true)
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2),
        };

    /// <summary>The sign-in form with its antiforgery token (<see cref="WebSignIn"/>); null when signed in, else why not.</summary>
    public static async Task<string?> SignInAsync(HttpClient client, string user, string password)
    {
        using var response = await WebSignIn.SignInAsync(client, user, password);
        var to = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode == HttpStatusCode.Redirect && !to.Contains("/account/login", StringComparison.Ordinal)
            ? null : $"{user}: sign-in failed ({(int)response.StatusCode} {to})";
    }

    /// <summary>
    /// Opens 上传 (its HTML carries the antiforgery token, as a browser's page load does), then posts the file as the upload
    /// component does; the seconds the post took, its status code and body.
    /// </summary>
    public static async Task<(double Seconds, HttpStatusCode Status, string Body)> UploadAsync(HttpClient client, byte[] file, string name)
    {
        var token = WebSignIn.Token(await client.GetStringAsync("/upload"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "files", name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (started.Elapsed.TotalSeconds, response.StatusCode, body);
    }
}
