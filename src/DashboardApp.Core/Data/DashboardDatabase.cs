using DashboardApp.Core.Indicators;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Core.Data;

public static class DashboardDatabase
{
    /// <summary>Registers the context factory for the configured engine; a SQLite file's folder is created if missing.</summary>
    public static IServiceCollection AddDashboardDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // Pooled: an import or a dashboard query creates a context each time.
        services.AddPooledDbContextFactory<DashboardDbContext>((sp, o) => Configure(o, settings, sp.GetService<TimeProvider>()));
        return services;
    }

    /// <param name="clock">The clock the audit log is timed by (<see cref="AuditAndStampInterceptor"/>); the system's when not given.</param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSettings settings, TimeProvider? clock = null)
    {
        options.AddInterceptors(new AuditAndStampInterceptor(clock ?? TimeProvider.System));
        // A list in a query (the units of a scope: 50,000 for a province) goes as one parameter, not one
        // per element: SQLite takes at most 32,766 parameters, and EF Core 10 would expand them.
        if (settings.Provider == DatabaseProvider.PostgreSql)
            return options.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(DatabaseSettings.PostgreSqlMigrations)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        return options.UseSqlite(builder.ToString(), o => o.MigrationsAssembly(DatabaseSettings.SqliteMigrations)
            .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
    }

    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    /// <summary>Applies the checked-in migrations, switches SQLite to WAL, and loads the indicator catalogue and 校验规则 into empty tables.</summary>
    public static async Task MigrateAsync(IDbContextFactory<DashboardDbContext> factory, string catalogueJsonPath, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await Sql.SqlDialect.Of(db.Database).PrepareDatabaseAsync(db.Database, ct);
        db.Actor = "系统（初始化）";
        List<Indicator> seed;
        await using (var stream = File.OpenRead(catalogueJsonPath)) seed = IndicatorCatalogue.ReadJson(stream);
        if (!await db.Indicators.AnyAsync(ct)) db.Indicators.AddRange(seed);
        else
        {
            // A catalogue loaded before indicators had phrases takes seed-data's phrase for each indicator that has none.
            var phrases = seed.Where(i => i.Phrase is not null).ToDictionary(i => i.Code, i => i.Phrase, StringComparer.OrdinalIgnoreCase);
            foreach (var i in await db.Indicators.Where(i => i.Phrase == null).ToListAsync(ct))
                if (phrases.TryGetValue(i.Code, out var phrase)) i.Phrase = phrase;
        }
        var derivedPath = IndicatorCatalogue.DerivedPath(catalogueJsonPath);
        if (File.Exists(derivedPath) && !await db.DerivedIndicators.AnyAsync(ct))
        {
            await using var derived = File.OpenRead(derivedPath);
            db.DerivedIndicators.AddRange(IndicatorCatalogue.ReadDerivedJson(derived));
        }
        var rulesPath = Path.Combine(Path.GetDirectoryName(catalogueJsonPath) ?? ".", RulesFile);
        if (File.Exists(rulesPath) && !await db.ValidationRules.AnyAsync(ct))
        {
            await using var rules = File.OpenRead(rulesPath);
            db.ValidationRules.AddRange(Rules.ValidationRule.ReadJson(rules));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>seed-data's 校验规则, loaded into an empty table; administrators change them on the 校验规则 page, never by this file again.</summary>
    public const string RulesFile = "validation-rules.json";

    public static async Task<IndicatorCatalogue> LoadCatalogueAsync(this DashboardDbContext db, CancellationToken ct = default) =>
        new(await db.Indicators.AsNoTracking().ToListAsync(ct), await db.DerivedIndicators.AsNoTracking().ToListAsync(ct));

    public static async Task<Organisations.OrganisationTree> LoadTreeAsync(this DashboardDbContext db, CancellationToken ct = default) =>
        new(await db.Organisations.AsNoTracking().ToListAsync(ct));
}
