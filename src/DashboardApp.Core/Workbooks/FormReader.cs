using DashboardApp.Core.Submissions;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Turns an entry of the 在线填报 form (or an officer's 更正) into what a layout reader finds in a sheet — the unit, the month
/// and one reading per field, each field's text read by the same <see cref="CellValueParser"/> as a cell — and hands it to
/// the same <see cref="SubmissionChecks"/> as a workbook. A field stands where a cell would: its indicator's name.
/// </summary>
public static class FormReader
{
    public const string UnitField = "填报单位";
    public const string PeriodField = "统计期";

    public static ParsedWorkbook Read(FormEntry entry, ImportContext context, CancellationToken ct = default)
    {
        var errors = new ProblemLog();
        var warnings = new ProblemLog();
        var sheet = entry.Sheet;
        var values = new List<FoundValue>();
        var seen = new HashSet<Indicators.Indicator>();
        foreach (var field in entry.Fields)
        {
            var code = field.Indicator?.Trim() ?? "";
            if (context.Catalogue.ByCode(code) is not { } indicator)
            {
                errors.Add(new ImportProblem(sheet, XlCells.Shown(code), "UNKNOWN_INDICATOR", $"无法识别的指标代码“{XlCells.Shown(code)}”"));
                continue;
            }
            if (!seen.Add(indicator))
            {
                errors.Add(new ImportProblem(sheet, indicator.Name, "DUPLICATE_INDICATOR", $"指标“{indicator.Name}”填写了两次"));
                continue;
            }
            RawCell raw = string.IsNullOrWhiteSpace(field.Text) ? new RawCell.Blank() : new RawCell.Text(field.Text);
            var reading = CellValueParser.Parse(raw, indicator);
            var note = ValueNotes.Read(field.Note);
            if (ValueNotes.TooLong(note, indicator.Name) is { } longNote) errors.Add(new ImportProblem(sheet, indicator.Name, "NOTE_TOO_LONG", longNote));
            if (note is not null && reading.Outcome == CellOutcome.NotReported)
                warnings.Add(new ImportProblem(sheet, indicator.Name, "NOTE_WITHOUT_VALUE",
                    "未填写数值（视为未报送），备注只随本次填报的原始记录保存"));
            values.Add(new FoundValue(indicator, default, reading, new ValueOrigin(indicator.Name, note)));
        }
        var unit = new FoundUnitFigures(sheet, entry.UnitCode.Trim(), null, UnitField,
            new PeriodSource(PeriodField, new RawCell.Text(entry.Period)), values);
        return SubmissionChecks.Check([unit], errors, warnings, context, ct);
    }
}
