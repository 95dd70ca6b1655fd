using System.IO.Compression;
using System.Xml.Linq;

namespace DashboardApp.Tests.Support;

/// <summary>Edits the XML inside an .xlsx to produce what other programs write and ClosedXML does not.</summary>
public static class XlsxSurgery
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private const string Rels = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string RelTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Anchors a PNG picture (a "stamp") on a worksheet, with the drawing part Excel writes for it.</summary>
    public static byte[] WithPicture(byte[] xlsx, int sheetNumber)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            Replace(zip, "[Content_Types].xml", x => x.Replace("</Types>",
                "<Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/xl/drawings/drawing1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/></Types>"));
            var sheet = $"xl/worksheets/sheet{sheetNumber}.xml";
            Replace(zip, sheet, x => (x.Contains("xmlns:r=") ? x : x.Replace("<worksheet ", $"<worksheet xmlns:r=\"{RelTypes}\" "))
                .Replace("</worksheet>", "<drawing r:id=\"rIdStamp\"/></worksheet>"));
            var relsName = $"xl/worksheets/_rels/sheet{sheetNumber}.xml.rels";
            var drawingRel = $"<Relationship Id=\"rIdStamp\" Type=\"{RelTypes}/drawing\" Target=\"../drawings/drawing1.xml\"/>";
            if (zip.GetEntry(relsName) is null) Write(zip, relsName, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Rels}\">{drawingRel}</Relationships>");
            else Replace(zip, relsName, x => x.Replace("</Relationships>", drawingRel + "</Relationships>"));
            Write(zip, "xl/drawings/drawing1.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
                <xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
                <xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="公章"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>
                <xdr:blipFill><a:blip r:embed="rIdImage"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>
                <xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" cy="1000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>
                <xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>
                """);
            Write(zip, "xl/drawings/_rels/drawing1.xml.rels",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Rels}\"><Relationship Id=\"rIdImage\" Type=\"{RelTypes}/image\" Target=\"../media/image1.png\"/></Relationships>");
            using var png = zip.CreateEntry("xl/media/image1.png").Open();
            png.Write(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"));
        }
        return buffer.ToArray();
    }

    private static void Replace(ZipArchive zip, string name, Func<string, string> change)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"no {name}");
        string text;
        using (var r = new StreamReader(entry.Open())) text = r.ReadToEnd();
        entry.Delete();
        Write(zip, name, change(text));
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(text);
    }

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
