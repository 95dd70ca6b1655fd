using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// 汇总表: a header row with 单位代码 and/or 单位名称 and one column per indicator (by name, code or
/// alias, unit in parentheses allowed, possibly under a row of merged category cells); 统计期 as a
/// label above the table or as a column; one row per unit; a final 合计 row checked, not imported.
/// </summary>
internal static class SummaryTableReader
{
    public const string Layout = "汇总表";

    private sealed record Header(int LastHeaderRow, int? CodeCol, int? NameCol, int? PeriodCol,
        IReadOnlyList<(int Col, Indicator Indicator)> Columns);

    public static SheetReading? TryRead(SheetGrid grid, IndicatorCatalogue catalogue)
    {
        var header = FindHeader(grid, catalogue);
        if (header is null) return null;

        var errors = new List<ImportProblem>();
        var warnings = new List<ImportProblem>();
        // One source for every row without a 统计期 column, so that a problem with it is reported once, not per row.
        var periodAbove = header.PeriodCol is null ? FindPeriodAbove(grid, header.LastHeaderRow) ?? new PeriodSource("", new RawCell.Blank()) : null;

        var units = new List<FoundUnitFigures>();
        int? totalRow = null;
        foreach (var row in grid.RowNumbers.Where(r => r > header.LastHeaderRow))
        {
            var code = header.CodeCol is { } cc ? grid.Text(row, cc) : "";
            var name = header.NameCol is { } nc ? grid.Text(row, nc) : "";
            var firstText = grid.Row(row).Select(x => XlCells.Label(XlCells.Text(x.Value))).FirstOrDefault(t => t.Length > 0) ?? "";
            if (Labels.FooterPrefixes.Any(p => firstText.StartsWith(p, StringComparison.Ordinal))) break;
            if (Labels.TotalRowLabels.Contains(XlCells.Label(code)) || Labels.TotalRowLabels.Contains(XlCells.Label(name))
                || Labels.TotalRowLabels.Contains(firstText))
            {
                totalRow = row;
                break;
            }
            if (code.Length == 0 && name.Length == 0)
            {
                if (header.Columns.Any(c => grid.Raw(row, c.Col) is not RawCell.Blank))
                    errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, header.CodeCol ?? header.NameCol ?? 1), "MISSING_UNIT",
                        "该行填写了数值，但没有单位代码或单位名称"));
                continue;
            }
            var values = header.Columns
                .Select(c => new FoundValue(c.Indicator, new CellRef(row, c.Col), CellValueParser.Parse(grid.Raw(row, c.Col), c.Indicator)))
                .ToList();
            var period = header.PeriodCol is { } pc
                ? new PeriodSource(SheetGrid.Address(row, pc), grid.Raw(row, pc))
                : periodAbove!;
            var unitCell = SheetGrid.Address(row, code.Length > 0 ? header.CodeCol!.Value : header.NameCol!.Value);
            units.Add(new FoundUnitFigures(grid.Name, code.Length > 0 ? code : null, name.Length > 0 ? name : null, unitCell, period, values));
        }
        if (totalRow is { } t) CheckTotals(grid, header, units, t, warnings);
        if (units.Count == 0)
            errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(header.LastHeaderRow + 1, header.CodeCol ?? header.NameCol ?? 1),
                "NO_UNITS", "汇总表中没有单位数据行"));
        return new SheetReading(Layout, units, errors, warnings);
    }

    private static void CheckTotals(SheetGrid grid, Header header, List<FoundUnitFigures> units, int totalRow, List<ImportProblem> warnings)
    {
        foreach (var (col, indicator) in header.Columns)
        {
            var reading = CellValueParser.Parse(grid.Raw(totalRow, col), indicator);
            if (reading.Value is not { } stated) continue;
            var sum = units.SelectMany(u => u.Values).Where(v => v.Indicator == indicator && v.Reading.Value is not null)
                .Sum(v => v.Reading.Value!.Value);
            if (sum != stated)
                warnings.Add(new ImportProblem(grid.Name, SheetGrid.Address(totalRow, col), "TOTAL_MISMATCH",
                    $"合计行“{indicator.Name}”为 {stated}，但上方各单位之和为 {sum}；合计行不导入，请核对"));
        }
    }

    private static Header? FindHeader(SheetGrid grid, IndicatorCatalogue catalogue)
    {
        foreach (var row in grid.RowNumbers)
        {
            int? codeCol = null, nameCol = null, periodCol = null;
            foreach (var (col, _) in grid.Row(row))
            {
                switch (Labels.Of(grid.Label(row, col)))
                {
                    case Labels.Field.UnitCode: codeCol ??= col; break;
                    case Labels.Field.UnitName: nameCol ??= col; break;
                    case Labels.Field.Period: periodCol ??= col; break;
                }
            }
            if (codeCol is null && nameCol is null) continue;
            // A two-row header puts the indicator names in the row below merged category cells.
            var same = IndicatorColumns(grid, catalogue, row);
            var below = IndicatorColumns(grid, catalogue, row + 1);
            var (columns, last) = below.Count > same.Count ? (MergeRows(same, below), row + 1) : (same, row);
            if (columns.Count == 0) continue;
            return new Header(last, codeCol, nameCol, periodCol, columns);
        }
        return null;
    }

    private static List<(int Col, Indicator Indicator)> MergeRows(List<(int Col, Indicator Indicator)> top,
        List<(int Col, Indicator Indicator)> bottom) =>
        top.Where(t => bottom.All(b => b.Col != t.Col && b.Indicator != t.Indicator)).Concat(bottom).OrderBy(c => c.Col).ToList();

    private static List<(int Col, Indicator Indicator)> IndicatorColumns(SheetGrid grid, IndicatorCatalogue catalogue, int row)
    {
        var found = new List<(int, Indicator)>();
        foreach (var (col, value) in grid.Row(row))
            if (catalogue.Find(XlCells.Text(value)) is { } indicator && found.All(f => f.Item2 != indicator))
                found.Add((col, indicator));
        return found;
    }

    private static PeriodSource? FindPeriodAbove(SheetGrid grid, int headerRow)
    {
        foreach (var row in grid.RowNumbers.TakeWhile(r => r < headerRow))
        {
            foreach (var (col, value) in grid.Row(row))
            {
                var text = XlCells.Text(value).Trim();
                if (Labels.Of(XlCells.Label(text)) == Labels.Field.Period)
                {
                    var next = grid.NextRight(row, col);
                    return next is { } n ? new PeriodSource(SheetGrid.Address(row, n.Col), n.Value)
                        : new PeriodSource(SheetGrid.Address(row, col), new RawCell.Blank());
                }
                if (Labels.Inline(text) is { Field: Labels.Field.Period } inline)
                    return new PeriodSource(SheetGrid.Address(row, col), new RawCell.Text(inline.Value));
            }
        }
        return null;
    }
}
