namespace DashboardApp.Hosting;

/// <summary>
/// What every response says to the browser about how it may be used, and the check that the interactive
/// connection (/_blazor) comes from this site's own pages.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles from this site only (inline styles allowed: Radzen sets positions and sizes in style
    /// attributes); the live connection to this site only; never inside another site's frame.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <param name="requireHttps">Outside development and demo mode cookies are HTTPS-only: a plain-HTTP request is told so, in Chinese.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool requireHttps) => app.Use(async (http, next) =>
    {
        if (requireHttps && !http.Request.IsHttps)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("本系统只接受 HTTPS 访问：请使用 https:// 地址，或经反向代理转发（见 docs/deploy.md）。在本机试用请加 --demo 启动。");
            return;
        }
        // A page on another site must not open a circuit with a signed-in user's cookie (cross-site WebSocket hijacking):
        // browsers send the Origin of the page that opened the connection.
        if (http.Request.Path.StartsWithSegments("/_blazor") && http.Request.Headers.Origin is [{ } origin, ..] && !SameSite(origin, http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("不接受来自其他网站的连接");
            return;
        }
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // The API reference page (Scalar, from its package) starts itself with an inline script of fixed configuration; it shows no data.
        headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(Api.ApiSetup.ReferencePath)
            ? ContentSecurityPolicy.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
            : ContentSecurityPolicy;
        await next();
    });

    private static bool SameSite(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
