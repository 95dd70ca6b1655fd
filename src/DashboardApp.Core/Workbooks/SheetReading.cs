using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>A cell read for an indicator.</summary>
internal sealed record FoundValue(Indicator Indicator, CellRef Cell, CellReading Reading);

/// <summary>Where a period was written: the cell and what it held (Blank when none was found).</summary>
internal sealed record PeriodSource(string Cell, RawCell Raw);

/// <summary>One unit's figures as found in a sheet, before the unit and period are resolved against the database.</summary>
internal sealed record FoundUnitFigures(
    string Sheet, string? UnitCode, string? UnitName, string UnitCell, PeriodSource Period, IReadOnlyList<FoundValue> Values);

/// <summary>What a layout reader found in one sheet.</summary>
internal sealed record SheetReading(string Layout, IReadOnlyList<FoundUnitFigures> Units, IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings);
