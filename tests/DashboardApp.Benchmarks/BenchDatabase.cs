using DashboardApp.Core;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>A throw-away database (a SQLite file, or a new database on a PostgreSQL server) with a synthetic tree: 市 → districts → streets →
/// units.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-bench-").FullName;

    private string? _postgresServer;

    public ServiceProvider Services { get; private set; } = default!;
    public DatabaseSettings Settings { get; private set; } = default!;

    /// <summary>Leave a PostgreSQL database in place when done (its name is printed).</summary>
    public bool Keep { get; set; }

    /// <param name="postgresServer">A PostgreSQL server to create the database on; null for SQLite.</param>
    public static async Task<BenchDatabase> CreateAsync(int districts, int streetsPerDistrict, int unitsPerStreet, string? postgresServer = null)
    {
        var bench = new BenchDatabase { _postgresServer = postgresServer };
        if (postgresServer is null) bench.Settings = DatabaseSettings.Sqlite(Path.Combine(bench._dir, "bench.db"));
        else
        {
            var name = $"dashboard_bench_{Guid.NewGuid():N}";
            await using (var connection = new Npgsql.NpgsqlConnection(postgresServer))
            {
                await connection.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            bench.Settings = new DatabaseSettings(DatabaseProvider.PostgreSql,
                new Npgsql.NpgsqlConnectionStringBuilder(postgresServer) { Database = name, CommandTimeout = 3600 }.ToString());
        }
        var services = new ServiceCollection();
        services.AddDashboardCore(bench.Settings);
        bench.Services = services.BuildServiceProvider();
        var factory = bench.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await DashboardDatabase.MigrateAsync(factory, Path.Combine(SeedData.Folder, "indicators.json"));

        await using var db = await factory.CreateDbContextAsync();
        db.Actor = "benchmark";
        var city = new Organisation { Code = "C", Name = "市委", Level = 0, Type = "市委" };
        db.Organisations.Add(city);
        await db.SaveChangesAsync();
        for (var d = 1; d <= districts; d++)
        {
            var district = new Organisation { Code = $"D{d:00}", Name = $"第{d}区区委", ParentId = city.Id, Level = 1, Type = "区委" };
            db.Organisations.Add(district);
            await db.SaveChangesAsync();
            for (var s = 1; s <= streetsPerDistrict; s++)
            {
                var street = new Organisation
                {
                    Code = $"D{d:00}-S{s:00}", Name = $"第{d}区第{s}街道党工委", ParentId = district.Id, Level = 2,
                    Type = "街道党工委"
                };
                db.Organisations.Add(street);
                await db.SaveChangesAsync();
                for (var u = 1; u <= unitsPerStreet; u++)
                    db.Organisations.Add(new Organisation
                    {
                        Code = $"D{d:00}-S{s:00}-U{u:000}", Name = $"第{d}区第{s}街道第{u}党支部", ParentId = street.Id,
                        Level = 3, Type = "党支部"
                    });
            }
            await db.SaveChangesAsync();
            // A province is 50,000 organisations: keep the tracker to one district at a time.
            db.ChangeTracker.Clear();
        }
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresServer is not null && Keep)
            Console.WriteLine($"Kept the database {new Npgsql.NpgsqlConnectionStringBuilder(Settings.ConnectionString).Database}.");
        else if (_postgresServer is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var connection = new Npgsql.NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            var name = new Npgsql.NpgsqlConnectionStringBuilder(Settings.ConnectionString).Database;
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

internal static class SeedData
{
    public static string Folder { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seed-data");
            if (File.Exists(Path.Combine(candidate, "indicators.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("seed-data not found above " + AppContext.BaseDirectory);
    }
}
