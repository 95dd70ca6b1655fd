using System.Security.Claims;
using System.Text.Encodings.Web;
using DashboardApp.Access;
using DashboardApp.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DashboardApp.Api;

/// <summary>
/// The API's sign-in: <c>Authorization: Bearer dpat_…</c>, looked up at every request (<see cref="AccessTokens.ResolveAsync"/>), so a
/// revoked or expired token, a disabled account or a changed role or scope takes effect on the next request. Only the API's
/// endpoints use this scheme; pages and their endpoints keep the sign-in cookie, and a token opens none of them. Refusals are
/// problem details in Chinese, alike for a missing, unknown, revoked or expired token.
/// </summary>
internal sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "dashboard:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var failures = Context.RequestServices.GetRequiredService<FailedTokens>();
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (failures.Blocked(address, out var wait))
        {
            Context.Items[Throttled] = wait;
            return AuthenticateResult.Fail("too many failed tokens from this address");
        }
        var tokens = Context.RequestServices.GetRequiredService<AccessTokens>();
        if (await tokens.ResolveAsync(header["Bearer ".Length..].Trim(), TokenKinds.Api, Context.RequestAborted) is not { } use)
        {
            failures.Failed(address);
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }
        Context.Features.Set(use);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, use.User.UserName), new Claim(ClaimTypes.Role, use.User.Role),
            new Claim(TokenIdClaim, use.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private const string Throttled = "dashboard:token-throttled";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[Throttled] is int wait)
        {
            Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "请求过于频繁",
                $"该地址一分钟内无效令牌过多（最多 {FailedTokens.PerMinute} 次），请 {wait} 秒后再试。");
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "未授权",
            "缺少访问令牌，或令牌无效、已吊销、已过期，或其账号已停用。请在请求头中以 Authorization: Bearer 令牌 发送有效的个人访问令牌。");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "无权操作", "该令牌所属账号的角色无权进行此操作。");
}
