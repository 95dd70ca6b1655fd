using System.Globalization;

namespace DashboardApp.Core.Workbooks;

/// <summary>Cell contents as text, for labels and identifiers.</summary>
internal static class XlCells
{
    /// <summary>The cell's content as text, numbers in invariant form.</summary>
    public static string Text(RawCell cell) => cell switch
    {
        RawCell.Text t => t.Value,
        RawCell.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
        RawCell.Percent p => (p.Value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%",
        RawCell.Date d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        RawCell.Boolean b => b.Value ? "TRUE" : "FALSE",
        _ => "",
    };

    /// <summary>Label form: no spaces, full-width folded, trailing colon removed ("单位代码：" → "单位代码").</summary>
    public static string Label(string text) => TextForms.Label(text).TrimEnd(':');

    /// <summary>Text from a cell as a message quotes it: trimmed, and cut after 40 characters, so that no message carries a whole essay.</summary>
    public static string Shown(string text)
    {
        text = text.Trim();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }
}
