namespace DashboardApp.Core;

/// <summary>
/// Free text typed or pasted by people (退回 reasons, notes, contacts, rule names and messages): control characters and the
/// invisible direction marks that reorder what a reader sees (U+202E turns "fdp.exe" into "exe.pdf") are taken out where the text
/// comes in, so nothing stored, shown, exported or logged carries them.
/// </summary>
public static class FreeText
{
    /// <summary>
    /// The text without control and bidirectional-formatting characters, trimmed; with <paramref name="lines"/> its line breaks are
    /// kept (as "\n"), otherwise each becomes a space. Tabs become spaces. Null stays null.
    /// </summary>
    public static string? Clean(string? text, bool lines = false)
    {
        if (text is null) return null;
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                kept.Append(lines ? '\n' : ' ');
            }
            else if (c == '\t') kept.Append(' ');
            else if (!char.IsControl(c) && !IsDirectionMark(c)) kept.Append(c);
        }
        return kept.ToString().Trim();
    }

    /// <summary>The characters that change the order text is shown in: embeddings, overrides, isolates and the plain marks.</summary>
    private static bool IsDirectionMark(char c) => c is '\u200E' or '\u200F' or '\u061C' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
