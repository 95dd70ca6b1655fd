namespace DashboardApp.Core.Workbooks;

/// <summary>备注: what a reporter wrote beside a value — in the template's 备注 column or the form's box — kept with the value.</summary>
public static class ValueNotes
{
    /// <summary>The longest note kept with a value; the original file keeps everything.</summary>
    public const int MaxLength = 500;

    /// <summary>The note as stored: without control and direction characters (line breaks kept), trimmed, null when blank. A longer
    /// one than <see cref="MaxLength"/> is refused where it is read (<see cref="TooLong"/>), never cut.</summary>
    public static string? Read(string? text) => FreeText.Clean(text, lines: true) is { Length: > 0 } t ? t : null;

    /// <summary>Why a note cannot be kept, naming the indicator, or null when it can.</summary>
    public static string? TooLong(string? note, string indicator) => note is { Length: > MaxLength }
        ? $"“{indicator}”的备注有 {note.Length} 个字，超过 {MaxLength} 个字的上限，请精简后再提交"
        : null;
}
