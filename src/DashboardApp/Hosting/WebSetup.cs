using DashboardApp.Access;
using DashboardApp.Api;
using DashboardApp.Components;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Rollups;
using DashboardApp.Figures;
using DashboardApp.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Quartz;
using Radzen;

namespace DashboardApp.Hosting;

internal static class WebSetup
{
    public static WebApplicationBuilder AddDashboardWeb(this WebApplicationBuilder builder)
    {
        // `dotnet run` runs as deployed (Production: no stack traces, the error page), yet from the build output, whose
        // static files (Radzen's, the framework's) are listed in a manifest that only Development reads by default.
        // Published output has no such manifest, and this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        var database = ConnectionStrings.Resolve(builder.Configuration, builder.Configuration["db"], builder.Configuration["postgres"]);
        services.AddDashboardServices(builder.Configuration, database);
        // Rollups run as Quartz jobs with their store in the application's database (docs/product.md, “Rollups”); clustered on PostgreSQL.
        var rollup = DashboardOptions.Read(builder.Configuration).Rollup;
        var reminders = builder.Configuration.GetSection(Core.Cycle.ReminderSchedule.Section).Get<Core.Cycle.ReminderSchedule>()
                        ?? new Core.Cycle.ReminderSchedule();
        services.AddQuartz(q =>
        {
            q.AddRollupJobs(database, rollup.FullCron, rollup.ClusterCheckin);
            q.AddCycleJobs(reminders, builder.Configuration.GetSection(BulletinSchedule.Section).Get<BulletinSchedule>() ?? new BulletinSchedule());
        });
        // Sign-in cookies are protected with keys kept in the database, so every instance reads every other's.
        services.AddDataProtection().SetApplicationName("DashboardApp").PersistKeysToDbContext<DashboardDbContext>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton<IRollupSignal, QuartzRollupSignal>();
        // On PostgreSQL a rollup on any instance refreshes the pages open on this one.
        if (database.Provider == DatabaseProvider.PostgreSql) services.AddHostedService<FigureAnnouncementListener>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SignInRevalidation>();
        services.AddHttpContextAccessor();
        // Write Chinese as characters, not as &#x...; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.AddIdentity<AppUser, IdentityRole>(ServiceSetup.ConfigurePasswords)
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddDefaultTokenProviders();
        // The antiforgery cookie follows the sign-in cookie: HTTPS-only outside development and demo mode.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = PlainHttp(builder) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "DashboardApp.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = PlainHttp(builder) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            CookieSessions.Configure(o);
        });
        // A disabled account, a reset password, a changed role or 退出 (which changes the stamp) takes effect on open sign-ins within a
        // minute; every page, export and action checks the stamp itself at once (UserScope.ForPrincipalAsync).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Upload, p => p.RequireRole(Roles.Admin, Roles.DistrictAdmin, Roles.Reporter))
            // The REST API takes personal access tokens only: a sign-in cookie opens none of it, a token none of the pages.
            .AddPolicy(Api.ApiEndpoints.Policy, p => p.AddAuthenticationSchemes(Api.TokenAuthentication.SchemeName).RequireAuthenticatedUser());
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, Api.TokenAuthentication>(Api.TokenAuthentication.SchemeName, null);
        services.AddApiServices(builder.Configuration);
        services.AddSingleton<AnonymousConnections>();
        services.AddScoped<UserScope>();
        services.AddScoped<TokenChanges>();
        services.AddScoped<PageFilters>();
        services.AddScoped<Figures.ScreenQueries>();
        services.AddScoped<Cycle.ReportingActions>();
        services.AddScoped<Submissions.EntryActions>();
        services.AddScoped<Cycle.InboxEvents>();
        services.AddSingleton<Submissions.ProblemReports>();
        // Uploads are read whole into memory (max 10 MB each, docs/product.md, “Workbooks”); bound the request too.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Submissions.UploadEndpoints.MaxUploadBytes);
        return builder;
    }

    /// <summary>Cookies are sent only over HTTPS in production; the demo and development run on plain http://localhost.</summary>
    private static bool PlainHttp(WebApplicationBuilder builder) => PlainHttp(builder.Environment, builder.Configuration);

    private static bool PlainHttp(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() || DashboardOptions.Read(configuration).Demo;

    public static async Task PrepareDashboardAsync(this WebApplication app)
    {
        var demo = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Demo;
        await ServiceSetup.PrepareAsync(app.Services, demo, Console.Out, ConsoleProgress.On(Console.Error));
    }

    public static WebApplication UseDashboardWeb(this WebApplication app)
    {
        // Behind the reverse proxy of docs/deploy.md (on this machine), the scheme is the browser's, not the proxy's.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseSecurityHeaders(requireHttps: !PlainHttp(app.Environment, app.Configuration));
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // The live channel open without a sign-in (the 大屏's) is bounded per address and in all; its short negotiation is not counted.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/_blazor") && !http.Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal)
                            && http.User.Identity?.IsAuthenticated != true,
            branch => branch.Use(async (http, next) =>
            {
                var limits = http.RequestServices.GetRequiredService<AnonymousConnections>();
                if (!await limits.RunAsync(http.Connection.RemoteIpAddress?.ToString() ?? "", () => next(http)))
                {
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = "30";
                    await http.Response.WriteAsync("同一地址打开的免登录页面过多，请稍后再试。");
                }
            }));
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapUploadEndpoints();
        app.MapExportEndpoints();
        Assessment.AssessmentEndpoints.MapAssessmentEndpoints(app);
        app.MapAuditExport();
        app.MapApiEndpoints();
        app.MapApiReference();
        // frame-ancestors is in the site's own policy (SecurityHeaders), stricter than the framework's 'self'.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
            // The live connection itself is open to anyone: the 大屏 runs without a sign-in. What a connection may render is decided
            // page by page, as for a first request ([Authorize] through AuthorizeRouteView, and each page's scope check).
            .Add(e =>
            {
                if (e is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.StartsWith("/_blazor", StringComparison.Ordinal))
                    e.Metadata.Add(new AllowAnonymousAttribute());
            });
        return app;
    }
}
