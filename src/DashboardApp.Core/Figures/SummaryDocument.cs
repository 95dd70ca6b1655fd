using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DashboardApp.Core.Figures;

/// <summary>
/// 年度数据摘要 as a Word document laid out as a 党政机关公文 body (GB/T 9704): A4, title in 小标宋 二号 centred,
/// paragraphs in 仿宋 三号 with two characters' first-line indent and a fixed 28-point line, then the figures as a table.
/// </summary>
public static class SummaryDocument
{
    private const string TitleFont = "方正小标宋简体";
    private const string BodyFont = "仿宋_GB2312";
    private const string TableFont = "宋体";

    public static byte[] Write(AnnualSummary summary)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(SummaryText.Title(summary), TitleFont, 44, centred: true, indent: false));
            foreach (var text in summary.Paragraphs) body.Append(Paragraph(text, BodyFont, 32, centred: false, indent: true));
            body.Append(Paragraph("", BodyFont, 32, centred: false, indent: false));
            body.Append(FiguresTable(summary));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static RunProperties Font(string font, int halfPoints, bool bold = false)
    {
        var properties = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font },
            new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold) properties.Append(new Bold());
        return properties;
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool centred, bool indent)
    {
        var properties = new ParagraphProperties(
            new SpacingBetweenLines { Line = centred ? "700" : "560", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" });
        if (indent) properties.Append(new Indentation
        {
            FirstLineChars = 200,
            FirstLine = (halfPoints * 20).ToString(System.Globalization.CultureInfo.InvariantCulture)
        });
        if (centred) properties.Append(new Justification { Val = JustificationValues.Center });
        else properties.Append(new Justification { Val = JustificationValues.Both });
        return new Paragraph(properties, new Run(Font(font, halfPoints), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Table FiguresTable(AnnualSummary summary)
    {
        var border = new Func<OpenXmlElement>[]
        {
            () => new TopBorder { Val = BorderValues.Single, Size = 4 }, () => new BottomBorder { Val = BorderValues.Single, Size = 4 },
            () => new LeftBorder { Val = BorderValues.Single, Size = 4 }, () => new RightBorder { Val = BorderValues.Single, Size = 4 },
            () => new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, ()
                => new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
        };
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(border.Select(b => b()))));
        table.Append(Row(true, "指标", summary.Span.ToChinese(), summary.Span.LastYear.ToChinese(), "同比（比率：百分点）"));
        foreach (var line in summary.Lines)
        {
            var (value, last) = line.Measure.Rate is { } rate
                ? (rate.Show(line.Value), rate.Show(line.LastYear))
                : (Shown(line.Value, line.Measure.Unit), Shown(line.LastYear, line.Measure.Unit));
            table.Append(Row(false, line.Measure.Name, value, last, line.Change));
        }
        return table;
    }

    private static string Shown(decimal? value, string unit) => value is { } v ? SummaryText.Number(v) + unit : "—";

    private static TableRow Row(bool header, params string[] cells) => new(cells.Select((text, i) => new TableCell(
        new TableCellProperties(new TableCellWidth { Width = i == 0 ? "1700" : "1100", Type = TableWidthUnitValues.Pct }),
        new Paragraph(
            new ParagraphProperties(new Justification { Val = i == 0 ? JustificationValues.Left : JustificationValues.Right }),
            new Run(Font(TableFont, 21, bold: header), new Text(text))))));
}
