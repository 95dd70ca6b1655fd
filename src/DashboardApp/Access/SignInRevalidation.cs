using System.Security.Claims;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace DashboardApp.Access;

/// <summary>
/// An open page (a Blazor circuit) checks its sign-in against the database every
/// <see cref="DashboardOptions.SignInCheck"/> (a minute by default): a disabled account, a reset password
/// or a changed role or scope signs the circuit out, and the page goes to the sign-in page saying why.
/// </summary>
internal sealed class SignInRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<DashboardOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.SignInCheck;

    /// <summary>This circuit's sign-in was ended because it no longer holds (not by signing out).</summary>
    public bool Ended { get; private set; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var valid = await UserScope.ForPrincipalAsync(scopes, state.User) is not null;
        Ended |= !valid;
        return valid;
    }

    /// <summary>Signs this circuit out now, as a failed check would.</summary>
    public void End()
    {
        if (Ended) return;
        Ended = true;
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }
}
