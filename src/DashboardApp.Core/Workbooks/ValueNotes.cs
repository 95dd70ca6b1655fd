namespace DashboardApp.Core.Workbooks;

/// <summary>备注: what a reporter wrote beside a value — in the template's 备注 column or the form's box — kept with the value.</summary>
public static class ValueNotes
{
    /// <summary>The longest note kept with a value; the original file keeps everything.</summary>
    public const int MaxLength = 500;

    /// <summary>The note as stored: trimmed, cut at <see cref="MaxLength"/>, null when blank.</summary>
    public static string? Read(string? text)
    {
        var t = text?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length > MaxLength ? t[..MaxLength] : t;
    }
}
