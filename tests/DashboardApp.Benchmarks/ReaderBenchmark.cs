using System.Diagnostics;
using ClosedXML.Excel;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Benchmarks;

/// <summary>
/// Why uploads are read by the project's own streaming reader (docs/decisions/0001): the same workbooks read to the last
/// cell value four ways — a bare XML scan of every part (the baseline: the least any reader does), the project's
/// XlsxReader, DocumentFormat.OpenXml's OpenXmlReader (SAX, the SDK ClosedXML is built on) and ClosedXML's workbook
/// model — with the time each takes as a ratio to the scan, and the bytes each allocates as a ratio to XlsxReader's.
/// </summary>
internal static class ReaderBenchmark
{
    public static async Task RunAsync()
    {
        await using var bench = await BenchDatabase.CreateAsync(districts: 20, streetsPerDistrict: 25, unitsPerStreet: 20);
        await using var db = await bench.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.DashboardDbContext>>().CreateDbContextAsync();
        var tree = await Core.Data.DashboardDatabase.LoadTreeAsync(db);
        var catalogue = await Core.Data.DashboardDatabase.LoadCatalogueAsync(db);
        var units = tree.All.Where(o => tree.IsReportingUnit(o.Id)).OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
        var month = Period.Month(2025, 3);

        var cases = new List<(string Name, List<byte[]> Files)>
        {
            ("200 单位月报表 of 10 KB", units.Take(200).Select((u, i) => Workbooks.FilledUnitTemplate(u, month, catalogue, i)).ToList()),
            ("汇总表 of 10,000 units", [Workbooks.FilledSummary(tree.ByCode("C")!, units.Take(10_000).ToList(), [month], catalogue, 2)]),
            ("10 MB of data (10,000 units × months, one sheet)", [LargestUnder10Mb(units, catalogue)]),
        };
        Console.WriteLine("\n## Reading an upload to its last cell value (median of 3 rounds after a warm-up)");
        Console.WriteLine("| workbook | cells | reader | time | ratio to XML scan | allocated | ratio to XlsxReader |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, files) in cases)
        {
            var readers = new (string Name, Func<byte[], long> Read)[]
            {
                ("bare XML scan (baseline)", ScanXml), ("XlsxReader (this project)", OwnReader), ("OpenXmlReader (SAX)", OpenXmlSax),
                    ("ClosedXML workbook", ClosedXml),
            };
            (double Seconds, long Bytes)? baseline = null;
            long? ownBytes = null;
            foreach (var (reader, read) in readers)
            {
                long cells = 0;
                var runs = new List<(double Seconds, long Bytes)>();
                for (var round = 0; round < 4; round++)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var sw = Stopwatch.StartNew();
                    cells = files.Sum(read);
                    var run = (sw.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - before);
                    if (round > 0) runs.Add(run);
                }
                var median = runs.OrderBy(r => r.Seconds).ElementAt(1);
                baseline ??= median;
                // The scan materialises no strings and allocates next to nothing: allocations are compared with this project's reader.
                if (read == OwnReader) ownBytes = median.Bytes;
                Console.WriteLine($"| {name} | {cells:N0} | {reader} | {median.Seconds:0.000} s | {median.Seconds / baseline.Value.Seconds:0.00}× | " +
                                  $"{median.Bytes / 1048576.0:N1} MB | {(ownBytes is { } own ? $"{(double)median.Bytes / own:0.0}×" : "—")} |");
            }
        }
    }

    private static byte[] LargestUnder10Mb(List<Core.Organisations.Organisation> units, Core.Indicators.IndicatorCatalogue catalogue)
    {
        byte[]? largest = null;
        for (var n = 1; ; n++)
        {
            var months = Enumerable.Range(0, n).Select(i => Period.Month(2023 + i / 12, 1 + i % 12)).ToList();
            var file = RawSummaryWriter.Write(units, months, catalogue, 3);
            if (WorkbookGuard.TooLarge(file.Length) is not null) return largest!;
            largest = file;
        }
    }

    /// <summary>Inflates every XML part and walks it; counts the &lt;c&gt; elements.</summary>
    private static long ScanXml(byte[] xlsx)
    {
        long cells = 0;
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var xml = System.Xml.XmlReader.Create(entry.Open());
            while (xml.Read())
                if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "c") cells++;
        }
        return cells;
    }

    private static long OwnReader(byte[] xlsx)
    {
        long cells = 0;
        using var reader = XlsxReader.Open(xlsx);
        foreach (var sheet in reader.Sheets)
            foreach (var _ in reader.Cells(sheet)) cells++;
        return cells;
    }

    /// <summary>The SDK's streaming way: shared strings and each worksheet through OpenXmlReader, every cell's value resolved.</summary>
    private static long OpenXmlSax(byte[] xlsx)
    {
        long cells = 0;
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var shared = new List<string>();
        if (workbook.SharedStringTablePart is { } sst)
        {
            using var strings = OpenXmlReader.Create(sst);
            while (strings.Read())
                if (strings.ElementType == typeof(SharedStringItem) && strings.IsStartElement)
                    shared.Add(((SharedStringItem)strings.LoadCurrentElement()!).InnerText);
        }
        foreach (var part in workbook.WorksheetParts)
        {
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Cell) || !reader.IsStartElement) continue;
                var cell = (Cell)reader.LoadCurrentElement()!;
                var text = cell.CellValue?.Text ?? cell.InlineString?.InnerText;
                if (text is null) continue;
                _ = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)]
                    : text;
                cells++;
            }
        }
        return cells;
    }

    private static long ClosedXml(byte[] xlsx)
    {
        long cells = 0;
        using var workbook = new XLWorkbook(new MemoryStream(xlsx));
        foreach (var sheet in workbook.Worksheets)
            foreach (var cell in sheet.CellsUsed())
            {
                _ = cell.Value;
                cells++;
            }
        return cells;
    }
}
