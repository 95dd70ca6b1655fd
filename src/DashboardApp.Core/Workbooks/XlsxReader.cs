using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace DashboardApp.Core.Workbooks;

/// <summary>A worksheet as listed in the workbook: its name, whether it is shown, and where its cells are.</summary>
internal sealed record SheetEntry(string Name, bool Visible, string? PartName);

/// <summary>
/// Reads the cell values of an uploaded .xlsx by streaming its XML, nothing else: no styles
/// beyond number formats (to tell dates), no drawings, pictures, comments or charts. ClosedXML
/// 0.95.4 builds an object of about 4 KB per cell and measures pictures with System.Drawing; a
/// one-million-cell upload then needs 4 GB. This reader keeps one small record per non-empty
/// cell, so a 10 MB workbook is read in a few hundred MB, and pictures are never looked at.
/// ClosedXML still writes every workbook the application produces.
/// Any damage (a missing part, broken XML, a DTD) surfaces as an exception; the caller turns it
/// into a refusal.
/// </summary>
internal sealed class XlsxReader : IDisposable
{
    /// <summary>Excel's own limit for the text of one cell.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>Text decoded from one file, counting a shared string again at every cell that shows it.</summary>
    public const long MaxTextChars = 20_000_000;

    /// <summary>Non-blank cells in one file: a 汇总表 of 140,000 unit-months with 17 indicators has 2.8 million.</summary>
    public const int MaxCells = 4_000_000;

    private const string OfficeDocument = "/officeDocument";
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
    };

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private string[]? _sharedStrings;
    private NumberShown[]? _styles;
    private bool _date1904;
    private readonly string? _sharedStringsPart;
    private readonly string? _stylesPart;
    private CancellationToken _ct;
    private readonly char[] _chunk = new char[4096];
    private long _textLeft = MaxTextChars;
    private int _cellsLeft = MaxCells;

    private XlsxReader(byte[] content)
    {
        _zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        // Part names are case-insensitive (OPC); the first of any duplicates wins.
        _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in _zip.Entries) _entries.TryAdd(e.FullName.TrimStart('/'), e);

        var workbookPart = Relationships("_rels/.rels", "").FirstOrDefault(r => r.Type.EndsWith(OfficeDocument, StringComparison.Ordinal)).Target
            ?? "xl/workbook.xml";
        var workbookRels = Relationships(RelsPartOf(workbookPart), FolderOf(workbookPart)).ToList();
        _sharedStringsPart = workbookRels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
        _stylesPart = workbookRels.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target;
        var targets = workbookRels.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        Sheets = ReadSheetList(workbookPart, targets);
    }

    public static XlsxReader Open(byte[] content) => new(content);

    public static ImportProblem Unreadable() =>
        ImportProblem.File("CORRUPT_FILE", "文件已损坏或不是有效的 Excel 工作簿，无法打开；请在 Excel/WPS 中打开并另存为 .xlsx 后重新上传");

    /// <summary>The visible worksheets as grids, read one at a time.</summary>
    public IEnumerable<SheetGrid> VisibleSheets(CancellationToken ct = default) =>
        Sheets.Where(s => s.Visible).Select(s => new SheetGrid(s.Name, Cells(s, ct)));

    /// <summary>Worksheets in workbook order (chart sheets have no cells and yield none).</summary>
    public IReadOnlyList<SheetEntry> Sheets { get; }

    /// <summary>The non-blank cells of a sheet, row by row, as the file lists them.</summary>
    public IEnumerable<(int Row, int Col, RawCell Value)> Cells(SheetEntry sheet, CancellationToken ct = default)
    {
        if (sheet.PartName is null || !_entries.TryGetValue(sheet.PartName, out var entry)) yield break;
        _ct = ct;
        _sharedStrings ??= ReadSharedStrings();
        _styles ??= ReadNumberStyles();

        using var xml = XmlReader.Create(entry.Open(), XmlSettings);
        int row = 0, col = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "row")
            {
                ct.ThrowIfCancellationRequested();
                row = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                col = 0;
            }
            else if (xml.LocalName == "c")
            {
                ct.ThrowIfCancellationRequested();
                if (xml.GetAttribute("r") is { } reference && CellRef.Parse(reference) is { } at) (row, col) = (at.Row == 0 ? row : at.Row, at.Col);
                else col++;
                var value = ReadCell(xml);
                if (value is RawCell.Blank || row <= 0 || col <= 0) continue;
                if (--_cellsLeft < 0) throw new WorkbookLimitException(TooManyCells());
                if (value is RawCell.Text t) Spend(t.Value.Length);
                yield return (row, col, value);
            }
        }
    }

    /// <summary>Reads one &lt;c&gt; element (the reader is on it) and leaves the reader on its end tag (or on it, when empty).</summary>
    private RawCell ReadCell(XmlReader xml)
    {
        var type = xml.GetAttribute("t") ?? "n";
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (xml.IsEmptyElement) return new RawCell.Blank();

        string? value = null, formula = null, inline = null;
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.Depth == depth + 1)
            {
                switch (xml.LocalName)
                {
                    case "v": value = ReadText(xml); continue;
                    case "f": formula = ReadText(xml); continue;
                    case "is": inline = ReadRichText(xml); continue;
                    default: xml.Skip(); continue;
                }
            }
            xml.Read();
        }

        if (type == "inlineStr") return inline is { Length: > 0 } ? new RawCell.Text(inline) : new RawCell.Blank();
        if (string.IsNullOrEmpty(value))
            return formula is not null ? new RawCell.UncalculatedFormula(formula) : new RawCell.Blank();
        switch (type)
        {
            case "s":
                var index = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                var text = _sharedStrings![index];
                return text.Length > 0 ? new RawCell.Text(text) : new RawCell.Blank();
            case "str":
                return new RawCell.Text(value);
            case "b":
                return new RawCell.Boolean(value.Trim() is "1" or "true");
            case "e":
                return new RawCell.Error(value);
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
                    ? new RawCell.Date(date) : new RawCell.Text(value);
            default:
                var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                var shown = style >= 0 && style < _styles!.Length ? _styles[style] : NumberShown.Plain;
                // Serial numbers outside Excel's calendar cannot be dates; they are shown as numbers. A workbook on
                // the 1904 date system (LibreOffice, exceljs, old Mac Excel) counts its serials from 1904-01-01.
                if (shown == NumberShown.Date && number is >= 0 and < 2958466)
                    return new RawCell.Date(DateTime.FromOADate(_date1904 ? number + Days1900To1904 : number));
                return shown == NumberShown.Percent ? new RawCell.Percent(number) : new RawCell.Number(number);
        }
    }

    /// <summary>
    /// The text content of the element the reader is on, read in chunks and refused past Excel's limit for a
    /// cell, so that no single string can take the memory or time of the whole file; leaves the reader after its end.
    /// </summary>
    private string ReadText(XmlReader xml, StringBuilder? into = null)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }
        var text = into ?? new StringBuilder();
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int n;
                while ((n = xml.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    _ct.ThrowIfCancellationRequested();
                    if (text.Length + n > MaxCellChars) throw new WorkbookLimitException(TextTooLong());
                    text.Append(_chunk, 0, n);
                }
            }
            xml.Read();
        }
        xml.Read(); // past the end tag
        return into is null ? text.ToString() : "";
    }

    private void Spend(int chars)
    {
        _textLeft -= chars;
        if (_textLeft < 0) throw new WorkbookLimitException(TooMuchText());
    }

    public static ImportProblem TextTooLong() => ImportProblem.File("TEXT_TOO_LONG",
        $"文件中有一段文字超过 {MaxCellChars} 个字符（Excel 单元格的上限），不是报表内容，已拒收；请删除这段文字后另存为 .xlsx 重新上传");

    public static ImportProblem TooMuchText() => ImportProblem.File("TOO_MUCH_TEXT",
        $"文件中的文字总量超过 {MaxTextChars / 10_000} 万字，超出报表的正常范围，已拒收；请只保留需要报送的工作表后重新上传");

    public static ImportProblem TooManyCells() => ImportProblem.File("TOO_MANY_CELLS",
        $"文件中填写内容的单元格超过 {MaxCells / 10_000} 万个，超出一次上传的处理上限；请按月份或单位拆分为多个文件后上传");

    /// <summary>The text of a string item (&lt;si&gt; or &lt;is&gt;): its &lt;t&gt; elements, plain or in runs, without phonetic guides.</summary>
    private string ReadRichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }
        var depth = xml.Depth;
        var text = new StringBuilder();
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName is "rPh" or "phoneticPr") { xml.Skip(); continue; }
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t") { ReadText(xml, text); continue; }
            xml.Read();
        }
        xml.Read(); // past the end of the item
        return text.ToString();
    }

    private string[] ReadSharedStrings()
    {
        if (_sharedStringsPart is null || !_entries.TryGetValue(_sharedStringsPart, out var entry)) return [];
        var strings = new List<string>();
        using var xml = XmlReader.Create(entry.Open(), XmlSettings);
        xml.MoveToContent();
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                _ct.ThrowIfCancellationRequested();
                var text = ReadRichText(xml);
                Spend(text.Length);
                strings.Add(text);
            }
            else xml.Read();
        }
        return [.. strings];
    }

    /// <summary>Serial 0 is 1899-12-30 on the 1900 system and 1904-01-01 on the 1904 one.</summary>
    private const double Days1900To1904 = 1462;

    /// <summary>For each cell style (cellXfs index), how its number format shows a number: plain, as a date or time, or as a percentage.</summary>
    private NumberShown[] ReadNumberStyles()
    {
        if (_stylesPart is null || !_entries.TryGetValue(_stylesPart, out var entry)) return [];
        var custom = new Dictionary<int, string>();
        var styles = new List<NumberShown>();
        using var xml = XmlReader.Create(entry.Open(), XmlSettings);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs") inCellXfs = false;
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), out var id):
                    custom[id] = xml.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    _ct.ThrowIfCancellationRequested();
                    var formatId = int.TryParse(xml.GetAttribute("numFmtId"), out var f) ? f : 0;
                    styles.Add(custom.TryGetValue(formatId, out var code) ? NumberFormats.Of(code) : NumberFormats.OfBuiltIn(formatId));
                    break;
            }
        }
        return [.. styles];
    }

    private List<SheetEntry> ReadSheetList(string workbookPart, Dictionary<string, (string Id, string Type, string Target)> targets)
    {
        var sheets = new List<SheetEntry>();
        if (!_entries.TryGetValue(workbookPart, out var entry)) throw new InvalidDataException("workbook part missing");
        using var xml = XmlReader.Create(entry.Open(), XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "workbookPr")
                _date1904 = xml.GetAttribute("date1904")?.Trim() is "1" or "true";
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet") continue;
            var state = xml.GetAttribute("state");
            var id = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
                ?? xml.GetAttribute("r:id");
            var part = id is not null && targets.TryGetValue(id, out var rel) && rel.Type.EndsWith("/worksheet", StringComparison.Ordinal)
                ? rel.Target : null;
            sheets.Add(new SheetEntry(xml.GetAttribute("name") ?? "", state is null or "visible", part));
        }
        return sheets;
    }

    private IEnumerable<(string Id, string Type, string Target)> Relationships(string relsPart, string baseFolder)
    {
        if (!_entries.TryGetValue(relsPart, out var entry)) yield break;
        using var xml = XmlReader.Create(entry.Open(), XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship") continue;
            if (xml.GetAttribute("TargetMode") == "External") continue;
            var target = xml.GetAttribute("Target") ?? "";
            yield return (xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", Resolve(baseFolder, target));
        }
    }

    /// <summary>"worksheets/sheet1.xml" from "xl/" → "xl/worksheets/sheet1.xml"; "/xl/…" is absolute; ".." steps up.</summary>
    private static string Resolve(string baseFolder, string target)
    {
        var path = target.StartsWith('/') ? target.TrimStart('/') : baseFolder + target;
        var parts = new List<string>();
        foreach (var segment in Uri.UnescapeDataString(path).Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        return string.Join('/', parts);
    }

    private static string FolderOf(string part) => part.Contains('/') ? part[..(part.LastIndexOf('/') + 1)] : "";

    private static string RelsPartOf(string part) => $"{FolderOf(part)}_rels/{part[(part.LastIndexOf('/') + 1)..]}.rels";

    public void Dispose() => _zip.Dispose();
}

internal enum NumberShown : byte { Plain, Date, Percent }

/// <summary>
/// Which number formats display dates (a date in a value cell is an error; a date 统计期 is a month) and which
/// percentages (a percentage is refused where a count belongs, however it was typed).
/// </summary>
internal static class NumberFormats
{
    public static NumberShown OfBuiltIn(int id) => IsBuiltInDate(id) ? NumberShown.Date : id is 9 or 10 ? NumberShown.Percent : NumberShown.Plain;

    public static NumberShown Of(string formatCode) => IsDate(formatCode) ? NumberShown.Date : IsPercent(formatCode) ? NumberShown.Percent
        : NumberShown.Plain;

    /// <summary>A % outside quotes and escapes in the first section: the number is shown multiplied by 100.</summary>
    public static bool IsPercent(string formatCode) => Symbols(formatCode).Contains('%');

    /// <summary>Built-in formats that show dates or times, including the Chinese-locale ones (27–36, 50–58: yyyy"年"m"月"…).</summary>
    public static bool IsBuiltInDate(int id) => id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58;

    /// <summary>A custom format shows a date when, outside quotes, brackets and escapes, it has y, m, d, h or s (or 年/月/日).</summary>
    public static bool IsDate(string formatCode)
    {
        var symbols = Symbols(formatCode);
        for (var i = 0; i < symbols.Length; i++)
        {
            var c = symbols[i];
            if (c == '[')
            {
                var close = symbols.IndexOf(']', i);
                if (close < 0) return false;
                // [h], [mm], [ss] are elapsed time; [Red], [$-804], [>100] are not dates.
                var inner = symbols[(i + 1)..close].ToLowerInvariant();
                if (inner.Length > 0 && inner.All(ch => ch is 'h' or 'm' or 's')) return true;
                i = close;
                continue;
            }
            if (string.Compare(symbols, i, "General", 0, 7, StringComparison.OrdinalIgnoreCase) == 0) { i += 6; continue; }
            if (char.ToLowerInvariant(c) is 'y' or 'm' or 'd' or 'h' or 's') return true;
            if (c is '年' or '月' or '日') return true;
        }
        return false;
    }

    /// <summary>
    /// The first section of a format (positive numbers: it alone decides) without what is only shown as written:
    /// quoted text and the character after \, _ or *.
    /// </summary>
    private static string Symbols(string formatCode)
    {
        var symbols = new System.Text.StringBuilder(formatCode.Length);
        var inQuote = false;
        for (var i = 0; i < formatCode.Length; i++)
        {
            var c = formatCode[i];
            if (c == '"') { inQuote = !inQuote; continue; }
            if (inQuote) continue;
            if (c == ';') break;
            if (c is '\\' or '_' or '*') { i++; continue; }
            symbols.Append(c);
        }
        return symbols.ToString();
    }
}

/// <summary>A file past one of the reader's bounds (text, cells): refused with the reason it carries.</summary>
internal sealed class WorkbookLimitException(ImportProblem problem) : Exception(problem.Message)
{
    public ImportProblem Problem { get; } = problem;
}
