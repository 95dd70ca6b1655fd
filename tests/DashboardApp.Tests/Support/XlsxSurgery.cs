using System.IO.Compression;
using System.Xml.Linq;

namespace DashboardApp.Tests.Support;

/// <summary>Edits the XML inside an .xlsx to produce what other programs write and ClosedXML does not.</summary>
public static class XlsxSurgery
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Gives a formula cell a cached result, as Excel does when it saves.</summary>
    public static byte[] WithCachedFormulaResult(byte[] xlsx, int sheetNumber, string cell, string value)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry($"xl/worksheets/sheet{sheetNumber}.xml") ?? throw new InvalidOperationException("no such sheet");
            XDocument doc;
            using (var s = entry.Open()) doc = XDocument.Load(s);
            var c = doc.Descendants(Main + "c").Single(e => (string?)e.Attribute("r") == cell);
            c.Elements(Main + "v").Remove();
            c.Add(new XElement(Main + "v", value));
            entry.Delete();
            using var w = zip.CreateEntry($"xl/worksheets/sheet{sheetNumber}.xml").Open();
            doc.Save(w);
        }
        return buffer.ToArray();
    }
}
