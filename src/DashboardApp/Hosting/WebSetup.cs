using DashboardApp.Access;
using Microsoft.AspNetCore.DataProtection;
using DashboardApp.Components;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Rollups;
using DashboardApp.Dashboard;
using DashboardApp.Submissions;
using Quartz;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Radzen;

namespace DashboardApp.Hosting;

internal static class WebSetup
{
    public static WebApplicationBuilder AddDashboardWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var database = ConnectionStrings.Resolve(builder.Configuration, builder.Configuration["db"], builder.Configuration["postgres"]);
        services.AddDashboardServices(builder.Configuration, database);
        // Rollups run as Quartz jobs with their store in the application's database (SPEC §6); clustered on PostgreSQL.
        var checkin = builder.Configuration.GetValue<TimeSpan?>($"{DashboardOptions.Section}:Rollup:ClusterCheckin");
        services.AddQuartz(q => q.AddRollupJobs(database, builder.Configuration[$"{DashboardOptions.Section}:Rollup:FullCron"] ?? "0 0 2 * * ?", checkin));
        // Sign-in cookies are protected with keys kept in the database, so every instance reads every other's.
        services.AddDataProtection().SetApplicationName("DashboardApp").PersistKeysToDbContext<DashboardDbContext>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
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
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "DashboardApp.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Sent only over HTTPS in production; the demo and development run on plain http://localhost.
            var plainHttp = builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>($"{DashboardOptions.Section}:Demo");
            o.Cookie.SecurePolicy = plainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        // A disabled account, a reset password or a changed role takes effect on open sign-ins within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Upload, p => p.RequireRole(Roles.Admin, Roles.DistrictAdmin, Roles.Reporter));
        services.AddScoped<UserScope>();
        services.AddSingleton<Submissions.ProblemReports>();
        // Uploads are read whole into memory (max 10 MB each, SPEC §5.4); bound the request too.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Submissions.UploadEndpoints.MaxUploadBytes);
        return builder;
    }

    public static async Task PrepareDashboardAsync(this WebApplication app)
    {
        var demo = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Demo;
        await ServiceSetup.PrepareAsync(app.Services, demo, Console.Out);
    }

    public static WebApplication UseDashboardWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapUploadEndpoints();
        app.MapExportEndpoints();
        app.MapAuditExport();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
