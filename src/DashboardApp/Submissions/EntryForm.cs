using System.Globalization;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Submissions;

/// <summary>
/// The 在线填报 form's state and its box-by-box reading, apart from the page: the text and 备注 of each box, what the last check said,
/// and for each box what is wrong (<see cref="ProblemOf"/>) or worth a second look (<see cref="CheckOf"/>) — read as a workbook cell
/// would be before anything is sent, then as the checks answered.
/// </summary>
public sealed class EntryForm
{
    public EntryForm(EntrySheet sheet)
    {
        Sheet = sheet;
        Texts = sheet.Rows.ToDictionary(r => r.Indicator.Code, r => r.Current is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "");
        Notes = sheet.Rows.ToDictionary(r => r.Indicator.Code, r => r.CurrentNote ?? "");
    }

    /// <summary>The unit's month as last read; read again after a submission, the boxes kept as typed.</summary>
    public EntrySheet Sheet { get; set; }

    /// <summary>The text of each box by indicator code: the value already reported, else blank (not reported).</summary>
    public Dictionary<string, string> Texts { get; }

    public Dictionary<string, string> Notes { get; }

    /// <summary>What the last check or submission answered; its problems show by their boxes.</summary>
    public ImportReport? Report { get; set; }

    /// <summary>Takes a saved draft's boxes, leaving out indicators the form no longer has.</summary>
    public void Restore(IReadOnlyDictionary<string, string> texts, IReadOnlyDictionary<string, string> notes)
    {
        foreach (var (code, text) in texts) if (Texts.ContainsKey(code)) Texts[code] = text;
        foreach (var (code, note) in notes) if (Notes.ContainsKey(code)) Notes[code] = note;
    }

    /// <summary>The month as entered, for the write boundary.</summary>
    public FormEntry Entry() => new(Sheet.Unit.Code, Sheet.Month.ToString(),
        Sheet.Rows.Select(r => new EntryField(r.Indicator.Code, Texts[r.Indicator.Code], Notes[r.Indicator.Code])).ToList());

    /// <summary>The value as typed, read by the rules of a workbook cell.</summary>
    public CellReading Reading(EntryRow row) =>
        CellValueParser.Parse(string.IsNullOrWhiteSpace(Texts[row.Indicator.Code]) ? new RawCell.Blank() : new RawCell.Text(Texts[row.Indicator.Code]),
            row.Indicator);

    /// <summary>Why the box's value is refused: as the checks said it, else as reading it says now; null when nothing is wrong.</summary>
    public string? ProblemOf(EntryRow row)
    {
        if (Report?.Errors.FirstOrDefault(e => e.IsAboutField(row.Indicator.Name)) is { } reported) return reported.Message;
        var reading = Reading(row);
        return reading.Outcome == CellOutcome.Error ? reading.Message : null;
    }

    /// <summary>What to look at again: how the text was read ("按 30 计入"), a check's warning, or how far the value is from last year.</summary>
    public string? CheckOf(EntryRow row)
    {
        var reading = Reading(row);
        if (reading.HasWarning) return reading.Message;
        if (Report?.Warnings.FirstOrDefault(w => w.IsAboutField(row.Indicator.Name)) is { } warned) return warned.Message;
        return reading.Value is { } v && FarText(row, v) is { } far ? $"{far}，请核对" : null;
    }

    /// <summary>What an accepted check asks the reporter to confirm before storing: its warnings, and each value far from last year's.</summary>
    public List<string> Confirmations(ImportReport accepted)
    {
        var confirm = accepted.Warnings.Select(w => w.OnField()).ToList();
        foreach (var row in Sheet.Rows)
            if (Reading(row).Value is { } v && FarText(row, v) is { } far)
                confirm.Add($"“{row.Indicator.Name}”{far}");
        return confirm;
    }

    /// <summary>"本月 5,000小时，是去年同月（167.1）的 29.9 倍" for a value far from last year's.</summary>
    private static string? FarText(EntryRow row, decimal value) =>
        EntryQueries.FarFromLastYear(value, row.LastYear) is { } far ? $"本月 {Format.Number(value)}{row.Indicator.Unit}，{far}" : null;
}
