using Microsoft.AspNetCore.Antiforgery;

namespace DashboardApp.Hosting;

internal static class AntiforgeryRequired
{
    /// <summary>
    /// The endpoint needs the page's antiforgery token even though it binds no form (it reads the form itself, or none):
    /// without it, the request gets <paramref name="message"/> in Chinese and a 400, before the handler runs.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder endpoint, string message) => endpoint
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
}
