using ClosedXML.Excel;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// The non-empty cells of one worksheet, indexed by position. Only the top-left cell of a merged
/// range holds a value, so merged ranges need no special handling when scanning for content.
/// </summary>
internal sealed class SheetGrid
{
    private readonly Dictionary<(int Row, int Col), IXLCell> _cells = [];
    private readonly SortedDictionary<int, SortedDictionary<int, IXLCell>> _rows = [];

    public SheetGrid(IXLWorksheet sheet, CancellationToken ct = default)
    {
        Name = sheet.Name;
        foreach (var cell in sheet.CellsUsed(XLCellsUsedOptions.Contents))
        {
            ct.ThrowIfCancellationRequested();
            var (r, c) = (cell.Address.RowNumber, cell.Address.ColumnNumber);
            _cells[(r, c)] = cell;
            if (!_rows.TryGetValue(r, out var row)) _rows[r] = row = [];
            row[c] = cell;
            MaxRow = Math.Max(MaxRow, r);
        }
    }

    public string Name { get; }
    public int MaxRow { get; }
    public bool IsEmpty => _cells.Count == 0;

    public IEnumerable<int> RowNumbers => _rows.Keys;

    public IEnumerable<(int Col, IXLCell Cell)> Row(int row) =>
        _rows.TryGetValue(row, out var cells) ? cells.Select(kv => (kv.Key, kv.Value)) : [];

    public RawCell Raw(int row, int col) => _cells.TryGetValue((row, col), out var c) ? XlCells.Raw(c) : new RawCell.Blank();

    public string Text(int row, int col) => _cells.TryGetValue((row, col), out var c) ? XlCells.Text(c).Trim() : "";

    public string Label(int row, int col) => XlCells.Label(Text(row, col));

    public bool RowIsBlank(int row) => Row(row).All(x => string.IsNullOrWhiteSpace(XlCells.Text(x.Cell)));

    /// <summary>The value of a label cell: the first non-empty cell to its right in the same row, within a
    /// few columns, unless that cell is another label (then the value was left blank).</summary>
    public (int Col, IXLCell Cell)? NextRight(int row, int col, int within = 12)
    {
        var next = Row(row).Where(x => x.Col > col && x.Col <= col + within && XlCells.Text(x.Cell).Trim().Length > 0)
            .Select(x => ((int Col, IXLCell Cell)?)x).FirstOrDefault();
        return next is { } n && Labels.LooksLikeLabel(XlCells.Text(n.Cell)) ? null : next;
    }

    public static string Address(int row, int col) => XLHelper.GetColumnLetterFromNumber(col) + row;
}
