using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DashboardApp.Tests.Support;

/// <summary>
/// Workbooks written as raw XML in the shapes an attacker or a runaway script would send: a flood of
/// wrong cells, one enormous shared string shown by thousands of cells, millions of cells. Small to
/// send, expensive to read naively. Shared by the tests (outcomes) and the benchmarks (time and memory).
/// </summary>
public static class HostileWorkbooks
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A 汇总表 header, then <paramref name="rows"/> rows of unknown unit codes and words where numbers belong: three problems a row.</summary>
    public static byte[] ProblemFlood(int rows) => Package(sheet =>
    {
        Header(sheet);
        for (var r = 2; r < rows + 2; r++)
            sheet.Append(CultureInfo.InvariantCulture,
                $"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>X{r}</t></is></c><c r=\"C{r}\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"D{r}\" t=\"inlineStr\"><is><t>b</t></is></c></row>");
    });

    /// <summary>One shared string of <paramref name="length"/> characters (varied, so it compresses like text) shown by <paramref name="cells"/>
    /// cells.</summary>
    public static byte[] LongSharedString(int length, int cells)
    {
        var random = new Random(2);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append((char)(0x4E00 + random.Next(200)));
        return Package(sheet =>
        {
            Header(sheet);
            for (var r = 2; r < cells / 4 + 2; r++)
                sheet.Append(CultureInfo.InvariantCulture,
                    $"<row r=\"{r}\">").Append(string.Concat("ABCD".Select(c => $"<c r=\"{c}{r}\" t=\"s\"><v>0</v></c>"))).Append("</row>");
        }, $"<sst xmlns=\"{Main}\"><si><t>{text}</t></si></sst>");
    }

    /// <summary><paramref name="rows"/> rows of 20 cells holding 1: tiny compressed, millions of cells.</summary>
    public static byte[] ManyCells(int rows) => Package(sheet =>
    {
        Header(sheet);
        for (var r = 2; r < rows + 2; r++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var c = 0; c < 20; c++) sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + c)}{r}\"><v>1</v></c>");
            sheet.Append("</row>");
        }
    });

    private static void Header(StringBuilder sheet) => sheet.Append(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>单位代码</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>单位名称</t></is></c>"
        + "<c r=\"C1\" t=\"inlineStr\"><is><t>集中学习研讨次数</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>发展党员数</t></is></c></row>");

    private static byte[] Package(Action<StringBuilder> rows, string? sharedStrings = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Part("[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
            Part("_rels/.rels",
                $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Part("xl/workbook.xml",
                $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"汇总表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels",
                $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
            var sheet = new StringBuilder($"<worksheet xmlns=\"{Main}\"><sheetData>");
            rows(sheet);
            Part("xl/worksheets/sheet1.xml", sheet.Append("</sheetData></worksheet>").ToString());
            if (sharedStrings is not null) Part("xl/sharedStrings.xml", sharedStrings);
        }
        return buffer.ToArray();
    }
}
