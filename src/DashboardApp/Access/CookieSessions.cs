using DashboardApp.Core.Access;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DashboardApp.Access;

/// <summary>
/// How long a sign-in lasts: sliding (8 hours without a request) and absolute (<see cref="DashboardOptions.SessionLifetime"/> from the
/// sign-in, however busy); 退出 changes the account's security stamp, so — as a reset password, a changed role or scope, or 停用 —
/// it ends every cookie issued before: pages, exports and actions check the stamp at every request (UserScope.ForPrincipalAsync).
/// </summary>
internal static class CookieSessions
{
    /// <summary>When the sign-in happened, kept in the cookie's properties (they survive the sliding renewals, which reissue the cookie).</summary>
    private const string SignedInKey = "dashboard.signedInUtc";

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Events.OnSigningIn = context =>
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            context.Properties.Items[SignedInKey] = now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        };
        o.Events.OnValidatePrincipal = async context =>
        {
            var services = context.HttpContext.RequestServices;
            var lifetime = services.GetRequiredService<IOptions<DashboardOptions>>().Value.SessionLifetime;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var signedIn = context.Properties.Items.TryGetValue(SignedInKey, out var text) && long.TryParse(text, out var ticks)
                ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null;
            if (signedIn is null || now - signedIn.Value > lifetime)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        };
    }

    /// <summary>
    /// 退出: the account's security stamp changes, so this cookie — and any copy of it kept elsewhere — opens nothing from now on (every
    /// sign-in of the account ends with it), then the cookie is removed from the browser.
    /// </summary>
    public static async Task SignOutEverywhereAsync(SignInManager<AppUser> signIn, System.Security.Claims.ClaimsPrincipal principal)
    {
        if (await signIn.UserManager.GetUserAsync(principal) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }
}
