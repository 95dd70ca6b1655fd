using DashboardApp.Access;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Hosting;

internal static class ServiceSetup
{
    /// <summary>What the web app and the CLI verbs share: options, database, import, rollup, queries, users.</summary>
    public static IServiceCollection AddDashboardServices(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDashboardCore(database);
        services.AddOptions<Core.Workbooks.ImportLimits>().BindConfiguration(Core.Workbooks.ImportLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        // ReportingWindow is "Dashboard:Periods", except the deadline, which has been "Dashboard:DeadlineDays" since the first release.
        services.AddOptions<Core.Periods.ReportingWindow>().BindConfiguration(Core.Periods.ReportingWindow.Section)
            .Configure(rules => rules.DeadlineDays = configuration.GetValue(Core.Periods.ReportingWindow.DeadlineDaysKey, rules.DeadlineDays))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Core.Review.OutlierThresholds>().BindConfiguration(Core.Review.OutlierThresholds.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Core.Cycle.MailOptions>().BindConfiguration(Core.Cycle.MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Core.Cycle.BulletinSchedule>().BindConfiguration(Core.Cycle.BulletinSchedule.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Core.Cycle.ReminderSchedule>().BindConfiguration(Core.Cycle.ReminderSchedule.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());
        services.AddSingleton<DemoLoader>();
        services.AddSingleton<DemoAccounts>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<AccessTokens>();
        return services;
    }

    public static void ConfigurePasswords(IdentityOptions o)
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = false;
    }

    /// <summary>
    /// Migrates the database and loads the indicator catalogue; in demo mode also seed data and demo accounts, saying what
    /// was loaded and the accounts on <paramref name="log"/>, and each file as it goes on <paramref name="progress"/>.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, bool demo, TextWriter log, ConsoleProgress? progress = null,
        CancellationToken ct = default)
    {
        const string DemoScreen = "演示大屏";
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value;
        var seed = options.ResolveSeedDataPath();
        var factory = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await DashboardDatabase.MigrateAsync(factory, Path.Combine(seed, "indicators.json"), ct);
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().EnsureRolesAsync();
        if (!demo) return;

        var summary = await (progress ?? ConsoleProgress.Quiet).WhileAsync("正在载入演示数据…",
            step => services.GetRequiredService<DemoLoader>().LoadAsync(seed, step, ct));
        log.WriteLine($"演示数据：{summary.Organisations} 个组织，新导入 {summary.FilesAccepted} 个文件（{summary.Submissions} 份报送），{summary.FilesUnchanged} 个已导入过，汇总 {summary.RollupRows} 行");

        await using var db = await factory.CreateDbContextAsync(ct);
        var district = await db.Organisations.Where(o => o.Level == 1).OrderBy(o => o.Code).Select(o => o.Code).FirstAsync(ct);
        var unit = await db.Organisations.Where(o => o.Code.StartsWith(district + "-") && !db.Organisations.Any(c => c.ParentId == o.Id))
            .OrderBy(o => o.Code).Select(o => o.Code).FirstAsync(ct);
        var accounts = services.GetRequiredService<DemoAccounts>();
        await accounts.CreateAsync(scope.ServiceProvider.GetRequiredService<UserAccounts>(), district, unit);
        log.WriteLine("演示账号（密码每次启动重新生成）：");
        foreach (var a in accounts.Accounts)
            log.WriteLine($"  {Roles.ChineseName(a.Role),-10} 用户名 {a.UserName,-9} 密码 {a.Password}{(a.Scope is null ? "" : $"  范围 {a.Scope}")}");
        // A fresh 大屏 link of the 领导查看 account at every start; the one of the last start stops working.
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        foreach (var old in (await tokens.ListAsync(accounts.For(Roles.Viewer).UserName, TokenKinds.Display)).Where(t => t.Name == DemoScreen && t.RevokedAtUtc is null))
            await tokens.RevokeAsync(UserAccounts.Demo, old.Id);
        var screen = await tokens.CreateDisplayAsync(UserAccounts.Demo, accounts.For(Roles.Viewer).UserName, DemoScreen, null, 15);
        log.WriteLine($"  大屏（只读，无需登录）：网站地址后加 /screen/{screen.Secret}");
    }
}
