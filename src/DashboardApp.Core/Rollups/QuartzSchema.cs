namespace DashboardApp.Core.Rollups;

/// <summary>
/// The tables of Quartz's persistent job store, as the Quartz assembly itself describes them: its
/// embedded create script for the provider, with the table prefix filled in. Run by a migration,
/// so the schema comes and goes with the application's own. Each statement only creates what is
/// missing.
/// </summary>
public static class QuartzSchema
{
    public const string TablePrefix = "QRTZ_";

    public static IEnumerable<string> CreateStatements(string provider)
    {
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{provider}.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz has no schema script {resource}");
        var script = new StreamReader(stream).ReadToEnd().Replace("{0}", TablePrefix).Replace("{1}", TablePrefix);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.TrimEntries))
        {
            var sql = string.Join('\n', statement.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
            if (sql.Length > 0) yield return sql;
        }
    }
}
