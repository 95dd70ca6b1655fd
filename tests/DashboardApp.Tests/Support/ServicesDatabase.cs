using System.Data.Common;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Tests.Support;

/// <summary>
/// A temporary database (a SQLite file, or a fresh PostgreSQL database) with a given tree, driven through the Core services: the real import
/// service, figure queries, and rollup services that can be given faults. (<see cref="TempDatabase"/> is the same driven through the CLI.)
/// </summary>
internal sealed class ServicesDatabase : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashboard-rollup-").FullName;
    private ServiceProvider _services = default!;

    public DatabaseSettings Settings { get; private set; } = default!;
    public IDbContextFactory<DashboardDbContext> Factory => _services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
    public SubmissionService Importer => _services.GetRequiredService<SubmissionService>();
    public OrganisationTree Tree { get; private set; } = default!;

    /// <summary>Rows: (code, parent code or null). Organisations are added parents first.</summary>
    /// <param name="clock">The clock the services read "today" from (the real one when not given).</param>
    public static async Task<ServicesDatabase> CreateAsync(IEnumerable<(string Code, string? Parent)> organisations,
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var database = new ServicesDatabase();
        database.Settings = provider == DatabaseProvider.PostgreSql ? await TestPostgres.CreateAsync()
            : DatabaseSettings.Sqlite(Path.Combine(database._dir, "rollups.db"));
        var services = new ServiceCollection();
        if (clock is not null) services.AddSingleton(clock);
        services.AddDashboardCore(database.Settings);
        configure?.Invoke(services);
        database._services = services.BuildServiceProvider();
        await DashboardDatabase.MigrateAsync(database.Factory, Path.Combine(TestCatalogue.SeedDataDirectory, "indicators.json"));
        await using var db = await database.Factory.CreateDbContextAsync();
        db.Actor = "test";
        var byCode = new Dictionary<string, Organisation>();
        foreach (var (code, parent) in organisations)
        {
            var org = new Organisation
            {
                Code = code, Name = $"组织{code}", Parent = parent is null ? null : byCode[parent], Level = parent is null ? 0
                : byCode[parent].Level + 1
            };
            byCode[code] = org;
            db.Organisations.Add(org);
        }
        await db.SaveChangesAsync();
        database.Tree = await db.LoadTreeAsync();
        return database;
    }

    /// <summary>市 C → 区 D1 → 街道 D1-S1 → U1, U2; C → 区 D2 → D2-U3 (one level less).</summary>
    public static Task<ServicesDatabase> SmallCityAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null) => CreateAsync(
        [("C", null), ("D1", "C"), ("D1-S1", "D1"), ("D1-S1-U1", "D1-S1"), ("D1-S1-U2", "D1-S1"), ("D2", "C"), ("D2-U3", "D2")], provider, clock,
        configure);

    /// <summary>A Core service of this database.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The services' FigureQueries, reading "today" from the database's clock.</summary>
    public Core.Figures.FigureQueries Figures => _services.GetRequiredService<Core.Figures.FigureQueries>();

    /// <summary>A rollup service whose database commands pass through <paramref name="interceptor"/>.</summary>
    public RollupService Rollups(DbCommandInterceptor? interceptor = null, Polly.ResiliencePipeline? retry = null)
    {
        var options = new DbContextOptionsBuilder<DashboardDbContext>();
        DashboardDatabase.Configure(options, Settings);
        if (interceptor is not null) options.AddInterceptors(interceptor);
        return new RollupService(new PooledDbContextFactory<DashboardDbContext>(options.Options), TimeProvider.System, retry);
    }

    /// <summary>Imports a unit's real template with the given values typed in, as an administrator.</summary>
    public async Task ImportAsync(string unitCode, Period month, Dictionary<string, object> values)
    {
        var unit = Tree.ByCode(unitCode)!;
        var file = TestWorkbooks.FilledTemplate(unit, month, values);
        var report = await Importer.ImportAsync(file, $"{unitCode}-{month}.xlsx", Actor.System("test"));
        Assert.True(report.Status == ImportStatus.Accepted, string.Join("\n", report.Errors.Select(e => e.Describe())));
    }

    /// <summary>The catalogue as the database holds it (the seed data's indicators, with their ids).</summary>
    public async Task<Core.Indicators.IndicatorCatalogue> CatalogueAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.LoadCatalogueAsync();
    }

    /// <summary>The stored rollups, ordered, for comparison.</summary>
    public async Task<List<(int Org, string Period, int Indicator, decimal Value, int Units)>> StoredAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var rows = await db.RollupValues.AsNoTracking().ToListAsync();
        return rows.Select(r => (r.OrganisationId, r.Period.ToString(), r.IndicatorId, r.Value, r.ReportingUnits)).Order().ToList();
    }

    /// <summary>What a full rebuild computes from the current values, without touching the database.</summary>
    public async Task<List<(int Org, string Period, int Indicator, decimal Value, int Units)>> ExpectedAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var aggregation = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Aggregation);
        var values = await db.CurrentValues.AsNoTracking().Select(v => new UnitMonthValue(v.OrganisationId, v.Period, v.IndicatorId,
            v.Value)).ToListAsync();
        return RollupCalculator.Compute(Tree, aggregation, values)
            .Select(r => (r.OrganisationId, r.Period.ToString(), r.IndicatorId, r.Value, r.ReportingUnits)).Order().ToList();
    }

    /// <summary>The audit log, oldest first.</summary>
    public async Task<List<Core.Access.AuditEntry>> AuditAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<int> QueuedAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.RollupQueue.CountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Settings.Provider == DatabaseProvider.PostgreSql) await TestPostgres.DropAsync(Settings);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Makes chosen database commands fail, as a crash or a busy database would.</summary>
internal sealed class FaultInjector(Func<DbCommand, int, Exception?> fault) : DbCommandInterceptor
{
    private int _count;

    private void Check(DbCommand command)
    {
        if (fault(command, Interlocked.Increment(ref _count)) is { } e) throw e;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
