using DashboardApp.Core.Data;

namespace DashboardApp.Hosting;

internal static class ConnectionStrings
{
    public const string Name = "Dashboard";

    /// <summary>--db PATH wins over configuration; the default is app_data/dashboard.db under the working directory.</summary>
    public static string Resolve(IConfiguration configuration, string? dbPath) =>
        dbPath is not null ? DashboardDatabase.SqliteConnectionString(dbPath)
        : configuration.GetConnectionString(Name) ?? DashboardDatabase.SqliteConnectionString(Path.Combine("app_data", "dashboard.db"));
}
