using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Where a value came from when it was not a bare cell: the 在线填报 form's field (its indicator's name, standing where a cell
/// address would), and the 备注 written beside it. One reference for both, null for the usual cell without a note: a large
/// 汇总表 holds millions of values.
/// </summary>
public sealed record ValueOrigin(string? Field, string? Note)
{
    public static ValueOrigin? Of(string? field, string? note) => field is null && note is null ? null : new(field, note);
}

/// <summary>A value read for an indicator, from a cell of a sheet or a field of the 在线填报 form (<paramref name="Origin"/>).</summary>
internal sealed record FoundValue(Indicator Indicator, CellRef Cell, CellReading Reading, ValueOrigin? Origin = null)
{
    /// <summary>Where the value was written, as a reporter is told: "F7", or the form field's name.</summary>
    public string Where => Origin?.Field ?? Cell.ToString();
}

/// <summary>Where a period was written: the cell and what it held (Blank when none was found).</summary>
internal sealed record PeriodSource(string Cell, RawCell Raw);

/// <summary>One unit's figures as found in a sheet, before the unit and period are resolved against the database.</summary>
internal sealed record FoundUnitFigures(
    string Sheet, string? UnitCode, string? UnitName, string UnitCell, PeriodSource Period, IReadOnlyList<FoundValue> Values);

/// <summary>What a layout reader found in one sheet.</summary>
internal sealed record SheetReading(string Layout, IReadOnlyList<FoundUnitFigures> Units, IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings);
