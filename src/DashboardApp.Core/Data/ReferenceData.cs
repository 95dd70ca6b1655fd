using System.Collections.Concurrent;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Data;

/// <summary>
/// A counter that changes whenever organisations, indicators or 校验规则 change. The context bumps it in the
/// same SaveChanges as the change (<see cref="DashboardDbContext"/>), so every writer — this
/// process, the CLI, another app instance — invalidates the cached tree and catalogue.
/// </summary>
public sealed class DataStamp
{
    public const string Reference = "reference";

    public required string Key { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// The organisation tree, indicator catalogue and 校验规则, read once and kept while the database's
/// <see cref="DataStamp"/> is unchanged: an import of a 10,000-unit city reads one row, not 10,000.
/// </summary>
public sealed class ReferenceData
{
    private sealed record Snapshot(long Version, OrganisationTree Tree, IndicatorCatalogue Catalogue, RuleSet Rules);

    private readonly ConcurrentDictionary<string, Snapshot> _cache = new();

    public async Task<(OrganisationTree Tree, IndicatorCatalogue Catalogue)> GetAsync(DashboardDbContext db, CancellationToken ct = default)
    {
        var s = await SnapshotAsync(db, ct);
        return (s.Tree, s.Catalogue);
    }

    /// <summary><see cref="GetAsync(DashboardDbContext, CancellationToken)"/> on a context of its own, for callers that hold none.</summary>
    public async Task<(OrganisationTree Tree, IndicatorCatalogue Catalogue)> GetAsync(IDbContextFactory<DashboardDbContext> dbFactory,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await GetAsync(db, ct);
    }

    /// <summary>The enabled 校验规则, compiled against the same catalogue <see cref="GetAsync(DashboardDbContext, CancellationToken)"/> gives.</summary>
    public async Task<RuleSet> RulesAsync(DashboardDbContext db, CancellationToken ct = default) => (await SnapshotAsync(db, ct)).Rules;

    private async Task<Snapshot> SnapshotAsync(DashboardDbContext db, CancellationToken ct)
    {
        var version = await db.DataStamps.AsNoTracking().Where(s => s.Key == DataStamp.Reference).Select(s => s.Version).FirstOrDefaultAsync(ct);
        // One cache per database (tests run several side by side).
        var key = db.Database.GetConnectionString() ?? "";
        if (_cache.TryGetValue(key, out var cached) && cached.Version == version) return cached;
        var catalogue = await db.LoadCatalogueAsync(ct);
        var rules = RuleSet.Of(await db.ValidationRules.AsNoTracking().ToListAsync(ct), catalogue);
        var fresh = new Snapshot(version, await db.LoadTreeAsync(ct), catalogue, rules);
        _cache[key] = fresh;
        return fresh;
    }
}
