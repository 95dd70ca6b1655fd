using System.Data.Common;
using System.Globalization;
using DashboardApp.Core.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DashboardApp.Core.Data.Sql;

/// <summary>
/// HAND-WRITTEN SQL: every statement the application writes by hand, and nothing else (docs/decisions/0004). EF Core
/// writes the rest. The statements both engines accept are here; what differs lives in <see cref="SqliteDialect"/> and
/// <see cref="PostgreSqlDialect"/>, and the code that runs a statement asks the dialect of its database for it, never the
/// engine's name. Only integers (formatted invariantly), identifiers from the EF model, and period texts made by
/// <see cref="Periods.Period.ToString"/> (checked by <see cref="PeriodLiteral"/>) are ever written into a statement's text.
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect Of(DatabaseFacade database) => database.IsNpgsql() ? PostgreSqlDialect.Instance : SqliteDialect.Instance;

    public static SqlDialect Of(DbConnection connection) => connection is Npgsql.NpgsqlConnection ? PostgreSqlDialect.Instance
        : SqliteDialect.Instance;

    // ---- Connections and transactions ----

    /// <summary>Once the migrations have run: what the engine needs set on the database itself.</summary>
    public abstract Task PrepareDatabaseAsync(DatabaseFacade database, CancellationToken ct);

    /// <summary>
    /// Inside a transaction that has begun: waits until it is the only one of its <paramref name="kind"/> writing, across
    /// every process on the database. SQLite's transactions here take the write lock when they begin (BEGIN IMMEDIATE).
    /// </summary>
    public abstract Task TakeTurnAsync(DatabaseFacade database, WriterTurn kind, CancellationToken ct);

    /// <summary>
    /// Before a transaction that writes many rows (an upload) begins, on its connection: what makes that cheaper; disposing the result puts
    /// the connection back as it was, once the transaction has ended.
    /// </summary>
    public abstract Task<IAsyncDisposable> BulkWritingAsync(DatabaseFacade database, CancellationToken ct);

    /// <summary>Run first in a transaction that reads the values in ranges (the rebuild's and its read-ahead connections'); null if
    /// nothing.</summary>
    public abstract string? RangeReadSettings { get; }

    /// <summary>
    /// Tells every instance listening on the database that a rollup's figures are in, when the caller's transaction commits
    /// (<see cref="Rollups.FigureUpdates"/>); nothing on SQLite, which one instance serves.
    /// </summary>
    public abstract Task AnnounceRollupAsync(DatabaseFacade database, string payload, CancellationToken ct);

    /// <summary>Whether a read-ahead connection reads in a transaction of its own (to hold <see cref="RangeReadSettings"/>).</summary>
    public abstract bool ReadsInOwnTransaction { get; }

    // ---- Import rows (RowWriter) ----

    /// <summary>An INSERT of one or more rows (each its parameters' names), updating the row with the same <paramref name="upsertKey"/> if
    /// there is one, returning a generated key if asked.</summary>
    public static string Insert(string table, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows,
        IReadOnlyList<string>? upsertKey, string? returning)
    {
        var sql = $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) VALUES " +
            string.Join(", ", rows.Select(parameters => $"({string.Join(", ", parameters)})"));
        if (upsertKey is not null)
        {
            var updates = columns.Except(upsertKey).Select(c => $"{Quote(c)} = excluded.{Quote(c)}");
            sql += $" ON CONFLICT ({string.Join(", ", upsertKey.Select(Quote))}) DO UPDATE SET {string.Join(", ", updates)}";
        }
        return returning is null ? sql : sql + $" RETURNING {Quote(returning)}";
    }

    /// <summary>
    /// <paramref name="count"/> new values of <paramref name="table"/>'s generated "Id", for rows the caller then writes with them (a
    /// multi-row INSERT's RETURNING does not say which row got which key). Inside an upload's turn (<see cref="TakeTurnAsync"/>): the only
    /// writer of the table.
    /// </summary>
    public abstract Task<IReadOnlyList<int>> NewIdsAsync(DatabaseFacade database, string table, int count, CancellationToken ct);

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    // ---- Reading values and rollups (the rebuild and the incremental run) ----

    /// <summary>
    /// One row per unit-month with its indicators and values joined (<see cref="Joined"/>): a driver's cost is per row and
    /// column, and reading each value as a row of its own costs three times what the database spends on it. Ordered as
    /// grouped, so that the database streams the groups from the primary key without sorting them again.
    /// </summary>
    public string UnitMonths(string where) =>
        $"SELECT \"OrganisationId\", \"Period\", {Joined(("IndicatorId", false), ("Value", true))} " +
        $"FROM \"CurrentValues\" WHERE {where} GROUP BY \"OrganisationId\", \"Period\" ORDER BY \"OrganisationId\", \"Period\"";

    /// <summary>The values of the organisations with ids in a range, as <see cref="UnitMonths"/>: parameters @from and @to.</summary>
    public string UnitMonthsInRange => UnitMonths("\"OrganisationId\" >= @from AND \"OrganisationId\" <= @to");

    /// <summary>The values of these units in these months, as <see cref="UnitMonths"/>.</summary>
    public string UnitMonthsOf(IEnumerable<int> units, IEnumerable<Periods.Period> months) =>
        UnitMonths($"\"OrganisationId\" IN ({Integers(units)}) AND \"Period\" IN ({string.Join(", ", months.Select(m => $"'{PeriodLiteral(m.ToString())}'"))})");

    /// <summary>What is stored for these organisations, a row per organisation and period, joined as <see cref="UnitMonths"/>.</summary>
    public string StoredRollups(IEnumerable<int> organisations) =>
        $"SELECT \"OrganisationId\", \"Period\", {Joined(("IndicatorId", false), ("Value", true), ("ReportingUnits", false))}" +
        $" FROM \"RollupValues\" WHERE \"OrganisationId\" IN ({Integers(organisations)}) GROUP BY \"OrganisationId\", \"Period\"";

    /// <summary>
    /// The aggregate that joins these integer columns of each group's rows into one value, read back by
    /// <see cref="JoinedFields"/> (a column <c>Wide</c> is a 64-bit integer).
    /// </summary>
    protected abstract string Joined(params (string Column, bool Wide)[] columns);

    // ---- Writing rollups (RollupWriter) ----

    /// <summary>How many rows go to one statement of <see cref="RollupStart"/> … <see cref="RollupEnd"/>.</summary>
    public const int RollupRowsPerStatement = 500;

    public const string RollupColumns = "(\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"ReportingUnits\")";
    private const string OnConflict = " ON CONFLICT (\"OrganisationId\", \"Period\", \"IndicatorId\") DO UPDATE SET ";

    /// <summary>The start of a statement of rollup rows, each then written as (org, 'period', indicator[, value, units]).</summary>
    public static string RollupStart(RollupWrite mode) => mode == RollupWrite.Removing
        ? "DELETE FROM \"RollupValues\" WHERE (\"OrganisationId\", \"Period\", \"IndicatorId\") IN (VALUES "
        : $"INSERT INTO \"RollupValues\" {RollupColumns} VALUES ";

    public static string RollupEnd(RollupWrite mode) => mode switch
    {
        RollupWrite.Adding => OnConflict + "\"Value\" = \"RollupValues\".\"Value\" + excluded.\"Value\", " +
            "\"ReportingUnits\" = \"RollupValues\".\"ReportingUnits\" + excluded.\"ReportingUnits\"",
        RollupWrite.Replacing => OnConflict + "\"Value\" = excluded.\"Value\", \"ReportingUnits\" = excluded.\"ReportingUnits\"",
        RollupWrite.Removing => ")",
        _ => "",
    };

    /// <summary>Removes the rollups of every organisation but these (none given: all of them).</summary>
    public static string RemoveRollupsExcept(IReadOnlyCollection<int> organisations) =>
        "DELETE FROM \"RollupValues\"" + (organisations.Count == 0 ? "" : $" WHERE \"OrganisationId\" NOT IN ({Integers(organisations)})");

    /// <summary>Whether new rollup rows go by <see cref="CopyRollupsAsync"/> rather than INSERT statements.</summary>
    public abstract bool CopiesNewRollups { get; }

    /// <summary>Writes new rollup rows in bulk, in the caller's transaction; returns how many.</summary>
    public abstract Task<int> CopyRollupsAsync(DatabaseFacade database,
        IReadOnlyList<(int Org, string Period, int Indicator, long Value, int Units)> rows,
        CancellationToken ct);

    // ---- 报送情况 (Cycle.ReportingStatusQueries) ----

    /// <summary>
    /// Each unit that sent something for @month: "OrganisationId", its first accepted submission, and its review state (0 待核实: no decision
    /// since its last submission; 1 已核实; 2 退回待改 — the latest decision being @sentBack). Only the units of <paramref name="units"/> when
    /// given (a district's few hundred, found by the (OrganisationId, Period) index); else the month's every unit, read from the
    /// (Period, OrganisationId, AcceptedAtUtc) index alone — the province's 200,000 in about 150 ms on PostgreSQL, less than joining the
    /// organisations to count them in SQL costs (docs/benchmarks.md, “报送情况 at a province”). The tree in memory says who was expected.
    /// </summary>
    public static string ReportedUnits(IReadOnlyCollection<int>? units)
    {
        var only = units is null ? "" : $" AND \"OrganisationId\" IN ({Integers(units.Append(0))})";
        return $"""
            SELECT t."OrganisationId", t."First",
                   CASE WHEN d."At" IS NULL OR d."At" < t."Last" THEN 0
                        WHEN EXISTS (SELECT 1 FROM "MonthReviews" r WHERE r."OrganisationId" = t."OrganisationId" AND r."Period" = @month
                                     AND r."DecidedAtUtc" = d."At" AND r."Decision" = @sentBack) THEN 2
                        ELSE 1 END
            FROM (SELECT "OrganisationId", MIN("AcceptedAtUtc") AS "First", MAX("AcceptedAtUtc") AS "Last" FROM "Submissions"
                  WHERE "Period" = @month{only} GROUP BY "OrganisationId") t
                 LEFT JOIN (SELECT "OrganisationId", MAX("DecidedAtUtc") AS "At" FROM "MonthReviews"
                            WHERE "Period" = @month{only} GROUP BY "OrganisationId") d ON d."OrganisationId" = t."OrganisationId"
            """;
    }

    // ---- 报送质量 (Assessment.ReportingQuality) and 达标标准 (Assessment.Standards) ----
    // Both answer one row a unit with bit masks over the months or periods asked for (bit i for the i-th): which of them the unit did
    // something in. The tree in memory says which of them each unit was open for and which units are under the organisation, so the
    // database neither walks the tree nor joins the organisations (decision record 0008: at 50,000 units a recursive walk turned every
    // join into nested loops and cost 2.4 s for a standard, 1.3 s for 报送质量).

    /// <summary>
    /// Which units' rows a statement over some units reads: theirs by id (the (OrganisationId, Period) indexes find them), or — null —
    /// every unit's, when they are more than half of all (<paramref name="all"/>) and a scan of the period is cheaper than that many probes
    /// (a province's root: 200,000). Never more than 100,000 ids written into a statement.
    /// </summary>
    public static IReadOnlyCollection<int>? Narrowed(IReadOnlyCollection<int> units, int all) =>
        units.Count * 2 <= all && units.Count <= 100_000 ? units : null;

    /// <summary>Only these units' rows, or (null) every unit's: <c>AND "OrganisationId" IN (…)</c>.</summary>
    private static string OnlyUnits(string alias, IReadOnlyCollection<int>? units) =>
        units is null ? "" : $" AND {alias}\"OrganisationId\" IN ({Integers(units.Append(0))})";

    /// <summary>
    /// 报送质量 per unit over <paramref name="months"/> (bit i for months[i], first accepted before @c{i} for on time): "OrganisationId", the
    /// mask of months reported on time, 更正 (submissions whose "Sheet" is @correction), 退回 (decisions @sentBack), 核实后改数 (the unit's
    /// own submissions of a month after its first decision @verified). Only the units that did anything.
    /// </summary>
    public static string QualityPerUnit(IReadOnlyList<Periods.Period> months, IReadOnlyCollection<int>? units)
    {
        var values = string.Join(", ", months.Select((m, i) => $"('{PeriodLiteral(m.ToString())}', {1L << i}, @c{i})"));
        return $"""
            WITH months ("Period", "Bit", "Cutoff") AS (VALUES {values}),
            unit_month AS (
                SELECT x."OrganisationId", MIN(m."Bit") AS "Bit", MIN(x."AcceptedAtUtc") AS "First", MIN(m."Cutoff") AS "Cutoff",
                       SUM(CASE WHEN x."Sheet" = @correction THEN 1 ELSE 0 END) AS "Corrections"
                FROM "Submissions" x JOIN months m ON m."Period" = x."Period"
                WHERE 1 = 1{OnlyUnits("x.", units)}
                GROUP BY x."OrganisationId", x."Period"
            ),
            sent AS (
                SELECT "OrganisationId", SUM(CASE WHEN "First" < "Cutoff" THEN "Bit" ELSE 0 END) AS "OnTime", SUM("Corrections") AS "Corrections"
                FROM unit_month GROUP BY "OrganisationId"
            ),
            decisions AS (
                SELECT r."OrganisationId", r."Period", r."Decision", r."DecidedAtUtc"
                FROM "MonthReviews" r JOIN months m ON m."Period" = r."Period" WHERE 1 = 1{OnlyUnits("r.", units)}
            ),
            sent_back AS (SELECT "OrganisationId", COUNT(*) AS "Count" FROM decisions WHERE "Decision" = @sentBack GROUP BY "OrganisationId"),
            verified AS (
                SELECT "OrganisationId", "Period", MIN("DecidedAtUtc") AS "At" FROM decisions WHERE "Decision" = @verified
                GROUP BY "OrganisationId", "Period"
            ),
            changed AS (
                SELECT v."OrganisationId", COUNT(*) AS "Count"
                FROM verified v JOIN "Submissions" x ON x."OrganisationId" = v."OrganisationId" AND x."Period" = v."Period"
                WHERE x."AcceptedAtUtc" > v."At" AND (x."Sheet" IS NULL OR x."Sheet" <> @correction)
                GROUP BY v."OrganisationId"
            ),
            touched AS (
                SELECT "OrganisationId" FROM sent UNION SELECT "OrganisationId" FROM sent_back UNION SELECT "OrganisationId" FROM changed
            )
            SELECT t."OrganisationId", COALESCE(s."OnTime", 0), COALESCE(s."Corrections", 0), COALESCE(b."Count", 0), COALESCE(c."Count", 0)
            FROM touched t LEFT JOIN sent s ON s."OrganisationId" = t."OrganisationId"
                 LEFT JOIN sent_back b ON b."OrganisationId" = t."OrganisationId" LEFT JOIN changed c ON c."OrganisationId" = t."OrganisationId"
            """;
    }

    /// <summary>
    /// A standard judged per unit: for each unit with a value of @indicator in a judged period (bit i for the i-th of
    /// <paramref name="periods"/>, each given by its months), "OrganisationId", the mask of periods whose value is below @min (scaled as
    /// stored) and the mask of periods with a value at all. A period's value is its months' sum, or with @last = 1 its latest reported
    /// month's value.
    /// </summary>
    public static string StandardPerUnit(IReadOnlyList<IReadOnlyList<Periods.Period>> periods, IReadOnlyCollection<int>? units)
    {
        var months = string.Join(", ", periods.SelectMany((p, i) => p.Select(m => $"('{PeriodLiteral(m.ToString())}', {1L << i})")));
        // Periods of one month each (a monthly standard): a period's value is the month's, judged in one pass without adding months up.
        if (periods.All(p => p.Count == 1))
            return $"""
                WITH months ("Period", "Bit") AS (VALUES {months})
                SELECT v."OrganisationId", SUM(CASE WHEN v."Value" < @min THEN m."Bit" ELSE 0 END), SUM(m."Bit")
                FROM "CurrentValues" v JOIN months m ON m."Period" = v."Period"
                WHERE v."IndicatorId" = @indicator{OnlyUnits("v.", units)}
                GROUP BY v."OrganisationId"
                """;
        return $"""
            WITH months ("Period", "Bit") AS (VALUES {months}),
            per_period AS (
                SELECT v."OrganisationId", m."Bit", SUM(v."Value") AS "Sum", MAX(v."Period") AS "Latest"
                FROM "CurrentValues" v JOIN months m ON m."Period" = v."Period"
                WHERE v."IndicatorId" = @indicator{OnlyUnits("v.", units)}
                GROUP BY v."OrganisationId", m."Bit"
            ),
            valued AS (
                SELECT p."OrganisationId", p."Bit",
                       CASE WHEN @last = 1 THEN (SELECT l."Value" FROM "CurrentValues" l WHERE l."OrganisationId" = p."OrganisationId"
                                                  AND l."Period" = p."Latest" AND l."IndicatorId" = @indicator)
                            ELSE p."Sum" END AS "Value"
                FROM per_period p
            )
            SELECT "OrganisationId", SUM(CASE WHEN "Value" < @min THEN "Bit" ELSE 0 END), SUM("Bit")
            FROM valued GROUP BY "OrganisationId"
            """;
    }

    // ---- Literals ----

    public static string Integers(IEnumerable<int> ids) => string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Digits, '-' and 'Q' only: what <see cref="Periods.Period.ToString"/> makes, and nothing that could end a literal.</summary>
    public static string PeriodLiteral(string period)
    {
        foreach (var c in period)
            if (!char.IsAsciiDigit(c) && c != '-' && c != 'Q')
                throw new ArgumentException($"统计期“{period}”不是规范写法", nameof(period));
        return period;
    }
}

/// <summary>The kinds of writing transaction that take turns (<see cref="SqlDialect.TakeTurnAsync"/>).</summary>
internal enum WriterTurn
{
    /// <summary>A rollup run, full or incremental.</summary>
    Rollup,
    /// <summary>An upload being stored: acceptance times then follow commit order.</summary>
    Upload,
}
