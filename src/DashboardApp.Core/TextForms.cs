using System.Text;

namespace DashboardApp.Core;

/// <summary>The one way typed text is compared: full-width folded to half-width (NFKC), whitespace removed.</summary>
public static class TextForms
{
    /// <summary>"１２ 次" → "12次"; characters in <paramref name="drop"/> are removed too.</summary>
    public static string Compact(string text, string drop = "")
    {
        var s = AlreadyFolded(text) ? text : text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c) && drop.IndexOf(c) < 0) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>
    /// Whether NFKC leaves the text as it is because every character is ASCII or a CJK unified ideograph (basic block and extension A),
    /// none of which has a compatibility form: the names and codes of a 10 MB workbook's 140,000 rows, which ICU took 2 s to confirm.
    /// </summary>
    internal static bool AlreadyFolded(string text)
    {
        foreach (var c in text)
            if (c >= 0x80 && c is not (>= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF')) return false;
        return true;
    }

    /// <summary>A header or label as written, without decorations: "★发展党员 数" → "发展党员数".</summary>
    public static string Label(string text) => Compact(text, "*★");
}
