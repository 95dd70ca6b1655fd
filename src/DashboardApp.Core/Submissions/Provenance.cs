namespace DashboardApp.Core.Submissions;

/// <summary>
/// Where a submission's values were written, when not in an uploaded workbook: the 在线填报 form, or an officer's 更正 of one
/// value. Such a submission's "sheet" is one of these names and each value's "cell" is the form field, the indicator's name.
/// </summary>
public static class Provenance
{
    public const string Form = "在线填报";
    public const string Correction = "更正";
    /// <summary>A unit's month sent to the REST API (<c>POST /api/v1/submissions</c>).</summary>
    public const string Api = "接口报送";

    /// <summary>The longest "cell" kept: an indicator's name for a form field.</summary>
    public const int MaxWhere = 200;

    public static bool IsForm(string sheet) => sheet is Form or Correction or Api;
}

/// <summary>One box of the 在线填报 form: the indicator's code, the text typed (blank: not reported) and its 备注.</summary>
public sealed record EntryField(string Indicator, string? Text, string? Note = null);

/// <summary>
/// A unit's month as entered on the 在线填报 form or sent to the API (<see cref="Provenance.Api"/>, with the token it came
/// with in <paramref name="Via"/>), or one value of it as an officer's 更正 (<see cref="Provenance.Correction"/>, with the
/// <paramref name="Reason"/>).
/// </summary>
public sealed record FormEntry(string UnitCode, string Period, IReadOnlyList<EntryField> Fields, string Sheet = Provenance.Form,
    string? Reason = null, string? Via = null);
