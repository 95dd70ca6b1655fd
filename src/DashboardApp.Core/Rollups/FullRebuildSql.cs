using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// HAND-WRITTEN SQL, the one marked place for the full rebuild (SPEC §6, §10). The database does
/// the whole computation, one INSERT … SELECT per tree level, streaming the current values instead of loading
/// them: a city's ten million values never pass through the application. The SQL is what SQLite
/// and PostgreSQL share (temporary tables, substr, ||, CAST, UNION ALL). It computes exactly what
/// <see cref="RollupCalculator.Compute"/> does — the property tests compare the two:
/// each unit's value per month, quarter and year (SUM: the months added; LAST: the latest month's
/// value), summed into its parent with the number of units behind it, one level at a time from the
/// deepest up, each level also adding its children's rollups from the round before.
/// </summary>
internal static class FullRebuildSql
{
    private const string Quarter = "substr(\"Period\", 1, 4) || '-Q' || CAST((CAST(substr(\"Period\", 6, 2) AS INTEGER) + 2) / 3 AS TEXT)";
    private const string Year = "substr(\"Period\", 1, 4)";

    public static async Task<int> RunAsync(DashboardDbContext db, OrganisationTree tree, IReadOnlyCollection<int> lastIndicators, CancellationToken ct)
    {
        var sql = db.Database;
        await sql.ExecuteSqlRawAsync("DROP TABLE IF EXISTS rollup_orgs", ct);
        await sql.ExecuteSqlRawAsync("DROP TABLE IF EXISTS rollup_last", ct);
        await sql.ExecuteSqlRawAsync("CREATE TEMP TABLE rollup_orgs (org_id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER NOT NULL, depth INTEGER NOT NULL)", ct);
        await sql.ExecuteSqlRawAsync("CREATE TEMP TABLE rollup_last (indicator_id INTEGER NOT NULL PRIMARY KEY)", ct);

        // Every organisation with a parent, and its depth; the LAST indicators.
        var depths = new Dictionary<int, int>();
        await using (var insert = sql.GetDbConnection().CreateCommand())
        {
            insert.Transaction = sql.CurrentTransaction!.GetDbTransaction();
            insert.CommandText = "INSERT INTO rollup_orgs (org_id, parent_id, depth) VALUES (@o, @p, @d)";
            var (o, p, d) = (insert.CreateParameter(), insert.CreateParameter(), insert.CreateParameter());
            (o.ParameterName, p.ParameterName, d.ParameterName) = ("@o", "@p", "@d");
            // Typed, so that PostgreSQL can prepare the statement before the first values are set.
            (o.DbType, p.DbType, d.DbType) = (System.Data.DbType.Int32, System.Data.DbType.Int32, System.Data.DbType.Int32);
            insert.Parameters.Add(o);
            insert.Parameters.Add(p);
            insert.Parameters.Add(d);
            await insert.PrepareAsync(ct);
            foreach (var org in tree.All.Where(x => x.ParentId is not null))
            {
                var depth = tree.AncestorsOf(org.Id).Count();
                depths[org.Id] = depth;
                (o.Value, p.Value, d.Value) = (org.Id, org.ParentId!.Value, depth);
                await insert.ExecuteNonQueryAsync(ct);
            }
            insert.Parameters.Remove(p);
            insert.Parameters.Remove(d);
            insert.CommandText = "INSERT INTO rollup_last (indicator_id) VALUES (@o)";
            await insert.PrepareAsync(ct);
            foreach (var id in lastIndicators)
            {
                o.Value = id;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        // Deepest level first: each level's parents get their children's unit values (month, quarter,
        // year) and their children's own rollups, which the previous round completed.
        await sql.ExecuteSqlRawAsync("DELETE FROM \"RollupValues\"", ct);
        var rows = 0;
        foreach (var depth in depths.Values.Distinct().OrderDescending())
        {
            // Built from the constants below and an integer only: no value from outside reaches this text.
            var level = $"""
                INSERT INTO "RollupValues" ("OrganisationId", "Period", "IndicatorId", "Value", "ReportingUnits")
                SELECT o.parent_id, v.period, v.indicator_id, SUM(v.value), SUM(v.units)
                FROM (
                    SELECT c."OrganisationId" AS org, c."Period" AS period, c."IndicatorId" AS indicator_id, c."Value" AS value, 1 AS units
                    FROM rollup_orgs d JOIN "CurrentValues" c ON c."OrganisationId" = d.org_id WHERE d.depth = {depth}
                    UNION ALL {Summed(Quarter, depth)}
                    UNION ALL {Summed(Year, depth)}
                    UNION ALL {Latest(Quarter, depth)}
                    UNION ALL {Latest(Year, depth)}
                    UNION ALL
                    SELECT r."OrganisationId", r."Period", r."IndicatorId", r."Value", r."ReportingUnits"
                    FROM rollup_orgs d JOIN "RollupValues" r ON r."OrganisationId" = d.org_id WHERE d.depth = {depth}
                ) v
                JOIN rollup_orgs o ON o.org_id = v.org
                GROUP BY o.parent_id, v.period, v.indicator_id
                """;
            rows += await sql.ExecuteSqlRawAsync(level, ct);
        }

        await sql.ExecuteSqlRawAsync("DROP TABLE rollup_orgs", ct);
        await sql.ExecuteSqlRawAsync("DROP TABLE rollup_last", ct);
        return rows;
    }

    /// <summary>SUM indicators: each unit's months at this depth added up within the quarter or year.</summary>
    private static string Summed(string period, int depth) => $"""
        SELECT c."OrganisationId", {period.Replace("\"Period\"", "c.\"Period\"")}, c."IndicatorId", SUM(c."Value"), 1
        FROM rollup_orgs d JOIN "CurrentValues" c ON c."OrganisationId" = d.org_id
        WHERE d.depth = {depth} AND c."IndicatorId" NOT IN (SELECT indicator_id FROM rollup_last)
        GROUP BY c."OrganisationId", {period.Replace("\"Period\"", "c.\"Period\"")}, c."IndicatorId"
        """;

    /// <summary>LAST indicators: each unit's value at this depth in its latest reported month within the quarter or year.</summary>
    private static string Latest(string period, int depth) => $"""
        SELECT c."OrganisationId", l.period, c."IndicatorId", c."Value", 1 FROM "CurrentValues" c
        JOIN (SELECT x."OrganisationId" AS org, {period.Replace("\"Period\"", "x.\"Period\"")} AS period, x."IndicatorId" AS indicator_id, MAX(x."Period") AS latest
              FROM rollup_orgs d JOIN "CurrentValues" x ON x."OrganisationId" = d.org_id
              WHERE d.depth = {depth} AND x."IndicatorId" IN (SELECT indicator_id FROM rollup_last)
              GROUP BY x."OrganisationId", {period.Replace("\"Period\"", "x.\"Period\"")}, x."IndicatorId") l
          ON c."OrganisationId" = l.org AND c."IndicatorId" = l.indicator_id AND c."Period" = l.latest
        """;
}
