using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// A value read for an indicator: from a cell of a sheet, or from a field of the 在线填报 form (<paramref name="Field"/>, its
/// indicator's name, then stands where a cell address would); with the 备注 written beside it, if any.
/// </summary>
internal sealed record FoundValue(Indicator Indicator, CellRef Cell, CellReading Reading, string? Field = null, string? Note = null)
{
    /// <summary>Where the value was written, as a reporter is told: "F7", or the form field's name.</summary>
    public string Where => Field ?? Cell.ToString();
}

/// <summary>Where a period was written: the cell and what it held (Blank when none was found).</summary>
internal sealed record PeriodSource(string Cell, RawCell Raw);

/// <summary>One unit's figures as found in a sheet, before the unit and period are resolved against the database.</summary>
internal sealed record FoundUnitFigures(
    string Sheet, string? UnitCode, string? UnitName, string UnitCell, PeriodSource Period, IReadOnlyList<FoundValue> Values);

/// <summary>What a layout reader found in one sheet.</summary>
internal sealed record SheetReading(string Layout, IReadOnlyList<FoundUnitFigures> Units, IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings);
