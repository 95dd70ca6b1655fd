using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    public override string? RangeReadSettings => null;

    public override bool ReadsInOwnTransaction => false;

    public override Task AnnounceRollupAsync(DatabaseFacade database, string payload, CancellationToken ct) => Task.CompletedTask;

    /// <summary>One text per group: the columns of each row, then the next row's, separated by spaces.</summary>
    protected override string Joined(params (string Column, bool Wide)[] columns) =>
        $"string_agg({string.Join(" || ' ' || ", columns.Select(c => Quote(c.Column)))}, ' ')";

    /// <summary>Multi-row INSERTs with literal values cost SQLite less than anything else (docs/decisions/0004).</summary>
    public override bool CopiesNewRollups => false;

    public override Task<int> CopyRollupsAsync(DatabaseFacade database,
        IReadOnlyList<(int Org, string Period, int Indicator, long Value, int Units)> rows,
        CancellationToken ct) => throw new NotSupportedException("SQLite writes new rollups as INSERT statements");
}
