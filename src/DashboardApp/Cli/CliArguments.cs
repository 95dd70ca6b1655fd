namespace DashboardApp.Cli;

/// <summary>Options of a verb: "--name value", flags, and positional arguments (files).</summary>
internal sealed class CliArguments
{
    private static readonly HashSet<string> Flags = ["--demo", "--dry-run", "--full", "--children"];
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public CliArguments(IEnumerable<string> args)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current == "-o" ? "--out" : e.Current;
            if (Flags.Contains(a)) _flags.Add(a);
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (!e.MoveNext()) throw new UsageException($"选项 {a} 缺少取值");
                _options[a] = e.Current;
            }
            else Positional.Add(a);
        }
    }

    public bool Has(string flag) => _flags.Contains(flag);
    public string? Get(string option) => _options.GetValueOrDefault(option);
    public string Require(string option) => Get(option) ?? throw new UsageException($"缺少必需的选项 {option}");

    public void AllowOnly(params string[] options)
    {
        var unknown = _options.Keys.Concat(_flags).Where(k => k is not ("--db" or "--postgres") && !options.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"不认识的选项：{string.Join(" ", unknown)}");
    }
}

/// <summary>Wrong use of the command line: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
