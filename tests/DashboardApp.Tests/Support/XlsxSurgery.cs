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
        var withDrawing = AddToSheet(xlsx, sheetNumber, "<{P}drawing r:id=\"rIdStamp\"/>",
            ["<Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/xl/drawings/drawing1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>"],
            [("rIdStamp", "drawing", "../drawings/drawing1.xml")],
            [("xl/drawings/drawing1.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
                <xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
                <xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="公章"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>
                <xdr:blipFill><a:blip r:embed="rIdImage"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>
                <xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" cy="1000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>
                <xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>
                """),
             ("xl/drawings/_rels/drawing1.xml.rels",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Rels}\"><Relationship Id=\"rIdImage\" Type=\"{RelTypes}/image\" Target=\"../media/image1.png\"/></Relationships>")]);
        using var buffer = new MemoryStream();
        buffer.Write(withDrawing);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var png = zip.CreateEntry("xl/media/image1.png").Open();
            png.Write(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"));
        }
        return buffer.ToArray();
    }

    /// <summary>A sheet background picture (页面布局 → 背景), an image referenced straight from the worksheet.</summary>
    public static byte[] WithBackgroundPicture(byte[] xlsx, int sheetNumber)
    {
        var withPicture = AddToSheet(xlsx, sheetNumber, "<{P}picture r:id=\"rIdBackground\"/>",
            ["<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"],
            [("rIdBackground", "image", "../media/background.jpeg")], []);
        using var buffer = new MemoryStream();
        buffer.Write(withPicture);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var jpeg = zip.CreateEntry("xl/media/background.jpeg").Open();
            jpeg.Write([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
                0x01, 0x00, 0x00, 0xFF, 0xD9]);
        }
        return buffer.ToArray();
    }

    /// <summary>Frozen panes as Excel writes them (state "frozen"; ClosedXML writes "frozenSplit").</summary>
    public static byte[] WithExcelFrozenPanes(byte[] xlsx, int sheetNumber)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            Replace(zip, $"xl/worksheets/sheet{sheetNumber}.xml", x => x.Replace("state=\"frozenSplit\"", "state=\"frozen\""));
        return buffer.ToArray();
    }

    /// <summary>A cell comment as Excel writes it: a comments part and the legacy VML drawing that shows it.</summary>
    public static byte[] WithComment(byte[] xlsx, int sheetNumber, string cell, string author, string text) =>
        AddToSheet(xlsx, sheetNumber, "<{P}legacyDrawing r:id=\"rIdVml\"/>",
            ["<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>",
             "<Override PartName=\"/xl/comments1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"],
            [("rIdVml", "vmlDrawing", "../drawings/vmlDrawing1.vml"), ("rIdComments", "comments", "../comments1.xml")],
            [("xl/comments1.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <comments xmlns="{Main}"><authors><author>{author}</author></authors><commentList>
                <comment ref="{cell}" authorId="0"><text><r><rPr><b/><sz val="9"/><rFont val="宋体"/></rPr><t>{author}:</t></r><r><rPr><sz val="9"/><rFont val="宋体"/></rPr><t xml:space="preserve">
                {text}</t></r></text></comment></commentList></comments>
                """),
             ("xl/drawings/vmlDrawing1.vml", """
                <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
                <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>
                <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
                <v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;margin-left:360pt;margin-top:60pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">
                <v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>
                <v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>
                <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>6, 15, 4, 10, 8, 15, 8,
                    4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>5</x:Row><x:Column>5</x:Column></x:ClientData>
                </v:shape></xml>
                """)]);

    /// <summary>A column chart of the value column, anchored on the sheet the way Excel and WPS write one.</summary>
    public static byte[] WithChart(byte[] xlsx, int sheetNumber, string sheetName, string valueRange) =>
        AddToSheet(xlsx, sheetNumber, "<{P}drawing r:id=\"rIdChartDrawing\"/>",
            ["<Override PartName=\"/xl/drawings/drawing9.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>",
             "<Override PartName=\"/xl/charts/chart1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"],
            [("rIdChartDrawing", "drawing", "../drawings/drawing9.xml")],
            [("xl/drawings/drawing9.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
                <xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
                <xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
                <xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="3" name="图表 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>
                <xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>
                <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdChart"/></a:graphicData></a:graphic>
                </xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>
                """),
             ("xl/drawings/_rels/drawing9.xml.rels",
                 $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Rels}\"><Relationship Id=\"rIdChart\" Type=\"{RelTypes}/chart\" Target=\"../charts/chart1.xml\"/></Relationships>"),
             ("xl/charts/chart1.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
                <c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>
                <c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>'{sheetName}'!{valueRange}</c:f></c:numRef></c:val></c:ser>
                <c:axId val="1"/><c:axId val="2"/></c:barChart>
                <c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>
                <c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>
                </c:plotArea></c:chart></c:chartSpace>
                """)]);

    /// <summary>A list validation in the worksheet's extension list, where Excel 2010+ puts validations that refer to other sheets.</summary>
    public static byte[] WithExtensionListValidation(byte[] xlsx, int sheetNumber, string range) =>
        AddToSheet(xlsx, sheetNumber, $"""
            <{"{P}"}extLst><{"{P}"}ext uri="{"{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">
            <x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">
            <x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">
            <x14:formula1><xm:f>说明!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>{range}</xm:sqref></x14:dataValidation>
            </x14:dataValidations></{"{P}"}ext></{"{P}"}extLst>
            """, [], [], []);

    /// <summary>
    /// Adds elements to a worksheet where the schema orders them — drawings before tableParts,
    /// extLst last — written with the prefix the sheet uses for its own namespace ({P} in
    /// <paramref name="sheetXml"/>; ClosedXML writes "x:", Excel none), with the content types,
    /// relationships and parts they need.
    /// </summary>
    private static byte[] AddToSheet(byte[] xlsx, int sheetNumber, string sheetXml, string[] contentTypes,
        (string Id, string Type, string Target)[] relationships, (string Name, string Xml)[] parts)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            if (contentTypes.Length > 0) Replace(zip, "[Content_Types].xml", x => x.Replace("</Types>", string.Concat(contentTypes) + "</Types>"));
            Replace(zip, $"xl/worksheets/sheet{sheetNumber}.xml", x =>
            {
                var prefix = System.Text.RegularExpressions.Regex.Match(x, @"<(\w+:)?worksheet\b").Groups[1].Value;
                var fragment = sheetXml.Replace("{P}", prefix);
                if (!x.Contains("xmlns:r=")) x = x.Replace($"<{prefix}worksheet ", $"<{prefix}worksheet xmlns:r=\"{RelTypes}\" ");
                var extensionList = fragment.StartsWith($"<{prefix}extLst", StringComparison.Ordinal);
                string[] before = extensionList ? [$"</{prefix}worksheet>"] : [$"<{prefix}tableParts", $"<{prefix}extLst", $"</{prefix}worksheet>"];
                var at = before.Select(b => x.IndexOf(b, StringComparison.Ordinal)).Where(i => i >= 0).Min();
                return x.Insert(at, fragment);
            });
            if (relationships.Length > 0)
            {
                var rels = string.Concat(relationships.Select(r => $"<Relationship Id=\"{r.Id}\" Type=\"{RelTypes}/{r.Type}\" Target=\"{r.Target}\"/>"));
                var relsName = $"xl/worksheets/_rels/sheet{sheetNumber}.xml.rels";
                if (zip.GetEntry(relsName) is null) Write(zip, relsName,
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Rels}\">{rels}</Relationships>");
                else Replace(zip, relsName, x => x.Replace("</Relationships>", rels + "</Relationships>"));
            }
            foreach (var (name, xml) in parts) Write(zip, name, xml.Trim());
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
    /// <param name="type">The cell's type attribute as Excel writes it: null for a number, "str" for text, "e" for an error such as #DIV/0!.</param>
    public static byte[] WithCachedFormulaResult(byte[] xlsx, int sheetNumber, string cell, string value, string? type = null)
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
            c.SetAttributeValue("t", type);
            c.Add(new XElement(Main + "v", value));
            entry.Delete();
            using var w = zip.CreateEntry($"xl/worksheets/sheet{sheetNumber}.xml").Open();
            doc.Save(w);
        }
        return buffer.ToArray();
    }
}
