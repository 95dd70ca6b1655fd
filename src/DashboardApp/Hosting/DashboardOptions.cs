using System.ComponentModel.DataAnnotations;

namespace DashboardApp.Hosting;

/// <summary>The "Dashboard" section of configuration.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Folder holding indicators.json, organisations.xlsx and figures/; found by searching upwards when empty.</summary>
    public string? SeedDataPath { get; set; }

    /// <summary>Demo mode: load seed data on start, create one account per role and print their passwords.</summary>
    public bool Demo { get; set; }

    /// <summary>报送截止: days after a period ends.</summary>
    [Range(0, 60)]
    public int DeadlineDays { get; set; } = 10;

    /// <summary>How often an open page checks that its sign-in still holds (account enabled, role and scope unchanged).</summary>
    public TimeSpan SignInCheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A sign-in ends this long after it was made, however active (beside the 8-hour sliding expiry).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

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
