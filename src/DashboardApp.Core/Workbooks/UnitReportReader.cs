using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// 单位月报表: 单位代码 / 单位名称 / 统计期 label cells anywhere above a table whose header row holds
/// 指标名称 (or 指标代码) and a value column such as 本期数值; one row per indicator.
/// </summary>
internal static class UnitReportReader
{
    public const string Layout = "单位月报表";

    public static SheetReading? TryRead(SheetGrid grid, IndicatorCatalogue catalogue)
    {
        var header = FindHeader(grid);
        if (header is null) return null;
        var (headerRow, nameCol, codeCol, valueCol, noteCol) = header.Value;

        string? unitCode = null, unitName = null, unitCell = null;
        PeriodSource? period = null;
        foreach (var row in grid.RowNumbers.TakeWhile(r => r < headerRow))
        {
            foreach (var (col, value) in grid.Row(row))
            {
                var text = XlCells.Text(value).Trim();
                (Labels.Field Field, string? Value, string Cell, RawCell? Raw)? found = null;
                if (Labels.Of(XlCells.Label(text)) is { } field)
                {
                    var next = grid.NextRight(row, col);
                    found = next is { } n
                        ? (field, XlCells.Text(n.Value).Trim(), SheetGrid.Address(row, n.Col), n.Value)
                        : (field, null, SheetGrid.Address(row, col), null);
                }
                else if (Labels.Inline(text) is { } inline)
                {
                    found = (inline.Field, inline.Value, SheetGrid.Address(row, col), new RawCell.Text(inline.Value));
                }
                if (found is not { } f) continue;
                switch (f.Field)
                {
                    case Labels.Field.UnitCode when unitCode is null && f.Value is { Length: > 0 }:
                        unitCode = f.Value; unitCell = f.Cell; break;
                    case Labels.Field.UnitName when unitName is null && f.Value is { Length: > 0 }:
                        unitName = f.Value; unitCell ??= f.Cell; break;
                    case Labels.Field.Period when period is null:
                        period = new PeriodSource(f.Cell, f.Raw ?? new RawCell.Blank()); break;
                }
            }
        }

        var errors = new List<ImportProblem>();
        var warnings = new List<ImportProblem>();
        if (unitCode is null && unitName is null)
        {
            errors.Add(new ImportProblem(grid.Name, "", "MISSING_UNIT", "未找到“单位代码”或“单位名称”，请在表头填写报送单位"));
            unitCell = "";
        }

        var values = new List<FoundValue>();
        var seen = new Dictionary<Indicator, FoundValue>();
        foreach (var row in grid.RowNumbers.Where(r => r > headerRow))
        {
            var code = codeCol is { } cc ? grid.Text(row, cc) : "";
            var name = nameCol is { } nc ? grid.Text(row, nc) : "";
            if (code.Length == 0 && name.Length == 0) continue;
            if (Labels.FooterPrefixes.Any(p => XlCells.Label(name).StartsWith(p, StringComparison.Ordinal))) break;
            var indicator = (code.Length > 0 ? catalogue.ByCode(code) : null) ?? catalogue.Find(name) ?? catalogue.Find(code);
            var raw = grid.Raw(row, valueCol);
            var cell = new CellRef(row, valueCol);
            if (indicator is null)
            {
                // Category rows (一、学习教育) and notes carry no value; an unknown indicator with a value is an error.
                if (raw is not RawCell.Blank)
                    errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, nameCol ?? codeCol ?? valueCol), "UNKNOWN_INDICATOR",
                        $"无法识别的指标“{XlCells.Shown(name.Length > 0 ? name : code)}”，请使用模板中的指标名称或代码"));
                continue;
            }
            var reading = CellValueParser.Parse(raw, indicator);
            var note = noteCol is { } n ? ValueNotes.Read(grid.Text(row, n)) : null;
            if (ValueNotes.TooLong(note, indicator.Name) is { } longNote)
                errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, noteCol!.Value), "NOTE_TOO_LONG", longNote));
            var found = new FoundValue(indicator, cell, reading, noteCol is not null ? ValueOrigin.Of(null, note) : null);
            if (seen.TryGetValue(indicator, out var earlier))
            {
                if (earlier.Reading.Value != reading.Value)
                    errors.Add(new ImportProblem(grid.Name, cell.ToString(), "DUPLICATE_INDICATOR",
                        $"指标“{indicator.Name}”在 {earlier.Cell} 和 {cell} 重复出现且数值不同"));
                continue;
            }
            seen[indicator] = found;
            values.Add(found);
        }
        if (values.Count == 0)
            errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(headerRow, valueCol), "NO_INDICATORS", "表格中没有可识别的指标行"));

        var unit = new FoundUnitFigures(grid.Name, unitCode, unitName, unitCell ?? "",
            period ?? new PeriodSource("", new RawCell.Blank()), values);
        return new SheetReading(Layout, [unit], errors, warnings);
    }

    private static (int Row, int? NameCol, int? CodeCol, int ValueCol, int? NoteCol)? FindHeader(SheetGrid grid)
    {
        foreach (var row in grid.RowNumbers)
        {
            int? nameCol = null, codeCol = null, valueCol = null, noteCol = null;
            foreach (var (col, _) in grid.Row(row))
            {
                var label = grid.Label(row, col);
                if (nameCol is null && Labels.IndicatorNameHeaders.Contains(label)) nameCol = col;
                else if (codeCol is null && Labels.IndicatorCodeHeaders.Contains(label)) codeCol = col;
                else if (valueCol is null && Labels.ValueHeaders.Contains(label)) valueCol = col;
                else if (noteCol is null && Labels.NoteHeaders.Contains(label)) noteCol = col;
            }
            if ((nameCol ?? codeCol) is not null && valueCol is { } v)
                return (row, nameCol, codeCol, v, noteCol);
        }
        return null;
    }
}
