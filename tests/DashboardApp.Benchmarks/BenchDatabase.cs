using DashboardApp.Core;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>A throw-away database (a SQLite file, or a new database on a PostgreSQL server) with a synthetic tree (<see cref="BenchTree"/>).</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-bench-").FullName;

    private string? _postgresServer;

    public ServiceProvider Services { get; private set; } = default!;
    public DatabaseSettings Settings { get; private set; } = default!;

    /// <summary>Leave a PostgreSQL database in place when done (its name is printed).</summary>
    public bool Keep { get; set; }

    /// <param name="postgresServer">A PostgreSQL server to create the database on; null for SQLite.</param>
    public static Task<BenchDatabase> CreateAsync(int districts, int streetsPerDistrict, int unitsPerStreet, string? postgresServer = null) =>
        CreateAsync(BenchTree.Grid(districts, streetsPerDistrict, unitsPerStreet), postgresServer);

    /// <param name="organisations">Parents before their children.</param>
    /// <param name="postgresServer">A PostgreSQL server to create the database on; null for SQLite.</param>
    public static async Task<BenchDatabase> CreateAsync(IEnumerable<BenchOrganisation> organisations, string? postgresServer = null)
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

        // A level at a time, a few thousand rows a save, the tracker cleared after each: a province is 200,000 organisations.
        var ids = new Dictionary<string, int>();
        foreach (var level in organisations.GroupBy(o => o.Level).OrderBy(g => g.Key))
            foreach (var chunk in level.Chunk(5000))
            {
                await using var db = await factory.CreateDbContextAsync();
                db.Actor = "benchmark";
                var added = chunk.Select(o => (o.Code, Entity: new Organisation
                {
                    Code = o.Code, Name = o.Name, Level = o.Level, Type = o.Type, ParentId = o.Parent is null ? null : ids[o.Parent]
                })).ToList();
                db.Organisations.AddRange(added.Select(a => a.Entity));
                await db.SaveChangesAsync();
                foreach (var (code, entity) in added) ids[code] = entity.Id;
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

/// <summary>An organisation of a synthetic tree; <see cref="Parent"/> is its parent's code.</summary>
internal sealed record BenchOrganisation(string Code, string Name, int Level, string Type, string? Parent);

internal static class BenchTree
{
    /// <summary>市 → <paramref name="districts"/> districts → streets → units, every branch the same size.</summary>
    public static IEnumerable<BenchOrganisation> Grid(int districts, int streetsPerDistrict, int unitsPerStreet)
    {
        yield return new BenchOrganisation("C", "市委", 0, "市委", null);
        for (var d = 1; d <= districts; d++)
        {
            yield return new BenchOrganisation($"D{d:00}", $"第{d}区区委", 1, "区委", "C");
            for (var s = 1; s <= streetsPerDistrict; s++)
            {
                yield return new BenchOrganisation($"D{d:00}-S{s:00}", $"第{d}区第{s}街道党工委", 2, "街道党工委", $"D{d:00}");
                for (var u = 1; u <= unitsPerStreet; u++)
                    yield return new BenchOrganisation($"D{d:00}-S{s:00}-U{u:000}", $"第{d}区第{s}街道第{u}党支部", 3, "党支部", $"D{d:00}-S{s:00}");
            }
        }
    }

    /// <summary>
    /// A province as one is shaped: 省 → 16 cities → 6–14 districts each → 8–24 streets each → units, the streets' sizes
    /// spread as real ones are (log-normal: most have a few dozen units, some several hundred, a few fewer than ten), scaled to
    /// exactly <paramref name="units"/> units. Seeded: the same tree every run.
    /// </summary>
    public static IEnumerable<BenchOrganisation> Province(int units, int seed = 2026)
    {
        var random = new Random(seed);
        var streets = new List<(string Code, string Name)>();
        var inner = new List<BenchOrganisation> { new("P", "省委", 0, "省委", null) };
        for (var c = 1; c <= 16; c++)
        {
            var city = $"C{c:00}";
            inner.Add(new BenchOrganisation(city, $"第{c}市市委", 1, "市委", "P"));
            for (int d = 1, districts = random.Next(6, 15); d <= districts; d++)
            {
                var district = $"{city}-D{d:00}";
                inner.Add(new BenchOrganisation(district, $"第{c}市第{d}区区委", 2, "区委", city));
                for (int s = 1, count = random.Next(8, 25); s <= count; s++)
                {
                    var street = $"{district}-S{s:00}";
                    inner.Add(new BenchOrganisation(street, $"第{c}市第{d}区第{s}街道党工委", 3, "街道党工委", district));
                    streets.Add((street, $"第{c}市第{d}区第{s}街道"));
                }
            }
        }
        // Log-normal weights (σ 0.7), at least 3 units a street, the rounding put right on the largest.
        var weights = streets.Select(_ => Math.Exp(0.7 * Gaussian(random))).ToList();
        var total = weights.Sum();
        var sizes = weights.Select(w => Math.Max(3, (int)Math.Round(w / total * units))).ToList();
        sizes[sizes.IndexOf(sizes.Max())] += units - sizes.Sum();
        foreach (var o in inner) yield return o;
        for (var i = 0; i < streets.Count; i++)
            for (var u = 1; u <= sizes[i]; u++)
                yield return new BenchOrganisation($"{streets[i].Code}-U{u:000}", $"{streets[i].Name}第{u}党支部", 4, "党支部", streets[i].Code);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
