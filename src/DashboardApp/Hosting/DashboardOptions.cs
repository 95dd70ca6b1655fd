namespace DashboardApp.Hosting;

/// <summary>The "Dashboard" section of configuration.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Folder holding indicators.json, organisations.xlsx and figures/; found by searching upwards when empty.</summary>
    public string? SeedDataPath { get; set; }

    /// <summary>Demo mode: load seed data on start, create one account per role and print their passwords.</summary>
    public bool Demo { get; set; }

    /// <summary>How often an open page checks that its sign-in still holds (account enabled, role and scope unchanged).</summary>
    public TimeSpan SignInCheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A sign-in ends this long after it was made, however active (beside the 8-hour sliding expiry).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>"Dashboard:Rollup".</summary>
    public RollupSettings Rollup { get; set; } = new();

    /// <summary>"Dashboard:Api".</summary>
    public ApiSettings Api { get; set; } = new();

    /// <summary>
    /// The section as configured, for what is set up before the service provider exists (Quartz's triggers, the rate limiter); everything
    /// later asks <c>IOptions&lt;DashboardOptions&gt;</c>. One binding, so a key and its default are written once.
    /// </summary>
    public static DashboardOptions Read(IConfiguration configuration) => configuration.GetSection(Section).Get<DashboardOptions>() ?? new();

    public sealed class RollupSettings
    {
        /// <summary>The nightly full rebuild (Quartz cron; a missed night runs at the next start).</summary>
        public string FullCron { get; set; } = "0 0 2 * * ?";

        /// <summary>PostgreSQL only: how often each instance checks in to Quartz's cluster (null: Quartz's 7.5 s).</summary>
        public TimeSpan? ClusterCheckin { get; set; }
    }

    public sealed class ApiSettings
    {
        /// <summary>REST API requests a token may make in a minute (per instance).</summary>
        public int RequestsPerMinute { get; set; } = 120;
    }

    public string ResolveSeedDataPath()
    {
        if (!string.IsNullOrWhiteSpace(SeedDataPath)) return Path.GetFullPath(SeedDataPath);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed-data");
                if (File.Exists(Path.Combine(candidate, "indicators.json"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("找不到 seed-data 目录（含 indicators.json），请在配置 Dashboard:SeedDataPath 中指定");
    }
}
