using ClosedXML.Excel;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// The non-blank cells of one worksheet, indexed by position. Only the top-left cell of a merged
/// range holds a value, so merged ranges need no special handling when scanning for content.
/// </summary>
internal sealed class SheetGrid
{
    private readonly Dictionary<int, List<(int Col, RawCell Value)>> _rows = [];
    private readonly List<int> _rowNumbers = [];

    public SheetGrid(string name, IEnumerable<(int Row, int Col, RawCell Value)> cells)
    {
        Name = name;
        var ordered = true;
        foreach (var (r, c, value) in cells)
        {
            if (!_rows.TryGetValue(r, out var row))
            {
                _rows[r] = row = [];
                if (_rowNumbers.Count > 0 && r < _rowNumbers[^1]) ordered = false;
                _rowNumbers.Add(r);
            }
            if (row.Count > 0 && c <= row[^1].Col) ordered = false;
            row.Add((c, value));
        }
        // Files normally list rows and cells in order; the rare one that does not is sorted once (a repeated cell: the last wins).
        if (!ordered)
        {
            _rowNumbers.Sort();
            foreach (var (r, row) in _rows.ToList())
                _rows[r] = row.GroupBy(x => x.Col).Select(g => g.Last()).OrderBy(x => x.Col).ToList();
        }
    }

    public string Name { get; }
    public bool IsEmpty => _rowNumbers.Count == 0;

    public IEnumerable<int> RowNumbers => _rowNumbers;

    public IEnumerable<(int Col, RawCell Value)> Row(int row) => _rows.TryGetValue(row, out var cells) ? cells : [];

    public RawCell Raw(int row, int col)
    {
        if (!_rows.TryGetValue(row, out var cells)) return new RawCell.Blank();
        int lo = 0, hi = cells.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (cells[mid].Col == col) return cells[mid].Value;
            if (cells[mid].Col < col) lo = mid + 1;
            else hi = mid - 1;
        }
        return new RawCell.Blank();
    }

    public string Text(int row, int col) => XlCells.Text(Raw(row, col)).Trim();

    public string Label(int row, int col) => XlCells.Label(Text(row, col));

    /// <summary>The value of a label cell: the first non-empty cell to its right in the same row, within a
    /// few columns, unless that cell is another label (then the value was left blank).</summary>
    public (int Col, RawCell Value)? NextRight(int row, int col, int within = 12)
    {
        var next = Row(row).Where(x => x.Col > col && x.Col <= col + within && XlCells.Text(x.Value).Trim().Length > 0)
            .Select(x => ((int Col, RawCell Value)?)x).FirstOrDefault();
        return next is { } n && Labels.LooksLikeLabel(XlCells.Text(n.Value)) ? null : next;
    }

    public static string Address(int row, int col) => XLHelper.GetColumnLetterFromNumber(col) + row;
}

/// <summary>A cell's position; its address ("F6") is made only when shown or stored, not for each of millions of values.</summary>
public readonly record struct CellRef(int Row, int Col)
{
    public override string ToString() => SheetGrid.Address(Row, Col);

    /// <summary>"AB12" → (12, 28); a reference without a row number gives row 0; null when it is no cell reference.</summary>
    public static CellRef? Parse(string reference)
    {
        int col = 0, i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
            col = col * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        if (col == 0 || col > 16384) return null;
        var row = 0;
        for (; i < reference.Length && char.IsAsciiDigit(reference[i]); i++)
            row = row * 10 + (reference[i] - '0');
        return new CellRef(row, col);
    }
}
