using System.Diagnostics;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>
/// The import figures (docs/benchmarks.md, “Import”): import of unit workbooks against merely opening them with ClosedXML;
/// 500- and 10,000-unit 汇总表 end to end; peak memory of a 10 MB workbook (in a child process,
/// so that its peak is its own).
/// </summary>
internal static class ImportBenchmark
{
    private static readonly Period Month = Period.Month(2025, 3);
    private static readonly Actor Admin = Actor.System("bench");

    /// <param name="onlyMemory">Only the 10 MB workbooks' time and peak memory (the 'memory' verb).</param>
    /// <param name="postgres">A PostgreSQL server: the "data" workbook is imported there too, after the SQLite table.</param>
    public static async Task RunAsync(int unitFiles, bool memory = true, bool onlyMemory = false, string? postgres = null)
    {
        await using var bench = await BenchDatabase.CreateAsync(districts: 20, streetsPerDistrict: 25, unitsPerStreet: 20);
        var services = bench.Services;
        var factory = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        OrganisationTree tree;
        Core.Indicators.IndicatorCatalogue catalogue;
        Core.Rules.RuleSet rules;
        await using (var db = await factory.CreateDbContextAsync())
        {
            tree = await db.LoadTreeAsync();
            catalogue = await db.LoadCatalogueAsync();
            rules = await services.GetRequiredService<ReferenceData>().RulesAsync(db);
        }
        var importer = services.GetRequiredService<SubmissionService>();
        var allUnits = tree.All.Where(o => tree.IsReportingUnit(o.Id)).OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
        Console.WriteLine($"\nDatabase: {allUnits.Count:N0} units under 20 districts × 25 streets; SQLite (WAL) in a temp folder.");

        if (onlyMemory)
        {
            await MemoryAsync(tree, allUnits, catalogue, postgres);
            return;
        }

        // 1. N unit workbooks: open with ClosedXML only, parse (no database), import end to end. Three rounds; medians.
        const int rounds = 3;
        var files = Enumerable.Range(0, rounds + 1).Select(round =>
            allUnits.Take(unitFiles).Select((u, i) => Workbooks.FilledUnitTemplate(u, Month, catalogue, round * 100_000 + i)).ToList()).ToList();
        var forms = Enumerable.Range(0, rounds + 1).Select(round =>
            allUnits.Take(unitFiles).Select((u, i) => Workbooks.FilledForm(u, Month, catalogue, round * 100_000 + i + 50_000)).ToList()).ToList();
        var context = new ImportContext(catalogue, tree, null, DateOnly.FromDateTime(DateTime.Today), new HashSet<Period>())
        {
            Rules = rules,
        };
        var open = new List<double>();
        var parse = new List<double>();
        var import = new List<double>();
        var entry = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var batch = files[round];
            var o = Time(() => { foreach (var f in batch) using (new XLWorkbook(new MemoryStream(f))) { } });
            var p = Time(() => { foreach (var f in batch) Check(WorkbookParser.Parse(f, "u.xlsx", context).Accepted); });
            var e = await TimeAsync(async ()
                =>
            { foreach (var f in batch) Check((await importer.ImportAsync(f, "u.xlsx", Admin)).Status == ImportStatus.Accepted); });
            var entries = forms[round];
            var f = await TimeAsync(async ()
                =>
            { foreach (var form in entries) Check((await importer.SubmitAsync(form, Admin)).Status == ImportStatus.Accepted); });
            if (round == 0) continue; // warm-up
            open.Add(o); parse.Add(p); import.Add(e); entry.Add(f);
        }
        var baseline = Median(open);
        Console.WriteLine($"\n## Unit workbooks ({unitFiles} files of {files[0].Average(f => f.Length) / 1024:0} KB, median of {rounds} rounds)");
        Console.WriteLine("| step | total | per file | ratio to ClosedXML open |");
        Console.WriteLine("|---|---|---|---|");
        Row("ClosedXML open only (baseline)", baseline, unitFiles, baseline);
        Row("parse and check (no database)", Median(parse), unitFiles, baseline);
        Row("import end to end (check + store in SQLite)", Median(import), unitFiles, baseline);
        Row("在线填报 end to end (the same 17 values as form fields)", Median(entry), unitFiles, baseline);
        Console.WriteLine($"Target: end to end ≤ 1.3× open. Measured: {Median(import) / baseline:0.00}×.");

        // 2. 汇总表 of 500 and 10,000 units, end to end.
        Console.WriteLine("\n## 汇总表 end to end (one file, one month)");
        Console.WriteLine("| units | file | ClosedXML open | parse and check | import end to end | ratio to open | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (count, target) in new[] { (500, "≤ 1 s"), (10_000, "≤ 15 s") })
        {
            var units = allUnits.Take(count).ToList();
            var first = Workbooks.FilledSummary(tree.ByCode("C")!, units, [Month.PreviousMonth()], catalogue, 1);
            var file = Workbooks.FilledSummary(tree.ByCode("C")!, units, [Month.PreviousMonth()], catalogue, 2);
            await importer.ImportAsync(first, "warm.xlsx", Admin); // warm-up, and values to replace (the upsert path)
            var o = Time(() => { using (new XLWorkbook(new MemoryStream(file))) { } });
            var p = Time(() => Check(WorkbookParser.Parse(file, "s.xlsx", context).Accepted));
            ImportReport? report = null;
            var e = await TimeAsync(async () => report = await importer.ImportAsync(file, "s.xlsx", Admin));
            Check(report!.Status == ImportStatus.Accepted && report.Submissions.Count == count);
            Console.WriteLine($"| {count:N0} | {file.Length / 1024:N0} KB | {o:0.000} s | {p:0.000} s | {e:0.000} s | {e / o:0.00}× | {target} |");
        }

        if (memory) await MemoryAsync(tree, allUnits, catalogue, postgres);
    }

    private static async Task MemoryAsync(OrganisationTree tree, List<Organisation> allUnits, Core.Indicators.IndicatorCatalogue catalogue,
        string? postgres)
    {
        // 3. Peak memory importing ~10 MB workbooks, each in a fresh process.
        Console.WriteLine("\n## Peak memory importing a 10 MB workbook (fresh process each; peak RSS of the import alone)");
        Console.WriteLine(MemoryHeader);
        foreach (var kind in new[] { "photo", "data", "problem-flood", "long-string", "many-cells" })
            Console.WriteLine(await MemoryChildProcessAsync(kind, tree, allUnits, catalogue, null));
        if (postgres is null) return;
        // The refused ones never reach the database: only the accepted "data" workbook differs by engine.
        Console.WriteLine("\n## The 10 MB data workbook stored in PostgreSQL (fresh process; the server on the same machine)");
        Console.WriteLine(MemoryHeader);
        Console.WriteLine(await MemoryChildProcessAsync("data", tree, allUnits, catalogue, postgres));
    }

    private const string MemoryHeader = "| workbook | file | import | against a bare XML scan of the file | peak RSS above the process before it | target |\n" +
        "|---|---|---|---|---|---|";

    private static async Task<string> MemoryChildProcessAsync(string kind, OrganisationTree tree, List<Organisation> allUnits,
        Core.Indicators.IndicatorCatalogue catalogue, string? postgres)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-10mb-{kind}.xlsx");
        await File.WriteAllBytesAsync(path, TenMegabytes(kind, tree, allUnits, catalogue));
        var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!,
            postgres is null ? ["memory-child", path, kind] : ["memory-child", path, kind, postgres])
        { RedirectStandardOutput = true })!;
        var line = (await child.StandardOutput.ReadToEndAsync()).Trim();
        await child.WaitForExitAsync();
        File.Delete(path);
        return line;
    }

    /// <summary>
    /// "photo": a 汇总表 of 500 units with a 9 MB scanned stamp embedded (the common way to reach 10 MB).
    /// "data": 10,000 units × as many months as fit under 10 MB, in one sheet with a 统计期 column (millions of cells).
    /// </summary>
    private static byte[] TenMegabytes(string kind, OrganisationTree tree, List<Organisation> units, Core.Indicators.IndicatorCatalogue catalogue)
    {
        switch (kind)
        {
            // Hostile shapes (the tests' own): 1.5 million problems; a 32,000-character string in 600 cells; 3.98 million cells.
            case "problem-flood": return Tests.Support.HostileWorkbooks.ProblemFlood(500_000);
            case "long-string": return Tests.Support.HostileWorkbooks.LongSharedString(32_000, 600);
            case "many-cells": return Tests.Support.HostileWorkbooks.ManyCells(199_000);
        }
        if (kind == "data")
        {
            // As many months as fit under the 10 MB limit.
            byte[]? largest = null;
            for (var n = 1; ; n++)
            {
                var months = Enumerable.Range(0, n).Select(i => Period.Month(2023 + i / 12, 1 + i % 12)).ToList();
                var file = RawSummaryWriter.Write(units, months, catalogue, 3);
                if (WorkbookGuard.TooLarge(file.Length) is not null) return largest!;
                largest = file;
            }
        }
        var table = Workbooks.FilledSummary(tree.ByCode("C")!, units.Take(500).ToList(), [Month], catalogue, 4);
        return WithPhoto(table, 9 * 1024 * 1024);
    }

    private static byte[] WithPhoto(byte[] xlsx, int size)
    {
        var photo = new byte[size];
        new Random(5).NextBytes(photo);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.CopyTo(photo, 0);
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            void Edit(string name, Func<string, string> change)
            {
                var entry = zip.GetEntry(name)!;
                string text;
                using (var r = new StreamReader(entry.Open())) text = r.ReadToEnd();
                entry.Delete();
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(change(text));
            }
            const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            Edit("[Content_Types].xml",
                x => x.Replace("</Types>",
                "<Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/xl/drawings/drawing1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/></Types>"));
            Edit("xl/worksheets/sheet1.xml", x => x.Replace("<x:tableParts", "<x:drawing r:id=\"rIdPhoto\"/><x:tableParts"));
            var relsName = "xl/worksheets/_rels/sheet1.xml.rels";
            var drawingRel = $"<Relationship Id=\"rIdPhoto\" Type=\"{rel}/drawing\" Target=\"../drawings/drawing1.xml\"/>";
            if (zip.GetEntry(relsName) is null)
                using (var w = new StreamWriter(zip.CreateEntry(relsName).Open()))
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{drawingRel}</Relationships>");
            else Edit(relsName, x => x.Replace("</Relationships>", drawingRel + "</Relationships>"));
            using (var w = new StreamWriter(zip.CreateEntry("xl/drawings/drawing1.xml").Open()))
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"" + rel + "\"><xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx=\"900000\" cy=\"900000\"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id=\"2\" name=\"公章\"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed=\"rIdImage\"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>");
            using (var w = new StreamWriter(zip.CreateEntry("xl/drawings/_rels/drawing1.xml.rels").Open()))
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdImage\" Type=\"{rel}/image\" Target=\"../media/image1.png\"/></Relationships>");
            using (var s = zip.CreateEntry("xl/media/image1.png", System.IO.Compression.CompressionLevel.NoCompression).Open())
                s.Write(photo);
        }
        return buffer.ToArray();
    }

    /// <summary>In a fresh process: build the tree, load the file, reset the peak, import, report the peak.</summary>
    public static async Task<int> MemoryChildAsync(string path, string kind, string? postgres)
    {
        await using var bench = await BenchDatabase.CreateAsync(districts: 20, streetsPerDistrict: 25, unitsPerStreet: 20, postgres);
        var importer = bench.Services.GetRequiredService<SubmissionService>();
        var bytes = await File.ReadAllBytesAsync(path);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = ProcStatus.Kb("self", "VmRSS");
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5"); // resets VmHWM (peak RSS) to the current RSS
        ImportReport? report = null;
        var seconds = await TimeAsync(async () => report = await importer.ImportAsync(bytes, Path.GetFileName(path), Admin));
        var peak = ProcStatus.Kb("self", "VmHWM");
        var scan = Time(() => ScanXml(bytes));
        var outcome = report!.Status == ImportStatus.Accepted ? $"accepted, {report.Submissions.Count:N0} submissions"
            : $"{report.Status}: {string.Join(", ", report.Errors.Select(e => e.Code).Distinct().Take(3))}, {report.Errors.Count:N0} problems listed";
        Console.WriteLine($"| {kind} ({outcome}) | {bytes.Length / 1048576.0:0.0} MB | {seconds:0.0} s | {seconds / scan:0.0}× ({scan:0.00} s) | {(peak - before) / 1024.0:N0} MB (peak {peak / 1024.0:N0} MB) | ≤ 10 s, ≤ 1,024 MB |");
        return 0;
    }

    /// <summary>The least any reader does: inflate every part and walk its XML.</summary>
    private static void ScanXml(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var xml = System.Xml.XmlReader.Create(entry.Open());
            while (xml.Read()) { }
        }
    }

    private static void Row(string step, double seconds, int files, double baseline) =>
        Console.WriteLine($"| {step} | {seconds:0.000} s | {seconds / files * 1000:0.0} ms | {seconds / baseline:0.00}× |");

    private static void Check(bool ok)
    {
        if (!ok) throw new InvalidOperationException("benchmark workbook was not accepted");
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static double Time(Action action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }
}
