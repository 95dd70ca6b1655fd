using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>
/// The deadline rush over real HTTP (docs/benchmarks.md, “The deadline rush”): reporters, each a unit's 单位填报员 on a
/// client of its own, sign in (antiforgery token, form post, cookie), then open 上传 and upload their unit's month
/// workbook, again and again, a different month or different values each time, for a fixed time. One app instance on
/// SQLite, or two on PostgreSQL with each reporter kept on one (as sticky sessions do). Afterwards: how long until the
/// district figure is right, whether every value in force is the one last accepted, and whether a full rebuild finds
/// anything to change (it writes only what differs: 0 rows means the incremental rollups lost and doubled nothing).
/// </summary>
internal static class RushBenchmark
{
    /// <summary>Months that have ended in any year this benchmark is run, and are not locked: uploads are accepted.</summary>
    private static readonly Period[] Months = [.. Enumerable.Range(0, 22).Select(i => Period.Month(2024 + i / 12, 1 + i % 12))];

    private sealed record Upload(int Reporter, Period Month, int Seed, string Status, double Seconds, TimeSpan At);

    public static async Task RunAsync(string? postgresServer, int reporters, TimeSpan duration, int maxPerReporter = 2000)
    {
        await using var bench = await BenchDatabase.CreateAsync(BenchTree.Grid(20, 25, 20), postgresServer);
        var engine = bench.Settings.Provider;
        var database = engine == DatabaseProvider.PostgreSql
            ? new[] { "--postgres", bench.Settings.ConnectionString }
            : ["--db", new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(bench.Settings.ConnectionString).DataSource];
        var factory = bench.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        OrganisationTree tree;
        IndicatorCatalogue catalogue;
        await using (var db = await factory.CreateDbContextAsync())
            (tree, catalogue) = (await db.LoadTreeAsync(), await db.LoadCatalogueAsync());
        // One reporter per unit, spread over every district.
        var units = Enumerable.Range(0, reporters).Select(r => tree.ByCode($"D{r % 20 + 1:00}-S{r / 20 % 25 + 1:00}-U{r / 500 + 1:000}")!).ToList();
        var passwords = new List<string>();
        for (var r = 0; r < reporters; r++)
        {
            var (output, errors) = (new StringWriter(), new StringWriter());
            var exit = await Cli.CommandLine.RunAsync(["users", "add", "--name", $"rush{r:00}", "--role", "Reporter", "--scope", units[r].Code, .. database],
                output, errors);
            if (exit != 0) throw new InvalidOperationException($"users add: {errors}");
            passwords.Add(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("password").GetString()!);
        }
        // The workbooks are made before the clock starts: what is timed is the server.
        var workbooks = new ConcurrentDictionary<(int Reporter, int Index), byte[]>();
        Parallel.For(0, reporters * Months.Length, i => workbooks[(i % reporters, i / reporters)] =
            Workbooks.FilledUnitTemplate(units[i % reporters], Months[i / reporters % Months.Length], catalogue, Seed(i % reporters, i / reporters)));

        var instances = new List<AppProcess>();
        try
        {
            for (var i = 0; i < (engine == DatabaseProvider.PostgreSql ? 2 : 1); i++) instances.Add(await AppProcess.StartAsync(database));
            Console.WriteLine($"\n## The deadline rush on {engine}: {instances.Count} instance(s), {reporters} reporters, {duration.TotalMinutes:0.#} minutes");

            var uploads = new ConcurrentBag<Upload>();
            var failures = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, reporters).Select(r => Task.Run(async () =>
            {
                using var client = Browsing.Client(instances[r % instances.Count].BaseUrl);
                var signIn = await Browsing.SignInAsync(client, $"rush{r:00}", passwords[r]);
                if (signIn is not null) { failures.Add(signIn); return; }
                for (var n = 0; n < maxPerReporter && clock.Elapsed < duration; n++)
                {
                    // A different month each time, and different values once every month has been sent.
                    var file = workbooks.GetOrAdd((r, n), _ => Workbooks.FilledUnitTemplate(units[r], Months[n % Months.Length], catalogue, Seed(r, n)));
                    try
                    {
                        var (seconds, code, body) = await Browsing.UploadAsync(client, file, $"{units[r].Code}.xlsx");
                        var status = code == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement[0].GetProperty("status").GetString()! : $"HTTP {(int)code}";
                        uploads.Add(new Upload(r, Months[n % Months.Length], Seed(r, n), status, seconds, clock.Elapsed));
                        if (status is not ("accepted" or "unchanged")) failures.Add($"{units[r].Code} {Months[n % Months.Length]}: {status} {body[..Math.Min(300, body.Length)]}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        failures.Add($"{units[r].Code}: {e.GetType().Name} {e.Message}");
                    }
                }
            })));
            var elapsed = clock.Elapsed;

            // How long after the last upload the district of the last one shows the right figure.
            var figures = bench.Services.GetRequiredService<FigureQueries>();
            var study = catalogue.ByCode("STUDY_SESSIONS")!;
            var last = uploads.MaxBy(u => u.At)!;
            var district = tree.AncestorsOf(units[last.Reporter].Id).Single(a => a.Level == 1);
            var expected = Expected(uploads, units, catalogue);
            var districtExpected = expected.Where(e => e.Key.Indicator == study.Id && e.Key.Month == last.Month
                                                       && tree.AncestorsOf(e.Key.Unit).Contains(district)).Sum(e => e.Value);
            var afterLast = Stopwatch.StartNew();
            decimal? seen = null;
            while (afterLast.Elapsed < TimeSpan.FromSeconds(60) && (seen = (await figures.GetAsync(district, last.Month, study, tree)).Value) != districtExpected)
                await Task.Delay(20);
            var settled = afterLast.Elapsed.TotalSeconds + (elapsed - last.At).TotalSeconds;

            var memory = instances.Select(i => i.Memory()).ToList();
            // Let the queue drain (it should be empty already), then check every value and every rollup.
            await using (var db = await factory.CreateDbContextAsync())
                for (var i = 0; i < 600 && (await db.RollupQueue.AnyAsync() || await db.RollupRuns.AnyAsync(x => x.Outcome == RollupOutcome.Running)); i++)
                    await Task.Delay(100);
            var (lost, extra) = await CompareValuesAsync(factory, expected, units);
            var rebuild = await bench.Services.GetRequiredService<RollupService>().RunFullAsync();

            var done = uploads.Where(u => u.Status is "accepted" or "unchanged").ToList();
            var times = uploads.Select(u => u.Seconds * 1000).Order().ToList();
            Console.WriteLine("| measure | figure | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| uploads answered in {elapsed.TotalSeconds:0} s | {uploads.Count:N0} ({done.Count(u => u.Status == "accepted"):N0} accepted, {done.Count(u => u.Status == "unchanged")} unchanged) | |");
            Console.WriteLine($"| throughput | {uploads.Count / elapsed.TotalSeconds:0.0} uploads/s ({uploads.Count / elapsed.TotalSeconds * 60:N0} a minute) | |");
            Console.WriteLine($"| upload latency p50 / p95 / max | {Pick(times, 0.5):0} / {Pick(times, 0.95):0} / {times.LastOrDefault():0} ms | |");
            Console.WriteLine($"| errors (refused, HTTP errors, failed requests, failed sign-ins) | {failures.Count} | 0 |");
            foreach (var f in failures.Take(5)) Console.WriteLine($"|   {f.Replace("|", "¦", StringComparison.Ordinal)} | | |");
            Console.WriteLine($"| values in force ≠ last accepted (lost or stale) / not sent but stored | {lost} / {extra} | 0 / 0 |");
            Console.WriteLine($"| full rebuild afterwards: rollup rows it had to change | {rebuild.Rows} ({rebuild.Outcome}) | 0 |");
            Console.WriteLine($"| last upload answered → its district's figure right | {settled:0.00} s ({(seen == districtExpected ? "right" : $"**still {seen} not {districtExpected}**")}) | ≤ 2 s |");
            Console.WriteLine($"| server RSS now / peak | {string.Join("; ", memory.Select(m => $"{m.Now:N0} / {m.Peak:N0} MB"))} | |");
        }
        finally
        {
            foreach (var i in instances) await i.DisposeAsync();
        }
    }

    private static int Seed(int reporter, int n) => reporter * 100_000 + n + 1;

    private static double Pick(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Ceiling(sorted.Count * p) - 1];

    /// <summary>Every unit-month-indicator's value as the last accepted upload of it set it (a reporter's uploads are in order).</summary>
    private static Dictionary<(int Unit, Period Month, int Indicator), decimal> Expected(IEnumerable<Upload> uploads, List<Organisation> units,
        IndicatorCatalogue catalogue)
    {
        var expected = new Dictionary<(int, Period, int), decimal>();
        foreach (var u in uploads.Where(u => u.Status is "accepted" or "unchanged").OrderBy(u => u.At))
            foreach (var (indicator, value) in catalogue.All.Zip(Workbooks.PlausibleMonth(catalogue, u.Seed)))
                expected[(units[u.Reporter].Id, u.Month, indicator.Id)] = (decimal)value;
        return expected;
    }

    private static async Task<(int Lost, int Extra)> CompareValuesAsync(IDbContextFactory<DashboardDbContext> factory,
        Dictionary<(int Unit, Period Month, int Indicator), decimal> expected, List<Organisation> units)
    {
        await using var db = await factory.CreateDbContextAsync();
        var ids = units.Select(u => u.Id).ToList();
        var stored = await db.CurrentValues.Where(v => ids.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.IndicatorId, v.Value }).ToListAsync();
        var byKey = stored.ToDictionary(v => (v.OrganisationId, v.Period, v.IndicatorId), v => v.Value);
        var lost = expected.Count(e => !byKey.TryGetValue(e.Key, out var v) || v != e.Value);
        return (lost, byKey.Keys.Count(k => !expected.ContainsKey(k)));
    }
}
