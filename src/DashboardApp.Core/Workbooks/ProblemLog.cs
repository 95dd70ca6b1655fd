namespace DashboardApp.Core.Workbooks;

/// <summary>
/// The problems of one file as they are found, bounded: the first <see cref="PerKind"/> of each code in
/// each sheet and at most <see cref="MaxKept"/> in all are kept, the rest only counted. What a person can
/// act on is the first few of each kind; a file with half a million wrong cells is still refused, and its
/// list says how many more of each kind there were, instead of holding them all in memory.
/// </summary>
internal sealed class ProblemLog
{
    public const int PerKind = 100;
    public const int MaxKept = 2_000;

    private readonly List<ImportProblem> _kept = [];
    private readonly Dictionary<(string Sheet, string Code), int> _found = [];

    /// <summary>Problems found, kept or not.</summary>
    public int Count { get; private set; }

    public void Add(ImportProblem problem)
    {
        Count++;
        var key = (problem.Sheet, problem.Code);
        var n = _found[key] = _found.GetValueOrDefault(key) + 1;
        if (n <= PerKind && _kept.Count < MaxKept) _kept.Add(problem);
    }

    public void AddRange(IEnumerable<ImportProblem> problems)
    {
        foreach (var p in problems) Add(p);
    }

    /// <summary>The kept problems in the order found, then one line per kind saying how many more there were.</summary>
    public List<ImportProblem> ToList()
    {
        var list = new List<ImportProblem>(_kept);
        var kept = _kept.CountBy(p => (p.Sheet, p.Code)).ToDictionary(x => x.Key, x => x.Value);
        foreach (var ((sheet, code), found) in _found)
        {
            var omitted = found - kept.GetValueOrDefault((sheet, code));
            if (omitted > 0)
                list.Add(new ImportProblem(sheet, "", "MORE_PROBLEMS",
                    $"另有 {omitted} 处同类问题（{code}）未逐一列出；同类问题共 {found} 处，请按上面所列改正后重新上传检查"));
        }
        return list;
    }
}
