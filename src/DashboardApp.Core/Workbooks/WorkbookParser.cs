using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Workbooks;

/// <summary>What the parser needs to know beyond the file: catalogue, tree, the uploader's scope, today, locks.</summary>
public sealed record ImportContext(
    IndicatorCatalogue Catalogue,
    OrganisationTree Tree,
    int? ScopeOrgId,
    DateOnly Today,
    IReadOnlySet<Period> LockedPeriods,
    int ReportFromDaysBeforeEnd = 0)
{
    /// <summary>The 校验规则 every unit-month is checked against.</summary>
    public Rules.RuleSet Rules { get; init; } = Core.Rules.RuleSet.Empty;
}

/// <summary>An accepted value: from the cell <paramref name="At"/> of a sheet, or from a field of the 在线填报 form (<paramref name="Origin"/>).</summary>
public sealed record ParsedValue(Indicator Indicator, decimal Value, CellRef At, ValueOrigin? Origin = null)
{
    /// <summary>Where it was written: the cell address, e.g. F6, or the form field's name.</summary>
    public string Cell => Origin?.Field ?? At.ToString();

    /// <summary>The form field's name; null for a cell.</summary>
    public string? Field => Origin?.Field;

    /// <summary>备注 written beside the value.</summary>
    public string? Note => Origin?.Note;
}

/// <summary>One (unit, period) found in a file, with the cells it came from.</summary>
public sealed record ParsedSubmission(Organisation Unit, Period Period, string Sheet, IReadOnlyList<ParsedValue> Values);

public sealed record ParsedWorkbook(
    IReadOnlyList<ParsedSubmission> Submissions,
    IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings)
{
    public bool Accepted => Errors.Count == 0;
}

/// <summary>
/// Reads an uploaded workbook by its content (docs/product.md, “Workbooks”) and checks every unit, period and
/// value in it. Touches no database: the caller stores the result only if there are no errors.
/// </summary>
public static class WorkbookParser
{
    private static readonly HashSet<string> IgnoredSheetNames = ["说明", "填报说明", "填表说明"];

    /// <param name="ct">Cancelled when the file has taken too long (<see cref="ReadGate"/>): reading stops at the next row.</param>
    public static ParsedWorkbook Parse(byte[] content, string fileName, ImportContext context, CancellationToken ct = default)
    {
        if (WorkbookGuard.Check(content, fileName) is { } refusal)
            return new ParsedWorkbook([], [refusal], []);

        try
        {
            using var reader = XlsxReader.Open(content);
            return ParseSheets(reader, context, ct);
        }
        catch (WorkbookLimitException limit)
        {
            return new ParsedWorkbook([], [limit.Problem], []);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // A damaged package or part fails when it is read: the file is refused, never an error page.
            return new ParsedWorkbook([], [XlsxReader.Unreadable()], []);
        }
    }

    private static ParsedWorkbook ParseSheets(XlsxReader reader, ImportContext context, CancellationToken ct)
    {
        var errors = new ProblemLog();
        var warnings = new ProblemLog();
        var found = new List<FoundUnitFigures>();
        foreach (var sheet in reader.Sheets)
        {
            if (!sheet.Visible || IgnoredSheetNames.Contains(XlCells.Label(sheet.Name))) continue;
            var grid = new SheetGrid(sheet.Name, reader.Cells(sheet, ct));
            if (grid.IsEmpty) continue;
            var reading = UnitReportReader.TryRead(grid, context.Catalogue) ?? SummaryTableReader.TryRead(grid, context.Catalogue);
            if (reading is null) continue;
            errors.AddRange(reading.Errors);
            warnings.AddRange(reading.Warnings);
            found.AddRange(reading.Units);
        }
        if (found.Count == 0 && errors.Count == 0)
        {
            errors.Add(ImportProblem.File("NO_TABLE",
                "未找到可识别的数据表：单位月报表需要“单位代码/单位名称”“统计期”和含“指标名称”“本期数值”的表头；汇总表需要含“单位代码”或“单位名称”及指标名称的表头"));
            return new ParsedWorkbook([], errors.ToList(), warnings.ToList());
        }

        return SubmissionChecks.Check(found, errors, warnings, context, ct);
    }
}
