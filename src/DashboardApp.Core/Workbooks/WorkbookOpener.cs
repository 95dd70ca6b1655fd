using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Opens an uploaded workbook for reading. Pictures (stamps, logos) and charts live in drawing
/// parts, and ClosedXML 0.95.4 measures pictures with System.Drawing, which does not work on Linux.
/// Drawings never hold data, so they are cut out of an in-memory copy of the package before
/// ClosedXML sees it. The stored original is left as it was uploaded.
/// </summary>
public static partial class WorkbookOpener
{
    /// <summary>The workbook, or null when the file cannot be opened as one.</summary>
    public static XLWorkbook? TryOpen(byte[] content)
    {
        try
        {
            return new XLWorkbook(new MemoryStream(WithoutDrawings(content), writable: false));
        }
        catch (Exception)
        {
            return null;
        }
    }

    public static ImportProblem Unreadable() =>
        ImportProblem.File("CORRUPT_FILE", "文件已损坏或不是有效的 Excel 工作簿，无法打开；请在 Excel/WPS 中打开并另存为 .xlsx 后重新上传");

    internal static byte[] WithoutDrawings(byte[] content)
    {
        using var buffer = new MemoryStream();
        buffer.Write(content);
        var changed = false;
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.ToList())
            {
                var name = entry.FullName;
                if (name.StartsWith("xl/worksheets/_rels/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                    changed |= Rewrite(zip, entry, DrawingRelationship());
                else if (name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    changed |= Rewrite(zip, entry, DrawingElement());
            }
        }
        return changed ? buffer.ToArray() : content;
    }

    private static bool Rewrite(ZipArchive zip, ZipArchiveEntry entry, Regex remove)
    {
        string xml;
        using (var reader = new StreamReader(entry.Open(), Encoding.UTF8))
            xml = reader.ReadToEnd();
        var stripped = remove.Replace(xml, "");
        if (stripped.Length == xml.Length) return false;
        var name = entry.FullName;
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(stripped);
        return true;
    }

    /// <summary>A worksheet's &lt;drawing r:id="…"/&gt; (any prefix).</summary>
    [GeneratedRegex(@"<(?:\w+:)?drawing\b[^>]*/>")]
    private static partial Regex DrawingElement();

    /// <summary>A relationship from a worksheet to its drawing part.</summary>
    [GeneratedRegex(@"<Relationship\b[^>]*Type=""[^""]*/relationships/drawing""[^>]*/>")]
    private static partial Regex DrawingRelationship();
}
