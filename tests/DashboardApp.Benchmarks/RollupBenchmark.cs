using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DashboardApp.Core;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
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
    /// <param name="postgresServer">Run on a new database on this PostgreSQL server instead of SQLite.</param>
    /// <param name="keep">Leave the PostgreSQL database in place afterwards.</param>
    public static async Task RunAsync(int months, bool province = false, string? postgresServer = null, bool keep = false)
    {
        await using var bench = province
            ? await BenchDatabase.CreateAsync(districts: 50, streetsPerDistrict: 50, unitsPerStreet: 20, postgresServer)
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
        var baseline = await TimeAsync(() => GroupByAsync(db));

        var rollups = bench.Services.GetRequiredService<RollupService>();
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var rssBefore = Status("VmRSS");
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        RollupRun? full = null;
        var fullTime = await TimeAsync(async () => full = await rollups.RunFullAsync());
        var peak = Status("VmHWM");
        Console.WriteLine("| measure | time | ratio | target |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| hand-written GROUP BY over all values (baseline) | {baseline:0.00} s | 1.00× | |");
        Console.WriteLine($"| full rebuild ({full!.Outcome}, {full.Rows:N0} rows) | {fullTime:0.00} s | {fullTime / baseline:0.00}× | ≤ 1.5× and ≤ 30 s |");

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
            var report = await importer.ImportAsync(file, "u.xlsx", new Uploader("bench", null));
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
        var rules = new ReviewRules();
        await ViewAsync("排名 (children ranked, 可比口径)", (org, m)
            => figures.GetAsync(org, m, catalogue.All[random.Next(catalogue.All.Count)], tree, withChildren: true, comparable: true));
        await ViewAsync("报送情况 (every expected unit on time, late or missing)", (org, m) => reporting.GetAsync(org, m, tree, 10));
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
            // The heaviest view of all: the whole city, every one of its units below.
            var city = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var t = Stopwatch.StartNew();
                await load(tree.Roots.First(), monthList[^1]);
                city.Add(t.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"| {name}: median / p95; the city itself | {Percentiles(times)}; {city.Order().ElementAt(1):0} ms | | p95 ≤ 50 ms |");
        }
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
    /// On a database kept by --keep: the baseline GROUP BY, then the full rebuild twice — with the rollups as they
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
        Console.WriteLine("| run | baseline GROUP BY | rebuild, rollups as they are | ratio | rebuild, no rollups stored | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var i = 1; i <= times; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var baseline = await TimeAsync(() => GroupByAsync(db));
            RollupRun? asTheyAre = null, fromEmpty = null;
            var asTheyAreTime = await TimeAsync(async () => asTheyAre = await rollups.RunFullAsync());
            await db.RollupValues.ExecuteDeleteAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM \"RollupValues\"");
            var fromEmptyTime = await TimeAsync(async () => fromEmpty = await rollups.RunFullAsync());
            Console.WriteLine($"| {i} | {baseline:0.00} s | {asTheyAreTime:0.00} s ({asTheyAre!.Rows:N0} rows written) | {asTheyAreTime / baseline:0.00}× " +
                $"| {fromEmptyTime:0.00} s ({fromEmpty!.Rows:N0} rows written) | {fromEmptyTime / baseline:0.00}× |");
        }
    }

    /// <summary>The baseline: one hand-written GROUP BY over every current value, read to the end.</summary>
    private static async Task GroupByAsync(DashboardDbContext db)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT \"Period\", \"IndicatorId\", SUM(\"Value\"), COUNT(*) FROM \"CurrentValues\" GROUP BY \"Period\", \"IndicatorId\"";
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }

    private static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":",
            StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }
}
