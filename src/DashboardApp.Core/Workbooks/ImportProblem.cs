namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Where a problem is, as a type: the whole entry, a sheet, a workbook cell (sheet and A1 address), or form fields named by their indicators
/// (在线填报, 更正, the API). Read from <see cref="ImportProblem.Sheet"/> and <see cref="ImportProblem.Cell"/>, which keep the JSON contract's
/// two strings (docs/product.md, “Command line”).
/// </summary>
public abstract record ProblemPlace
{
    private ProblemPlace() { }

    /// <summary>The file or entry as a whole.</summary>
    public sealed record Whole : ProblemPlace;

    /// <summary>A sheet as a whole (a column missing, a layout not recognised).</summary>
    public sealed record OfSheet(string Name) : ProblemPlace;

    /// <summary>A cell of a workbook.</summary>
    public sealed record AtCell(string SheetName, string Address) : ProblemPlace;

    /// <summary>Fields of a form entry (<paramref name="Entry"/>: 在线填报, 更正 or 接口报送), by indicator name: several for a rule relating values.</summary>
    public sealed record Fields(string Entry, IReadOnlyList<string> Indicators) : ProblemPlace;

    /// <summary>The place the two strings describe.</summary>
    public static ProblemPlace Of(string sheet, string cell) => (sheet, cell) switch
    {
        ("", "") => new Whole(),
        _ when Submissions.Provenance.IsForm(sheet) && cell.Length > 0 => new Fields(sheet, cell.Split('、')),
        (_, "") => new OfSheet(sheet),
        _ => new AtCell(sheet, cell),
    };
}

/// <summary>A problem found in an uploaded file: where (sheet and cell, empty for whole-file problems), a stable code, and a Chinese
/// message.</summary>
public sealed record ImportProblem(string Sheet, string Cell, string Code, string Message)
{
    public static ImportProblem File(string code, string message) => new("", "", code, message);

    /// <summary>Where the problem is (<see cref="ProblemPlace"/>), from <see cref="Sheet"/> and <see cref="Cell"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ProblemPlace Place => ProblemPlace.Of(Sheet, Cell);

    /// <summary>A form's problem with its field named once: "“集中学习研讨次数”：无法识别为数字", or the message alone when it names the field
    /// already.</summary>
    public string OnField() => Cell.Length == 0 || Message.Contains($"“{Cell}”", StringComparison.Ordinal) ? Message : $"“{Cell}”：{Message}";

    /// <summary>
    /// Whether this problem is about the form field of the indicator named <paramref name="indicatorName"/>: a form's problem names its
    /// fields in <see cref="Cell"/>, joined with "、" when it concerns several (a rule relating two values). False for a workbook's.
    /// </summary>
    public bool IsAboutField(string indicatorName) => Place is ProblemPlace.Fields f && f.Indicators.Contains(indicatorName, StringComparer.Ordinal);

    /// <summary>"工作表“月报表”F7：…" — how the problem reads to the uploader.</summary>
    public string Describe() => Place switch
    {
        ProblemPlace.Fields f => $"{f.Entry}“{string.Join("、", f.Indicators)}”：{Message}",
        ProblemPlace.OfSheet s => $"工作表“{s.Name}”：{Message}",
        ProblemPlace.AtCell c => $"工作表“{c.SheetName}”{c.Address}：{Message}",
        _ => Message,
    };
}
