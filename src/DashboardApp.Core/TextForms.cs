using System.Text;

namespace DashboardApp.Core;

/// <summary>The one way typed text is compared: full-width folded to half-width (NFKC), whitespace removed.</summary>
public static class TextForms
{
    /// <summary>"１２ 次" → "12次"; characters in <paramref name="drop"/> are removed too.</summary>
    public static string Compact(string text, string drop = "")
    {
        var s = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c) && drop.IndexOf(c) < 0) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>A header or label as written, without decorations: "★发展党员 数" → "发展党员数".</summary>
    public static string Label(string text) => Compact(text, "*★");
}
