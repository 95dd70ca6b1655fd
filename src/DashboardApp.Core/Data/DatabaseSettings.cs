namespace DashboardApp.Core.Data;

/// <summary>Which database engine holds the data (docs/product.md, “Engines and scale”): one SQLite file by default, PostgreSQL for several
/// instances.</summary>
public enum DatabaseProvider { Sqlite, PostgreSql }

/// <summary>The engine and how to reach it.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The assemblies holding each engine's migrations (the host references both).</summary>
    public const string PostgreSqlMigrations = "DashboardApp.Migrations.PostgreSql", SqliteMigrations = "DashboardApp.Migrations.Sqlite";

    public static DatabaseSettings Sqlite(string path) => new(DatabaseProvider.Sqlite, DashboardDatabase.SqliteConnectionString(path));

    /// <summary>"Sqlite" or "PostgreSQL" (case and the "SQL" ending optional); null for an unknown name.</summary>
    public static DatabaseProvider? ParseProvider(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" or "pg" => DatabaseProvider.PostgreSql,
        _ => null,
    };
}
