using System.IO.Compression;
using System.Xml;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Benchmarks;

/// <summary>
/// Writes a very large 汇总表 straight as XML (shared strings, one row per unit and month, a 统计期
/// column), the way Excel lays it out. ClosedXML would need gigabytes to write the million-cell
/// workbooks the memory benchmark reads.
/// </summary>
internal static class RawSummaryWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XmlWriterSettings Settings = new() { CloseOutput = true };

    public static byte[] Write(IReadOnlyList<Organisation> units, IReadOnlyList<Period> months, IndicatorCatalogue catalogue, int seed)
    {
        var random = new Random(seed);
        var strings = new Dictionary<string, int>();
        int S(string text) => strings.TryGetValue(text, out var i) ? i : strings[text] = strings.Count;

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Text(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Text(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Text(zip, "xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{Rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");

            using (var sheet = XmlWriter.Create(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), Settings))
            {
                sheet.WriteStartElement("worksheet", Main);
                sheet.WriteStartElement("sheetData", Main);
                var header = new List<string> { "统计期", "单位代码", "单位名称" };
                header.AddRange(catalogue.All.Select(i => $"{i.Name}（{i.Unit}）"));
                Row(sheet, 1, header.Select(h => (object)S(h)).ToList(), strings: true);
                var r = 2;
                foreach (var month in months)
                    foreach (var unit in units)
                    {
                        var cells = new List<object> { S(month.ToString()), S(unit.Code), S(unit.Name) };
                        cells.AddRange(catalogue.All.Select(i => (object)(double)(i.Code == "MEMBERS_TOTAL" ? random.Next(8, 400)
                            : random.Next(0, 6))));
                        Row(sheet, r++, cells, strings: false);
                    }
                sheet.WriteEndElement();
                sheet.WriteEndElement();
            }
            using var sst = XmlWriter.Create(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), Settings);
            sst.WriteStartElement("sst", Main);
            foreach (var text in strings.OrderBy(kv => kv.Value).Select(kv => kv.Key))
            {
                sst.WriteStartElement("si", Main);
                sst.WriteElementString("t", Main, text);
                sst.WriteEndElement();
            }
            sst.WriteEndElement();
        }
        return buffer.ToArray();
    }

    /// <summary>A row: ints are shared-string indexes (the first three cells of a data row, every cell of the header), doubles are numbers.</summary>
    private static void Row(XmlWriter w, int row, List<object> cells, bool strings)
    {
        w.WriteStartElement("row", Main);
        w.WriteAttributeString("r", row.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var c = 0; c < cells.Count; c++)
        {
            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", ClosedXML.Excel.XLHelper.GetColumnLetterFromNumber(c + 1) + row);
            if (cells[c] is int index)
            {
                w.WriteAttributeString("t", "s");
                w.WriteElementString("v", Main, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else w.WriteElementString("v", Main, ((double)cells[c]).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Text(ZipArchive zip, string name, string xml)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(xml);
    }
}
