using DashboardApp.Core.Access;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DashboardApp.Access;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string userName, [FromForm] string password, [FromForm] string? returnUrl,
            SignInManager<AppUser> signIn) =>
        {
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
        }).AllowAnonymous();

        // Signing out is a form post with the page's antiforgery token, so another site cannot sign a user out.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            await CookieSessions.SignOutEverywhereAsync(signIn, http.User);
            return Results.LocalRedirect("/account/login");
        }).RequireAntiforgeryToken("页面已过期，请刷新页面后再退出");
    }

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
