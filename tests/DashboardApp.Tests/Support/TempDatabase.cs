using System.Text.Json;
using DashboardApp.Cli;

namespace DashboardApp.Tests.Support;

/// <summary>A temporary folder with its own SQLite file (or, when asked, a fresh PostgreSQL database), driven through the real CLI verbs.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("dashboard-test-").FullName;
        DbPath = Path.Combine(Directory, "test.db");
    }

    public string Directory { get; }
    public string DbPath { get; }

    /// <summary>The PostgreSQL database the verbs use instead of <see cref="DbPath"/>, if any.</summary>
    public Core.Data.DatabaseSettings? Postgres { get; private set; }

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
        string[] database = Postgres is null ? ["--db", DbPath] : ["--postgres", Postgres.ConnectionString];
        var exit = await CommandLine.RunAsync([.. args, .. database], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"exit {exit}: {error}{output}");
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>A database with the test tree loaded.</summary>
    public static async Task<TempDatabase> WithTreeAsync(Core.Data.DatabaseProvider provider = Core.Data.DatabaseProvider.Sqlite)
    {
        var db = new TempDatabase();
        if (provider == Core.Data.DatabaseProvider.PostgreSql) db.Postgres = await TestPostgres.CreateAsync();
        await db.RunJsonAsync("orgs", "import", db.Write("orgs.xlsx", TestTree.Workbook()));
        return db;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Postgres is not null) TestPostgres.DropAsync(Postgres).GetAwaiter().GetResult();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
