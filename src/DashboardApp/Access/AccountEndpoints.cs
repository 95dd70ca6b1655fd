using DashboardApp.Core.Access;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Access;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The form is read by hand, so that a stale or missing antiforgery token (a sign-in page left open for hours) is answered with
        // 页面已过期 and a 400, never an error page.
        app.MapPost("/account/login", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } || !http.Request.HasFormContentType) return Expired();
            var form = await http.Request.ReadFormAsync();
            var (userName, password, returnUrl) = (form["userName"].ToString(), form["password"].ToString(), form["returnUrl"].ToString());
            var users = signIn.UserManager;
            var user = await users.FindByNameAsync(userName.Trim());
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            if (user is null || user.IsDisabled() || await users.IsLockedOutAsync(user))
            {
                // Refused before any password is checked: hash one anyway, so an unknown, disabled or locked name takes the same time as a
                // wrong password and the answer's timing tells nobody which names exist.
                users.PasswordHasher.VerifyHashedPassword(new AppUser(), UnusedHash(users), password);
                return Results.LocalRedirect($"/account/login?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
            }
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return Results.LocalRedirect(target == "/" ? await LandingAsync(users, user.UserName!) : target);
            // A locked account reads like a wrong password: the answer must not tell which user names exist.
            return Results.LocalRedirect($"/account/login?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute())
            // Before the sign-in page's own route, which takes posts too (a component's form).
            .WithOrder(-1);

        // Every user changes their own password (a password someone else set, by 重置 or users add, is known to them): the current one,
        // then the new one twice; other sign-ins of the account end (a new security stamp), this one goes on with a fresh cookie.
        app.MapPost("/account/password", async (HttpContext http, SignInManager<AppUser> signIn, Core.Data.DashboardDbContext db) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } || !http.Request.HasFormContentType)
                return Results.LocalRedirect("/account?password=expired");
            var users = signIn.UserManager;
            if (await UserScope.ForPrincipalAsync(users, http.User) is null || await users.GetUserAsync(http.User) is not { } user)
                return Results.LocalRedirect("/account/login?error=ended");
            var form = await http.Request.ReadFormAsync();
            var (current, next, again) = (form["current"].ToString(), form["next"].ToString(), form["again"].ToString());
            if (next != again) return Results.LocalRedirect("/account?password=mismatch");
            if (next == current) return Results.LocalRedirect("/account?password=same");
            db.Actor = user.UserName;
            var result = await users.ChangePasswordAsync(user, current, next);
            if (!result.Succeeded)
                return Results.LocalRedirect(result.Errors.Any(e => e.Code == "PasswordMismatch") ? "/account?password=wrong" : "/account?password=weak");
            await signIn.RefreshSignInAsync(user);
            return Results.LocalRedirect("/account?password=changed");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        // Signing out is a form post with the page's antiforgery token, so another site cannot sign a user out.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            await CookieSessions.SignOutEverywhereAsync(signIn, http.User);
            return Results.LocalRedirect("/account/login");
        }).RequireAntiforgeryToken("页面已过期，请刷新页面后再退出");
    }

    /// <summary>页面已过期: a plain page (no script, as the Content-Security-Policy wants) with the way back to the sign-in page.</summary>
    private static IResult Expired() => Results.Content(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面已过期 - 党建指标看板</title>" +
        "<link rel=\"stylesheet\" href=\"/app.css\"></head><body><div class=\"login-box\"><h1>页面已过期</h1>" +
        "<p>登录页面打开太久或已在别处刷新，请重新打开登录页面后再登录。</p><p><a href=\"/account/login\">重新登录</a></p></div></body></html>",
        "text/html; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status400BadRequest);

    private static string? _unusedHash;

    /// <summary>A hash of a random password made with the application's own hasher (its algorithm and work factor), once.</summary>
    private static string UnusedHash(UserManager<AppUser> users) =>
        _unusedHash ??= users.PasswordHasher.HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    /// <summary>Where a role lands when it asked for no page: a leader on 总览, everyone who has something to do on 待办.</summary>
    private static async Task<string> LandingAsync(UserManager<AppUser> users, string userName) =>
        await users.FindByNameAsync(userName) is { } user && !(await users.GetRolesAsync(user)).Contains(Roles.Viewer) ? "/todo" : "/";

    /// <summary>A path on this site. No control characters or spaces anywhere: browsers drop a tab, so "/\t/x" would become "//x", another
    /// site.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2048 && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\') && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
