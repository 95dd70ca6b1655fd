using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Submissions;

public static class ImportStatus
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Unchanged = "unchanged";
}

/// <summary>One (unit, period) of an import outcome: indicator code → value.</summary>
public sealed record SubmissionSummary(string Org, string Period, IReadOnlyDictionary<string, decimal> Values);

/// <summary>
/// The values of a parsed submission seen as indicator code → value without copying them: an
/// import report of a large 汇总表 would otherwise hold every value twice.
/// </summary>
internal sealed class ParsedValuesView(IReadOnlyList<ParsedValue> values) : IReadOnlyDictionary<string, decimal>
{
    public decimal this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => values.Select(v => v.Indicator.Code);
    public IEnumerable<decimal> Values => values.Select(v => v.Value);
    public int Count => values.Count;
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out decimal value)
    {
        foreach (var v in values)
            if (v.Indicator.Code == key) { value = v.Value; return true; }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator() =>
        values.Select(v => KeyValuePair.Create(v.Indicator.Code, v.Value)).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The outcome of importing one file, shaped as the JSON of docs/product.md, “Command line”.</summary>
public sealed record ImportReport(
    string File,
    string Status,
    IReadOnlyList<SubmissionSummary> Submissions,
    IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings,
    bool DryRun = false)
{
    public static ImportReport Refused(string file, params ImportProblem[] errors) => new(file, ImportStatus.Refused, [], errors, []);
}
