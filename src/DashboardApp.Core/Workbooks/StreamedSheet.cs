using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DashboardApp.Core.Workbooks;

/// <summary>How a cell of a <see cref="StreamedSheet"/> looks: 宋体 throughout.</summary>
public enum CellLook : uint { Plain = 0, Bold = 1, Title = 2, Percent = 3 }

/// <summary>
/// A one-sheet workbook written row by row as it is read (OpenXML's forward-only writer), so an export of the province's 200,000 units
/// holds one row in memory, not a workbook of two million cells as ClosedXML would. Text goes as inline strings (no shared-string
/// table to keep), numbers as numbers. Columns' widths and merged ranges are given up front; <see cref="Dispose"/> closes the sheet and
/// the package.
/// </summary>
public sealed class StreamedSheet : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlWriter _writer;
    private readonly IReadOnlyList<string> _merged;
    private int _row;
    private bool _closed;

    /// <param name="stream">Seekable (a temporary file): the package's parts are written into a zip.</param>
    /// <param name="merged">Ranges such as "A1:G1", merged once the rows are written.</param>
    public StreamedSheet(Stream stream, string sheetName, IReadOnlyList<double> widths, IReadOnlyList<string>? merged = null)
    {
        _merged = merged ?? [];
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = _document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = "rId1" }));
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Styles();
        var sheet = workbook.AddNewPart<WorksheetPart>("rId1");
        _writer = OpenXmlWriter.Create(sheet);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteStartElement(new Columns());
        for (var i = 0; i < widths.Count; i++)
            _writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
        _writer.WriteEndElement();
        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>The next row; an empty one with no cells.</summary>
    public void Row(params (object? Value, CellLook Look)[] cells)
    {
        _row++;
        _writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", _row.ToString(CultureInfo.InvariantCulture))]);
        for (var c = 0; c < cells.Length; c++)
        {
            var (value, look) = cells[c];
            if (value is null) continue;
            var reference = SheetGrid.Address(_row, c + 1);
            var style = ((uint)look).ToString(CultureInfo.InvariantCulture);
            if (value is string text)
            {
                _writer.WriteStartElement(new Cell(), [new("r", "", reference), new("s", "", style), new("t", "", "inlineStr")]);
                _writer.WriteElement(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            else
            {
                _writer.WriteStartElement(new Cell(), [new("r", "", reference), new("s", "", style)]);
                _writer.WriteElement(new CellValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
            }
            _writer.WriteEndElement();
        }
        _writer.WriteEndElement();
    }

    /// <summary>Text cells in the plain look.</summary>
    public void TextRow(CellLook look, params string[] texts) => Row([.. texts.Select(t => ((object?)t, look))]);

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _writer.WriteEndElement(); // sheetData
        if (_merged.Count > 0)
        {
            _writer.WriteStartElement(new MergeCells());
            foreach (var range in _merged) _writer.WriteElement(new MergeCell { Reference = range });
            _writer.WriteEndElement();
        }
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _document.Dispose();
    }

    private static Stylesheet Styles()
    {
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(Plain(11), BoldFont(11), BoldFont(14)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(
                new CellFormat { FontId = 0 },
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { FontId = 2, ApplyFont = true },
                new CellFormat { FontId = 0, NumberFormatId = 164, ApplyNumberFormat = true })
            { Count = 4 });

        static Font Plain(double size) => new(new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
        static Font BoldFont(double size) => new(new Bold(), new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
    }
}
