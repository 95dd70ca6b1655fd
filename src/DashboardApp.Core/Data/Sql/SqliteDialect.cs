using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Data.Sql;

/// <summary>HAND-WRITTEN SQL for SQLite (3.44+: string_agg): what differs from PostgreSQL (<see cref="SqlDialect"/>).</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect() { }

    /// <summary>Write-ahead logging: readers never wait for the writer, nor the writer for readers.</summary>
    public override Task PrepareDatabaseAsync(DatabaseFacade database, CancellationToken ct) =>
        database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

    /// <summary>Nothing to wait for: the transaction took the database's write lock when it began (BEGIN IMMEDIATE).</summary>
    public override Task TakeTurnAsync(DatabaseFacade database, WriterTurn kind, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// A multi-row INSERT keeps a statement journal, to undo the statement alone if a constraint fails half-way: the original of every page
    /// it changes, written to a temporary file beyond 64 KB. A 10 MB workbook's 2.4 million values wrote 17 GB to it that way (decision
    /// record 0009). With temporary storage in memory (chosen before the transaction begins, as SQLite reads it then) the journal stays in
    /// memory: a statement's pages, freed when it ends.
    /// </summary>
    public override async Task<IAsyncDisposable> BulkWritingAsync(DatabaseFacade database, CancellationToken ct)
    {
        await database.OpenConnectionAsync(ct);
        await database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY", ct);
        return new Restore(database);
    }

    private sealed class Restore(DatabaseFacade database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await database.ExecuteSqlRawAsync("PRAGMA temp_store = DEFAULT");
            await database.CloseConnectionAsync();
        }
    }

    public override string? RangeReadSettings => null;

    public override bool ReadsInOwnTransaction => false;

    public override Task AnnounceRollupAsync(DatabaseFacade database, string payload, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The ids after the highest ever given (AUTOINCREMENT keeps it in sqlite_sequence, and raises it to the highest id written): the
    /// transaction holds the database's write lock, so nothing else takes one meanwhile.
    /// </summary>
    public override async Task<IReadOnlyList<int>> NewIdsAsync(DatabaseFacade database, string table, int count, CancellationToken ct)
    {
        await using var command = database.GetDbConnection().CreateCommand();
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT MAX(COALESCE((SELECT \"seq\" FROM sqlite_sequence WHERE \"name\" = @table), 0), " +
            $"COALESCE((SELECT MAX(\"Id\") FROM {Quote(table)}), 0))";
        command.Add("@table", table);
        var last = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(last + 1, count)];
    }

    /// <summary>One text per group: the columns of each row, then the next row's, separated by spaces.</summary>
    protected override string Joined(params (string Column, bool Wide)[] columns) =>
        $"string_agg({string.Join(" || ' ' || ", columns.Select(c => Quote(c.Column)))}, ' ')";

    /// <summary>Multi-row INSERTs with literal values cost SQLite less than anything else (docs/decisions/0004).</summary>
    public override bool CopiesNewRollups => false;

    public override Task<int> CopyRollupsAsync(DatabaseFacade database,
        IReadOnlyList<(int Org, string Period, int Indicator, long Value, int Units)> rows,
        CancellationToken ct) => throw new NotSupportedException("SQLite writes new rollups as INSERT statements");
}
