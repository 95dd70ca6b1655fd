using System.Data.Common;
using System.Diagnostics;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>
/// The rollup figures (docs/benchmarks.md, “Rollups”) on a synthetic city (10,000 units × 17 indicators × N months): the full rebuild
/// against one hand-written GROUP BY over the same values, the incremental rollup after one
/// unit-month upload, upload-to-query latency, and the full rebuild's peak memory.
/// </summary>
internal static class RollupBenchmark
{
    /// <param name="province">50,000 units (50 districts × 50 streets × 20) instead of the city's 10,000.</param>
    /// <param name="provinceUnits">Instead, a province shaped as one is (<see cref="BenchTree.Province"/>) with this many units.</param>
    /// <param name="postgresServer">Run on a new database on this PostgreSQL server instead of SQLite.</param>
    /// <param name="keep">Leave the PostgreSQL database in place afterwards.</param>
    public static async Task RunAsync(int months, bool province = false, string? postgresServer = null, bool keep = false, int? provinceUnits = null)
    {
        await using var bench = provinceUnits is { } size ? await BenchDatabase.CreateAsync(BenchTree.Province(size), postgresServer)
            : province ? await BenchDatabase.CreateAsync(districts: 50, streetsPerDistrict: 50, unitsPerStreet: 20, postgresServer)
            : await BenchDatabase.CreateAsync(districts: 20, streetsPerDistrict: 25, unitsPerStreet: 20, postgresServer);
        bench.Keep = keep;
        var factory = bench.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var units = tree.All.Where(o => tree.IsReportingUnit(o.Id)).ToList();
        var monthList = Enumerable.Range(0, months).Select(i => Period.Month(2021 + i / 12, 1 + i % 12)).ToList();

        var sw = Stopwatch.StartNew();
        var values = bench.Settings.Provider == DatabaseProvider.PostgreSql
            ? await CopyAsync(bench.Settings, units.Select(u => u.Id).ToList(), catalogue.All.Select(i => i.Id).ToList(), monthList)
            : await FillAsync(db, units.Select(u => u.Id).ToList(), catalogue.All.Select(i => i.Id).ToList(), monthList);
        Console.WriteLine($"\n## Rollups on {bench.Settings.Provider}: {units.Count:N0} units × {catalogue.All.Count} indicators × {months} months = {values:N0} current values (written in {sw.Elapsed.TotalSeconds:0} s)");

        await db.Database.OpenConnectionAsync();
        // Baseline: one GROUP BY over every value, on the same engine. Run once before it is timed: the first scan after
        // the bulk load also sets PostgreSQL's hint bits on every row (2–3× slower), which would flatter the ratio.
        await GroupByAsync(db);
        var groupBy = await TimeAsync(() => GroupByAsync(db));
        // The fair baseline: one statement that computes the rollup rows themselves, timed warm (after the rebuild, whose rows
        // it is checked against first). On PostgreSQL without JIT, as the rebuild's own reads are (JIT cost it 0.9 s a run),
        // and with 64 MB to sort and hash in instead of 4 (the city: 3.9 s against 4.9).
        var sql = SingleStatementRollup(bench.Settings.Provider);
        if (bench.Settings.Provider == DatabaseProvider.PostgreSql) await db.Database.ExecuteSqlRawAsync(PostgreSqlBaselineSettings);

        var rollups = bench.Services.GetRequiredService<RollupService>();
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var rssBefore = ProcStatus.Kb("self", "VmRSS");
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        RollupRun? full = null;
        var fullTime = await TimeAsync(async () => full = await rollups.RunFullAsync());
        var peak = ProcStatus.Kb("self", "VmHWM");
        var same = await SameRowsAsync(db, sql);
        var baseline = await TimeAsync(() => ReadAllAsync(db, sql));
        Console.WriteLine("| measure | time | ratio | target |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| the rollup rows in one SQL statement (baseline) | {baseline:0.00} s | 1.00× | |");
        Console.WriteLine($"| hand-written GROUP BY over all values (the earlier baseline) | {groupBy:0.00} s | {groupBy / baseline:0.00}× | |");
        Console.WriteLine($"| full rebuild ({full!.Outcome}, {full.Rows:N0} rows) | {fullTime:0.00} s | {fullTime / baseline:0.00}× " +
                          $"({fullTime / groupBy:0.00}× the GROUP BY) | ≤ 1.2× |");
        Console.WriteLine($"| the statement's rows = the stored rollups | {same} | | |");

        // One unit-month upload at a time: import, incremental rollup, and the district figure read back.
        var importer = bench.Services.GetRequiredService<SubmissionService>();
        var figures = bench.Services.GetRequiredService<FigureQueries>();
        var incremental = new List<double>();
        var endToEnd = new List<double>();
        var month = monthList[^1];
        var study = catalogue.ByCode("STUDY_SESSIONS")!;
        for (var i = 0; i < 21; i++)
        {
            var unit = units[(i * 487) % units.Count];
            var file = Workbooks.FilledUnitTemplate(unit, month, catalogue, 900 + i);
            var district = tree.AncestorsOf(unit.Id).Single(a => a.Level == 1);
            var start = Stopwatch.StartNew();
            var report = await importer.ImportAsync(file, "u.xlsx", Actor.System("bench"));
            if (report.Status != ImportStatus.Accepted) throw new InvalidOperationException("not accepted");
            var t = Stopwatch.StartNew();
            await rollups.RunIncrementalAsync();
            var inc = t.Elapsed.TotalSeconds;
            await figures.GetAsync(district, month, study, tree);
            if (i == 0) continue; // warm-up
            incremental.Add(inc);
            endToEnd.Add(start.Elapsed.TotalSeconds);
        }
        var p95 = endToEnd.Order().ElementAt((int)Math.Ceiling(endToEnd.Count * 0.95) - 1);
        var incMedian = incremental.Order().ElementAt(incremental.Count / 2);
        Console.WriteLine($"| incremental rollup after one unit-month (median of {incremental.Count}) | {incMedian * 1000:0} ms | {incMedian / fullTime:0.0000}× full | ≤ 0.001× full |");
        Console.WriteLine($"| upload accepted → new figure returned (p95 of {endToEnd.Count}) | {p95 * 1000:0} ms | | ≤ 2 s |");
        Console.WriteLine($"| full rebuild peak RSS | {(peak - rssBefore) / 1024.0:N0} MB above {rssBefore / 1024.0:N0} MB | | streamed |");

        // The dashboard views: the server-side data of a dashboard view for 200 random (organisation, period, indicator):
        // the overview (4 KPI cards with 同比 and 累计, 报送率, two trend series) and the comparison of the children.
        var overviews = bench.Services.GetRequiredService<OverviewQueries>();
        var inner = tree.All.Where(o => !tree.IsReportingUnit(o.Id)).ToList();
        var random = new Random(11);
        var views = new List<double>();
        for (var i = 0; i < 201; i++)
        {
            var org = random.NextDouble() < 0.8 ? inner[random.Next(inner.Count)] : units[random.Next(units.Count)];
            var viewMonth = monthList[random.Next(monthList.Count)];
            var indicator = catalogue.All[random.Next(catalogue.All.Count)];
            var t = Stopwatch.StartNew();
            await overviews.LoadAsync(tree, catalogue, org, viewMonth, indicator);
            if (!tree.IsReportingUnit(org.Id)) await figures.GetAsync(org, viewMonth, indicator, tree, withChildren: true);
            if (i > 0) views.Add(t.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"| 总览 + 下级比较 data, 200 random views: median / p95 | {Percentiles(views)} | | p95 ≤ 50 ms |");

        // The other views, each for 200 random (organisation above the units, month): what the page reads from the server.
        var reporting = bench.Services.GetRequiredService<ReportingStatusQueries>();
        var summaries = bench.Services.GetRequiredService<AnnualSummaryQueries>();
        var review = bench.Services.GetRequiredService<ReviewQueries>();
        var rules = new OutlierThresholds();
        await ViewAsync("排名 (children ranked, 可比口径)", (org, m)
            => figures.GetAsync(org, m, catalogue.All[random.Next(catalogue.All.Count)], tree, withChildren: true, comparable: true));
        // What the page reads: the counts per child and state, and the first page of the units (missing first).
        await ViewAsync("报送情况 (every expected unit on time, late or missing)", async (org, m) =>
            await reporting.UnitsAsync(await reporting.MonthAsync(org, m, tree), tree, UnitFilter.All, 0, 20));
        await ViewAsync("年度数据摘要 (17 indicators and 2 rates, 同比, rank among siblings)", (org, m) => summaries.GetAsync(org, m.Year, catalogue, tree));
        await ViewAsync("数据复核 (warnings, and values unusual against the peers and then their own 12 months)", (org, m)
            => review.GetAsync(org, m, tree, catalogue, rules));

        async Task ViewAsync(string name, Func<Core.Organisations.Organisation, Period, Task> load)
        {
            var times = new List<double>();
            for (var i = 0; i < 201; i++)
            {
                var org = inner[random.Next(inner.Count)];
                var t = Stopwatch.StartNew();
                await load(org, monthList[random.Next(monthList.Count)]);
                if (i > 0) times.Add(t.Elapsed.TotalMilliseconds);
            }
            // The heaviest view of all: the whole city (or province), every one of its units below.
            var city = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var t = Stopwatch.StartNew();
                await load(tree.Roots.First(), monthList[^1]);
                city.Add(t.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"| {name}: median / p95; the root itself | {Percentiles(times)}; {city.Order().ElementAt(1):0} ms | | p95 ≤ 50 ms |");
        }

        // The export of the whole root's 报送情况: every unit written to a workbook as it is read.
        var export = Stopwatch.StartNew();
        await using (var sink = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose))
        {
            await reporting.WriteWorkbookAsync(sink, tree.Roots.First(), monthList[^1], tree);
            Console.WriteLine($"| 报送情况 export of the root ({tree.ReportingUnitsUnder(tree.Roots.First().Id).Count():N0} units, {sink.Length / 1024.0 / 1024:0.0} MB) | {export.Elapsed.TotalSeconds:0.00} s | | |");
        }

        await AssessAsync(bench, tree, catalogue, monthList[0].Year, baseline);
    }

    /// <summary>
    /// 目标考核 of a year (docs/benchmarks.md, “目标考核”): a plan for every unit, a standard and a scheme using every method, then the
    /// assessment of one district's children (its 500 units) and of the whole city's, against the same run's baseline statement.
    /// </summary>
    private static async Task AssessAsync(BenchDatabase bench, Core.Organisations.OrganisationTree tree, Core.Indicators.IndicatorCatalogue catalogue,
        int year, double baseline)
    {
        var factory = bench.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Actor = "bench";
            var members = catalogue.ByCode("NEW_MEMBERS")!.Id;
            foreach (var unit in tree.All.Where(o => tree.IsReportingUnit(o.Id)))
                db.Targets.Add(new Core.Assessment.Target
                {
                    OrganisationId = unit.Id, IndicatorId = members, Year = year, Value = 10 + unit.Id % 20, UpdatedBy = "bench",
                    UpdatedAtUtc = DateTime.UtcNow,
                });
            db.Standards.Add(new Core.Assessment.Standard
            {
                IndicatorId = catalogue.ByCode("STUDY_SESSIONS")!.Id, Min = 1, Per = Core.Assessment.StandardPer.Month,
            });
            await db.SaveChangesAsync();
        }
        var assessments = bench.Services.GetRequiredService<Core.Assessment.Assessments>();
        var scheme = "{\"year\": " + year + """
            , "name": "基准考核细则", "items": [
              {"name": "完成率", "points": 30, "method": "completion", "indicator": "NEW_MEMBERS"},
              {"name": "达标", "points": 20, "method": "standard", "indicator": "STUDY_SESSIONS"},
              {"name": "排名", "points": 10, "method": "rank", "indicator": "VOLUNTEERS", "rankPoints": [10, 9, 8, 7, 6]},
              {"name": "按时", "points": 15, "method": "timeliness"},
              {"name": "质量", "points": 15, "method": "quality", "deductions": {"perSentBack": 1, "perCorrection": 0.5, "perChangeAfterVerified": 0.5}},
              {"name": "述职", "points": 10, "method": "manual"}],
             "grades": [{"name": "优秀", "topShare": 0.2}, {"name": "良好", "min": 60}]}
            """;
        if (await assessments.SaveSchemeAsync(scheme, Actor.System("bench")) is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join("；", problems));
        var district = tree.All.First(o => o.Level == 1);
        var root = tree.Roots.First();
        async Task<double> AssessOnceAsync(Core.Organisations.Organisation org)
        {
            var t = Stopwatch.StartNew();
            var (result, problem) = await assessments.ComputeAsync(org, year);
            if (result is null) throw new InvalidOperationException(problem);
            return t.Elapsed.TotalSeconds;
        }
        await AssessOnceAsync(district);
        var districtTimes = new List<double>();
        for (var i = 0; i < 3; i++) districtTimes.Add(await AssessOnceAsync(district));
        var cityTimes = new List<double>();
        for (var i = 0; i < 3; i++) cityTimes.Add(await AssessOnceAsync(root));
        var (d, c) = (districtTimes.Order().ElementAt(1), cityTimes.Order().ElementAt(1));
        Console.WriteLine($"| 目标考核 of a district's children for a year ({tree.ReportingUnitsUnder(district.Id).Count():N0} units, 6 methods), median of 3 | {d:0.00} s | {d / baseline:0.00}× | ≤ 1 s |");
        Console.WriteLine($"| 目标考核 of the root's children ({tree.ReportingUnitsUnder(root.Id).Count():N0} units), median of 3 | {c:0.00} s | {c / baseline:0.00}× | ≤ 5 s |");
    }

    private static string Percentiles(List<double> times)
    {
        var sorted = times.Order().ToList();
        return $"{sorted[sorted.Count / 2]:0} ms / {sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]:0} ms";
    }

    /// <summary>The same synthetic values as <see cref="FillAsync"/>, written to PostgreSQL with binary COPY.</summary>
    private static async Task<long> CopyAsync(DatabaseSettings settings, List<int> units, List<int> indicators, List<Period> months)
    {
        var random = new Random(7);
        await using var connection = new Npgsql.NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using (var file = new Npgsql.NpgsqlCommand(
            "INSERT INTO \"StoredFiles\" (\"Sha256\", \"FileName\", \"Length\", \"Content\", \"UploadedAtUtc\", \"UploadedBy\") VALUES ('bench', 'bench.xlsx', 0, ''::bytea, '2021-01-01 00:00:00+00', 'bench') RETURNING \"Id\"", connection))
        {
            var fileId = (int)(await file.ExecuteScalarAsync())!;
            await using var submissions = await connection.BeginBinaryImportAsync(
                "COPY \"Submissions\" (\"OrganisationId\", \"Period\", \"StoredFileId\", \"AcceptedAtUtc\", \"SubmittedBy\", \"Sheet\") FROM STDIN (FORMAT BINARY)");
            var accepted = new DateTime(2021, 1, 5, 0, 0, 0, DateTimeKind.Utc);
            foreach (var month in months)
                foreach (var unit in units)
                {
                    await submissions.StartRowAsync();
                    await submissions.WriteAsync(unit, NpgsqlTypes.NpgsqlDbType.Integer);
                    await submissions.WriteAsync(month.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await submissions.WriteAsync(fileId, NpgsqlTypes.NpgsqlDbType.Integer);
                    await submissions.WriteAsync(accepted, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await submissions.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
                    await submissions.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
                }
            await submissions.CompleteAsync();
        }
        long count = 0;
        await using (var values = await connection.BeginBinaryImportAsync(
            "COPY \"CurrentValues\" (\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"SubmissionId\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var month in months)
                foreach (var unit in units)
                    foreach (var indicator in indicators)
                    {
                        await values.StartRowAsync();
                        await values.WriteAsync(unit, NpgsqlTypes.NpgsqlDbType.Integer);
                        await values.WriteAsync(month.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar);
                        await values.WriteAsync(indicator, NpgsqlTypes.NpgsqlDbType.Integer);
                        await values.WriteAsync((long)random.Next(0, 10) * ScaledDecimalConverter.Scale, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await values.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
                        count++;
                    }
            await values.CompleteAsync();
        }
        await using (var analyze = new Npgsql.NpgsqlCommand("ANALYZE", connection)) await analyze.ExecuteNonQueryAsync();
        return count;
    }

    /// <summary>Writes current values straight into the table, one prepared statement, one transaction.</summary>
    private static async Task<long> FillAsync(DashboardDbContext db, List<int> units, List<int> indicators, List<Period> months)
    {
        var random = new Random(7);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO \"CurrentValues\" (\"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"SubmissionId\") VALUES (@o, @p, @i, @v, 0)";
        DbParameter P(string name) { var p = cmd.CreateParameter(); p.ParameterName = name; cmd.Parameters.Add(p); return p; }
        var (o, pe, ind, v) = (P("@o"), P("@p"), P("@i"), P("@v"));
        await cmd.PrepareAsync();
        // Every unit reported every month, in one file: 报送情况 reads submissions, not values.
        await using (var file = connection.CreateCommand())
        {
            file.Transaction = tx;
            file.CommandText = "INSERT INTO \"StoredFiles\" (\"Sha256\", \"FileName\", \"Length\", \"Content\", \"UploadedAtUtc\", \"UploadedBy\") VALUES ('bench', 'bench.xlsx', 0, x'', '2021-01-01 00:00:00', 'bench')";
            await file.ExecuteNonQueryAsync();
        }
        await using var submission = connection.CreateCommand();
        submission.Transaction = tx;
        submission.CommandText = "INSERT INTO \"Submissions\" (\"OrganisationId\", \"Period\", \"StoredFileId\", \"AcceptedAtUtc\", \"SubmittedBy\", \"Sheet\") " +
                                 "VALUES (@so, @sp, (SELECT MAX(\"Id\") FROM \"StoredFiles\"), '2021-01-05 00:00:00', 'bench', 'bench')";
        DbParameter S(string name) { var p = submission.CreateParameter(); p.ParameterName = name; submission.Parameters.Add(p); return p; }
        var (so, sp) = (S("@so"), S("@sp"));
        long count = 0;
        foreach (var month in months)
            foreach (var unit in units)
            {
                so.Value = unit; sp.Value = month.ToString();
                await submission.ExecuteNonQueryAsync();
                foreach (var indicator in indicators)
                {
                    o.Value = unit; pe.Value = month.ToString(); ind.Value = indicator; v.Value = (long)random.Next(0,
                        10) * ScaledDecimalConverter.Scale;
                    await cmd.ExecuteNonQueryAsync();
                    count++;
                }
            }
        await tx.CommitAsync();
        return count;
    }

    /// <summary>
    /// On a database kept by --keep: the baseline (the one-statement rollup) and the GROUP BY, then the full rebuild twice — with the rollups as they
    /// are (normally nothing to change) and after removing them all (everything to write) — <paramref name="times"/>
    /// times over, so that a change to the rebuild can be timed without loading the values again.
    /// </summary>
    public static async Task RebuildAsync(string postgresDatabase, int times)
    {
        var services = new ServiceCollection();
        services.AddDashboardCore(new DatabaseSettings(DatabaseProvider.PostgreSql,
            new Npgsql.NpgsqlConnectionStringBuilder(postgresDatabase) { CommandTimeout = 3600 }.ToString()));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        var rollups = provider.GetRequiredService<RollupService>();
        Console.WriteLine("| run | one-statement rollup (baseline) | GROUP BY | rebuild, rollups as they are | ratio | rebuild, no rollups stored | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var sql = SingleStatementRollup(DatabaseProvider.PostgreSql);
        for (var i = 1; i <= times; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync(PostgreSqlBaselineSettings);
            var baseline = await TimeAsync(() => ReadAllAsync(db, sql));
            var groupBy = await TimeAsync(() => GroupByAsync(db));
            RollupRun? asTheyAre = null, fromEmpty = null;
            var asTheyAreTime = await TimeAsync(async () => asTheyAre = await rollups.RunFullAsync());
            await db.RollupValues.ExecuteDeleteAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM \"RollupValues\"");
            var fromEmptyTime = await TimeAsync(async () => fromEmpty = await rollups.RunFullAsync());
            Console.WriteLine($"| {i} | {baseline:0.00} s | {groupBy:0.00} s | {asTheyAreTime:0.00} s ({asTheyAre!.Rows:N0} rows written) | {asTheyAreTime / baseline:0.00}× " +
                $"| {fromEmptyTime:0.00} s ({fromEmpty!.Rows:N0} rows written) | {fromEmptyTime / baseline:0.00}× |");
        }
    }

    /// <summary>The earlier baseline: one hand-written GROUP BY over every current value, read to the end.</summary>
    private static Task GroupByAsync(DashboardDbContext db) => ReadAllAsync(db,
        "SELECT \"Period\", \"IndicatorId\", SUM(\"Value\"), COUNT(*) FROM \"CurrentValues\" GROUP BY \"Period\", \"IndicatorId\"");

    private static async Task ReadAllAsync(DashboardDbContext db, string sql)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }

    /// <summary>The session the one-statement rollup runs in on PostgreSQL (see where it is used).</summary>
    private const string PostgreSqlBaselineSettings = "SET jit = off; SET work_mem = '64MB'";

    /// <summary>
    /// The fair baseline: the rollup rows themselves (organisation, period, indicator, value, reporting units) in one
    /// statement, the fastest of the shapes tried (docs/benchmarks.md). Periods are integers while rows are many (202503 a
    /// month, 202521 its quarter, 2025 its year), turned into text only for the result. Each unit's month, quarter and year
    /// (SUM adds; LAST keeps the latest month's value) are summed into the unit's parent — the big reduction, done once —
    /// and each parent's sums into the parent itself and every ancestor, through a closure of the tree. PostgreSQL does a
    /// unit's three periods in one sorted pass (ROLLUP) and LAST as the second element of the greatest (month, value) pair;
    /// SQLite, which has neither, in one pass each, LAST as the value of the row max(month) chose.
    /// </summary>
    public static string SingleStatementRollup(DatabaseProvider engine)
    {
        const string closure = """
            closure(org, ancestor) AS (
                SELECT "Id", "Id" FROM "Organisations" o WHERE EXISTS (SELECT 1 FROM "Organisations" c WHERE c."ParentId" = o."Id")
                UNION ALL
                SELECT closure.org, o."ParentId" FROM closure JOIN "Organisations" o ON o."Id" = closure.ancestor WHERE o."ParentId" IS NOT NULL)
            """;
        const string values = """
            SELECT o."ParentId" AS parent, cv."OrganisationId" AS org, cv."IndicatorId" AS ind,
                   CAST(replace(cv."Period", '-', '') AS bigint) AS ym, cv."Value" AS value, i."Aggregation" = 'Last' AS last
            FROM "CurrentValues" cv JOIN "Indicators" i ON i."Id" = cv."IndicatorId" JOIN "Organisations" o ON o."Id" = cv."OrganisationId"
            WHERE o."ParentId" IS NOT NULL
            """;
        const string quarter = "ym / 100 * 100 + 20 + (ym % 100 + 2) / 3";
        var (units, text) = engine == DatabaseProvider.PostgreSql
            ? ("""
                SELECT parent, COALESCE(ym, y * 100 + 20 + q, y) AS p, ind,
                       CASE WHEN last THEN (max(ARRAY[ym, value]))[2] ELSE sum(value) END AS value
                FROM (SELECT x.*, ym / 100 AS y, (ym % 100 + 2) / 3 AS q FROM x) x
                GROUP BY parent, org, ind, last, ROLLUP (y, q, ym)
                HAVING y IS NOT NULL
                """,
               "CASE WHEN p < 10000 THEN CAST(p AS text) WHEN p % 100 > 20 THEN CAST(p / 100 AS text) || '-Q' || CAST(p % 100 - 20 AS text) " +
               "ELSE CAST(p / 100 AS text) || '-' || lpad(CAST(p % 100 AS text), 2, '0') END")
            : ($"""
                SELECT parent, ym AS p, ind, value FROM x
                UNION ALL SELECT parent, {quarter}, ind, sum(value) FROM x WHERE NOT last GROUP BY org, ind, {quarter}
                UNION ALL SELECT parent, p, ind, value FROM (SELECT parent, {quarter} AS p, ind, max(ym), value FROM x WHERE last GROUP BY org, ind, {quarter})
                UNION ALL SELECT parent, ym / 100, ind, sum(value) FROM x WHERE NOT last GROUP BY org, ind, ym / 100
                UNION ALL SELECT parent, p, ind, value FROM (SELECT parent, ym / 100 AS p, ind, max(ym), value FROM x WHERE last GROUP BY org, ind, ym / 100)
                """,
               "CASE WHEN p < 10000 THEN CAST(p AS TEXT) WHEN p % 100 > 20 THEN (p / 100) || '-Q' || (p % 100 - 20) " +
               "ELSE (p / 100) || '-' || substr('0' || (p % 100), -2) END");
        return $"""
            WITH RECURSIVE
            {closure},
            x AS ({values}),
            units AS ({units}),
            parents AS (SELECT parent, p, ind, sum(value) AS value, count(*) AS n FROM units GROUP BY parent, p, ind)
            SELECT closure.ancestor, {text}, parents.ind, sum(parents.value), sum(parents.n)
            FROM parents JOIN closure ON closure.org = parents.parent
            GROUP BY closure.ancestor, parents.p, parents.ind
            """;
    }

    /// <summary>Whether the statement gives exactly the rows the rebuild stored: the same count, and none in one but not the other.</summary>
    private static async Task<string> SameRowsAsync(DashboardDbContext db, string sql)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        const string stored = "SELECT \"OrganisationId\", \"Period\", \"IndicatorId\", \"Value\", \"ReportingUnits\" FROM \"RollupValues\"";
        cmd.CommandText = $"SELECT (SELECT count(*) FROM ({sql}) a), (SELECT count(*) FROM \"RollupValues\"), " +
                          $"(SELECT count(*) FROM ({sql} EXCEPT {stored}) b)";
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (rows, storedRows, differ) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        return rows == storedRows && differ == 0 ? $"yes, {rows:N0} rows" : $"**NO**: {rows:N0} rows against {storedRows:N0} stored, {differ:N0} differ";
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }
}
