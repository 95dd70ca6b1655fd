using System.Text.RegularExpressions;

namespace DashboardApp.Tests.Support;

/// <summary>Signing in and posting as a browser does: the antiforgery token from a page, then the form or the upload.</summary>
public static partial class WebSignIn
{
    /// <summary>The antiforgery token a page carries (every page after sign-in, in its 退出 form; the sign-in page before).</summary>
    public static string Token(string html) => TokenField().Match(html).Groups[1].Value;

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var token = Token(await client.GetStringAsync("/account/login"));
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Posts a file as the upload component does: multipart, with the signed-in page's antiforgery token in a header.</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string name, bool dryRun = false) =>
        UploadAsync(client, [(file, name)], dryRun);

    /// <summary>Several files in one upload, as the component sends them when more than one is chosen.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, IEnumerable<(byte[] File, string Name)> files, bool dryRun = false)
    {
        var token = Token(await client.GetStringAsync("/"));
        using var content = new MultipartFormDataContent();
        foreach (var (file, name) in files) content.Add(new ByteArrayContent(file), "files", name);
        using var request = new HttpRequestMessage(HttpMethod.Post, dryRun ? "/api/uploads?dryRun=true" : "/api/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
