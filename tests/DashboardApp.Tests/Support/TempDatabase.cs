using System.Text.Json;
using DashboardApp.Cli;

namespace DashboardApp.Tests.Support;

/// <summary>A temporary folder with its own SQLite file, driven through the real CLI verbs.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("dashboard-test-").FullName;
        DbPath = Path.Combine(Directory, "test.db");
    }

    public string Directory { get; }
    public string DbPath { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--db", DbPath], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"exit {exit}: {error}{output}");
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>A database with the test tree loaded.</summary>
    public static async Task<TempDatabase> WithTreeAsync()
    {
        var db = new TempDatabase();
        await db.RunJsonAsync("orgs", "import", db.Write("orgs.xlsx", TestTree.Workbook()));
        return db;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
