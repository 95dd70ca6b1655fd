using System.Diagnostics;
using System.Globalization;
using DashboardApp.Benchmarks;

// dotnet run -c Release --project tests/DashboardApp.Benchmarks --
//        [import | rollup | memory | readers] [--units N] [--no-memory] [--months M] [--province | --province-units N]
//        [--postgres "Host=…" [--postgres-only] [--keep]]
//        or: rebuild "Host=…;Database=<kept>" [N]
//        or: rush [--reporters 50] [--seconds 180] [--postgres "Host=…" [--postgres-only]]
//        or: pages [--pages 200]
// Prints figures; every time is also given as a ratio to a baseline measured in the same run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["memory-child", var file, var kind, .. var rest]) return await ImportBenchmark.MemoryChildAsync(file, kind, rest.FirstOrDefault());
// rebuild: on a PostgreSQL database kept by --keep, re-times the full rebuild against the baseline N times (default 3).
if (args is ["rebuild", var database, ..])
{
    await RollupBenchmark.RebuildAsync(database, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return 0;
}

var units = args.SkipWhile(a => a != "--units").Skip(1).Select(int.Parse).FirstOrDefault(200);
Console.WriteLine($"# DashboardApp benchmarks — {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInfo()}");
var months = args.SkipWhile(a => a != "--months").Skip(1).Select(int.Parse).FirstOrDefault(12);
var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
if (args is ["rush", ..])
{
    // The deadline rush over HTTP: one instance on SQLite, then (given a server) two on PostgreSQL.
    var reporters = args.SkipWhile(a => a != "--reporters").Skip(1).Select(int.Parse).FirstOrDefault(50);
    var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(180);
    if (postgres is null || !args.Contains("--postgres-only")) await RushBenchmark.RunAsync(null, reporters, TimeSpan.FromSeconds(seconds));
    if (postgres is not null) await RushBenchmark.RunAsync(postgres, reporters, TimeSpan.FromSeconds(seconds));
    return 0;
}
if (args is ["pages", ..])
{
    await PagesBenchmark.RunAsync(args.SkipWhile(a => a != "--pages").Skip(1).Select(int.Parse).FirstOrDefault(200));
    return 0;
}
if (args is ["memory", ..]) { await ImportBenchmark.RunAsync(units, onlyMemory: true, postgres: postgres); return 0; }
if (args is ["readers", ..]) { await ReaderBenchmark.RunAsync(); return 0; }
if (!args.Contains("rollup")) await ImportBenchmark.RunAsync(units, memory: !args.Contains("--no-memory"), postgres: postgres);
var province = args.Contains("--province");
// --province-units N: a province shaped as one is (16 cities, districts, streets of uneven size) with N units.
var provinceUnits = args.SkipWhile(a => a != "--province-units").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
if (!args.Contains("import"))
{
    // The same run on SQLite, then (given a server) on PostgreSQL: figures side by side.
    // --keep leaves the PostgreSQL database in place (its name is printed), for looking into it afterwards.
    if (postgres is null || !args.Contains("--postgres-only")) await RollupBenchmark.RunAsync(months, province, provinceUnits: provinceUnits);
    if (postgres is not null) await RollupBenchmark.RunAsync(months, province, postgres, keep: args.Contains("--keep"), provinceUnits);
}
return 0;

static string RuntimeInfo()
{
    try
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
        return $"{model ?? "unknown CPU"}, {Debugger.IsAttached switch { true => "debugger", false => "no debugger" }}";
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}
