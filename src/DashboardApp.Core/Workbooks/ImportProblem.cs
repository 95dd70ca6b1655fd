namespace DashboardApp.Core.Workbooks;

/// <summary>A problem found in an uploaded file: where (sheet and cell, empty for whole-file problems), a stable code, and a Chinese
/// message.</summary>
public sealed record ImportProblem(string Sheet, string Cell, string Code, string Message)
{
    public static ImportProblem File(string code, string message) => new("", "", code, message);

    /// <summary>A form's problem with its field named once: "“集中学习研讨次数”：无法识别为数字", or the message alone when it names the field
    /// already.</summary>
    public string OnField() => Cell.Length == 0 || Message.Contains($"“{Cell}”", StringComparison.Ordinal) ? Message : $"“{Cell}”：{Message}";

    /// <summary>
    /// Whether this problem is about the form field of the indicator named <paramref name="indicatorName"/>: a form's problem names its
    /// fields in <see cref="Cell"/>, joined with "、" when it concerns several (a rule relating two values). False for a workbook's.
    /// </summary>
    public bool IsAboutField(string indicatorName) =>
        Submissions.Provenance.IsForm(Sheet) && Cell.Split('、').Contains(indicatorName, StringComparer.Ordinal);

    /// <summary>"工作表“月报表”F7：…" — how the problem reads to the uploader.</summary>
    public string Describe() => (Sheet, Cell) switch
    {
        ("", "") => Message,
        _ when Submissions.Provenance.IsForm(Sheet) && Cell.Length > 0 => $"{Sheet}“{Cell}”：{Message}",
        (_, "") => $"工作表“{Sheet}”：{Message}",
        _ => $"工作表“{Sheet}”{Cell}：{Message}",
    };
}
