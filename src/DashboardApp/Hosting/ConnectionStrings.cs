using DashboardApp.Core;
using DashboardApp.Core.Data;

namespace DashboardApp.Hosting;

internal static class ConnectionStrings
{
    public const string Name = "Dashboard";
    public const string ProviderKey = "Dashboard:Database:Provider";

    /// <summary>
    /// <c>--db PATH</c> (a SQLite file) or <c>--postgres "Host=…"</c> win over configuration
    /// (<c>Dashboard:Database:Provider</c> with <c>ConnectionStrings:Dashboard</c>); the default is
    /// the SQLite file app_data/dashboard.db under the working directory.
    /// </summary>
    public static DatabaseSettings Resolve(IConfiguration configuration, string? dbPath, string? postgres = null)
    {
        if (dbPath is not null && postgres is not null) throw new InputRefusedException("--db 与 --postgres 只能指定一个");
        if (dbPath is not null) return DatabaseSettings.Sqlite(dbPath);
        if (postgres is not null) return new DatabaseSettings(DatabaseProvider.PostgreSql, postgres);
        var provider = DatabaseSettings.ParseProvider(configuration[ProviderKey])
            ?? throw new InputRefusedException($"配置 {ProviderKey} 的值“{configuration[ProviderKey]}”无法识别，可选 Sqlite 或 PostgreSQL");
        var connection = configuration.GetConnectionString(Name);
        if (provider == DatabaseProvider.PostgreSql)
            return new DatabaseSettings(provider, connection ?? throw new InputRefusedException($"使用 PostgreSQL 时须配置连接字符串 ConnectionStrings:{Name}"));
        return connection is not null ? new DatabaseSettings(provider, connection)
            : DatabaseSettings.Sqlite(Path.Combine("app_data", "dashboard.db"));
    }
}
