using System.IO.Compression;
using System.Text;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>
/// Workbooks written by programs other than Excel and ClosedXML, built here part by part: inline
/// strings (Apache POI's streaming writer, EasyExcel), rich-text runs with phonetic guides, cells
/// without addresses, absolute part names, and the Chinese built-in date formats.
/// </summary>
public class XlsxReaderTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A package with one worksheet whose &lt;sheetData&gt; is given, plus optional shared strings and styles.</summary>
    private static byte[] Package(string sheetData, string? sharedStrings = null, string? styles = null, bool absoluteTargets = false,
        string sheetState = "")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(xml);
            }
            var prefix = absoluteTargets ? "/xl/" : "";
            Put("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Put("_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="{(absoluteTargets ? "/" : "")}xl/workbook.xml"/></Relationships>""");
            Put("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets><sheet name="报表" sheetId="1" {sheetState} r:id="rId1"/></sheets></workbook>""");
            var rels = $"""<Relationship Id="rId1" Type="{RelNs}/worksheet" Target="{prefix}worksheets/sheet1.xml"/>""";
            if (sharedStrings is not null) rels += $"""<Relationship Id="rId2" Type="{RelNs}/sharedStrings" Target="{prefix}sharedStrings.xml"/>""";
            if (styles is not null) rels += $"""<Relationship Id="rId3" Type="{RelNs}/styles" Target="{prefix}styles.xml"/>""";
            Put("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>""");
            Put("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>{sheetData}</sheetData></worksheet>""");
            if (sharedStrings is not null) Put("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">{sharedStrings}</sst>""");
            if (styles is not null) Put("xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{Main}">{styles}</styleSheet>""");
        }
        return buffer.ToArray();
    }

    private static string Inline(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";

    /// <summary>A 单位月报表 written with inline strings only, as Apache POI's streaming writer does.</summary>
    private static string UnitReportRows(string periodCell) => $"""
        <row r="1">{Inline("A1", "单位代码")}{Inline("B1", "D1-S1-U1")}</row>
        <row r="2">{Inline("A2", "统计期")}{periodCell}</row>
        <row r="4">{Inline("A4", "指标名称")}{Inline("B4", "本期数值")}</row>
        <row r="5">{Inline("A5", "集中学习研讨次数")}<c r="B5"><v>4</v></c></row>
        <row r="6">{Inline("A6", "发展党员数")}<c r="B6" t="inlineStr"><is><r><t>2</t></r><r><rPr><b/></rPr><t>人</t></r></is></c></row>
        """;

    private static ParsedWorkbook Parse(byte[] file) => WorkbookParser.Parse(file, "poi.xlsx", TestWorkbooks.Context());

    private static IEnumerable<(string, decimal, string)> Values(ParsedWorkbook result) =>
        Assert.Single(result.Submissions).Values.Select(v => (v.Indicator.Code, v.Value, v.Cell));

    [Fact]
    public void InlineStringsAndRichTextRunsAreRead()
    {
        var result = Parse(Package(UnitReportRows(Inline("B2", "2025年3月"))));

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal([("STUDY_SESSIONS", 4m, "B5"), ("NEW_MEMBERS", 2m, "B6")], Values(result));
    }

    [Fact]
    public void SharedStringsWithPhoneticGuidesGiveTheTextWithoutTheGuide()
    {
        var sst = """
            <si><r><t>单位</t></r><r><t>代码</t></r><rPh sb="0" eb="2"><t>たんい</t></rPh></si>
            <si><t>D1-S1-U1</t></si><si><t xml:space="preserve"> 统计期 </t></si><si><t>2025-03</t></si>
            <si><t>指标名称</t></si><si><t>本月数</t></si><si><t>主题党日</t></si><si/>
            """;
        var rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>7</v></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>
            <row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c></row>
            <row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4"><f>1+2</f><v>3</v></c></row>
            """;

        var result = Parse(Package(rows, sharedStrings: sst, absoluteTargets: true));

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal([("THEME_PARTY_DAYS", 3m, "B4")], Values(result));
    }

    [Fact]
    public void CellsAndRowsWithoutAddressesArePlacedInOrder()
    {
        // Some writers omit r= on rows and cells: positions follow from the order.
        var rows = $"""
            <row><c t="inlineStr"><is><t>单位代码</t></is></c><c t="inlineStr"><is><t>D1-S1-U1</t></is></c></row>
            <row><c t="inlineStr"><is><t>统计期</t></is></c><c t="inlineStr"><is><t>2025.03</t></is></c></row>
            <row><c t="inlineStr"><is><t>指标名称</t></is></c><c t="inlineStr"><is><t>数值</t></is></c></row>
            <row><c t="inlineStr"><is><t>专题党课</t></is></c><c><v>1</v></c></row>
            """;

        var result = Parse(Package(rows));

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal([("PARTY_LECTURES", 1m, "B4")], Values(result));
    }

    public static TheoryData<string, bool> DateFormats => new()
    {
        { "<numFmts count=\"0\"/><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"31\"/></cellXfs>", true },         // built-in yyyy"年"m"月"d"日"
        { "<numFmts count=\"0\"/><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"57\"/></cellXfs>", true },         // built-in yyyy"年"m"月"
        { "<numFmts count=\"0\"/><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>", true },
        { "<numFmts><numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"176\"/></cellXfs>", true },
        { "<numFmts><numFmt numFmtId=\"177\" formatCode=\"[$-804]yyyy/m\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"177\"/></cellXfs>",
            true },
        { "<numFmts><numFmt numFmtId=\"178\" formatCode=\"0&quot;次&quot;\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"178\"/></cellXfs>",
            false },
        { "<numFmts><numFmt numFmtId=\"179\" formatCode=\"[Red]#,##0;[Blue]-#,##0\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"179\"/></cellXfs>", false },
        { "<numFmts><numFmt numFmtId=\"180\" formatCode=\"0.00E+00\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"180\"/></cellXfs>",
            false },
        { "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"3\"/></cellXfs>", false },
    };

    [Theory]
    [MemberData(nameof(DateFormats))]
    public void AValueIsADateWhenItsNumberFormatShowsOne(string styles, bool isDate)
    {
        // 45717 is 2025-03-01: as the 统计期 a date is its month; in a value cell it is an error.
        var file = Package(UnitReportRows("<c r=\"B2\" s=\"1\"><v>45717</v></c>").Replace("<c r=\"B5\">", "<c r=\"B5\" s=\"1\">"), styles: styles);

        var result = Parse(file);

        if (isDate)
        {
            var problem = Assert.Single(result.Errors);
            Assert.Equal(("DATE_IN_VALUE", "B5"), (problem.Code, problem.Cell));
        }
        else
        {
            // Not a date: 45717 is a number, which as a period cannot be read.
            Assert.Contains(result.Errors, e => e.Code is "BAD_PERIOD" && e.Cell == "B2");
            Assert.DoesNotContain(result.Errors, e => e.Code == "DATE_IN_VALUE");
        }
    }

    [Fact]
    public void ADateStatisticsPeriodIsItsMonth()
    {
        var file = Package(UnitReportRows("<c r=\"B2\" s=\"1\"><v>45717</v></c>"),
            styles: "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"57\"/></cellXfs>");
        var result = Parse(file);
        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        Assert.Equal(Period.Month(2025, 3), Assert.Single(result.Submissions).Period);
    }

    [Fact]
    public void AHiddenSheetIsIgnored()
    {
        var result = Parse(Package(UnitReportRows(Inline("B2", "2025-03")), sheetState: "state=\"hidden\""));
        Assert.Equal("NO_TABLE", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void ADocumentTypeDeclarationIsRefusedNotExpanded()
    {
        var file = Package("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
        using (var buffer = new MemoryStream())
        {
            buffer.Write(file);
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            {
                zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
                using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
                w.Write($"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>""");
            }
            file = buffer.ToArray();
        }
        Assert.Equal("CORRUPT_FILE", Assert.Single(Parse(file).Errors).Code);
    }
}
