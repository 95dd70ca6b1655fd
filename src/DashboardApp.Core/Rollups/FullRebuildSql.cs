using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// HAND-WRITTEN SQL, the one marked place for the full rebuild (SPEC §6, §10). The database does
/// the whole computation in one INSERT … SELECT, streaming the current values instead of loading
/// them: a city's ten million values never pass through the application. The SQL is what SQLite
/// and PostgreSQL share (temporary tables, substr, ||, CAST, UNION ALL). It computes exactly what
/// <see cref="RollupCalculator.Compute"/> does — the property tests compare the two:
/// each unit's value per month, quarter and year (SUM: the months added; LAST: the latest month's
/// value), then summed into every ancestor with the number of units behind it.
/// </summary>
internal static class FullRebuildSql
{
    private const string Quarter = "substr(\"Period\", 1, 4) || '-Q' || CAST((CAST(substr(\"Period\", 6, 2) AS INTEGER) + 2) / 3 AS TEXT)";
    private const string Year = "substr(\"Period\", 1, 4)";

    public static async Task<int> RunAsync(DashboardDbContext db, OrganisationTree tree, IReadOnlyCollection<int> lastIndicators, CancellationToken ct)
    {
        var sql = db.Database;
        await sql.ExecuteSqlRawAsync("DROP TABLE IF EXISTS rollup_ancestors", ct);
        await sql.ExecuteSqlRawAsync("DROP TABLE IF EXISTS rollup_last", ct);
        await sql.ExecuteSqlRawAsync("CREATE TEMP TABLE rollup_ancestors (org_id INTEGER NOT NULL, ancestor_id INTEGER NOT NULL)", ct);
        await sql.ExecuteSqlRawAsync("CREATE TEMP TABLE rollup_last (indicator_id INTEGER NOT NULL)", ct);

        var connection = sql.GetDbConnection();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = sql.CurrentTransaction!.GetDbTransaction();
            insert.CommandText = "INSERT INTO rollup_ancestors (org_id, ancestor_id) VALUES (@o, @a)";
            var (o, a) = (insert.CreateParameter(), insert.CreateParameter());
            (o.ParameterName, a.ParameterName) = ("@o", "@a");
            insert.Parameters.Add(o);
            insert.Parameters.Add(a);
            await insert.PrepareAsync(ct);
            foreach (var org in tree.All)
                foreach (var ancestor in tree.AncestorsOf(org.Id))
                {
                    (o.Value, a.Value) = (org.Id, ancestor.Id);
                    await insert.ExecuteNonQueryAsync(ct);
                }
            insert.CommandText = "INSERT INTO rollup_last (indicator_id) VALUES (@o)";
            insert.Parameters.Remove(a);
            await insert.PrepareAsync(ct);
            foreach (var id in lastIndicators)
            {
                o.Value = id;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await sql.ExecuteSqlRawAsync("DELETE FROM \"RollupValues\"", ct);
        // Built from the constants above only: no value from outside reaches this text.
        var rebuild = $"""
            INSERT INTO "RollupValues" ("OrganisationId", "Period", "IndicatorId", "Value", "ReportingUnits")
            SELECT a.ancestor_id, u.period, u.indicator_id, SUM(u.value), COUNT(*)
            FROM (
                SELECT "OrganisationId" AS org, "Period" AS period, "IndicatorId" AS indicator_id, "Value" AS value FROM "CurrentValues"
                UNION ALL {Summed(Quarter)}
                UNION ALL {Summed(Year)}
                UNION ALL {Latest(Quarter)}
                UNION ALL {Latest(Year)}
            ) u
            JOIN rollup_ancestors a ON a.org_id = u.org
            GROUP BY a.ancestor_id, u.period, u.indicator_id
            """;
        var rows = await sql.ExecuteSqlRawAsync(rebuild, ct);

        await sql.ExecuteSqlRawAsync("DROP TABLE rollup_ancestors", ct);
        await sql.ExecuteSqlRawAsync("DROP TABLE rollup_last", ct);
        return rows;
    }

    /// <summary>SUM indicators: a unit's months added up within the quarter or year.</summary>
    private static string Summed(string period) => $"""
        SELECT "OrganisationId", {period}, "IndicatorId", SUM("Value") FROM "CurrentValues"
        WHERE "IndicatorId" NOT IN (SELECT indicator_id FROM rollup_last)
        GROUP BY "OrganisationId", {period}, "IndicatorId"
        """;

    /// <summary>LAST indicators: a unit's value in its latest reported month within the quarter or year.</summary>
    private static string Latest(string period) => $"""
        SELECT c."OrganisationId", l.period, c."IndicatorId", c."Value" FROM "CurrentValues" c
        JOIN (SELECT "OrganisationId" AS org, {period} AS period, "IndicatorId" AS indicator_id, MAX("Period") AS latest FROM "CurrentValues"
              WHERE "IndicatorId" IN (SELECT indicator_id FROM rollup_last)
              GROUP BY "OrganisationId", {period}, "IndicatorId") l
          ON c."OrganisationId" = l.org AND c."IndicatorId" = l.indicator_id AND c."Period" = l.latest
        """;
}
