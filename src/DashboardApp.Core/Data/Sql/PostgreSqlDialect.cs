using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DashboardApp.Core.Data.Sql;

/// <summary>HAND-WRITTEN SQL for PostgreSQL: what differs from SQLite (<see cref="SqlDialect"/>).</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    private PostgreSqlDialect() { }

    public override Task PrepareDatabaseAsync(DatabaseFacade database, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// A transaction-scoped advisory lock per kind: several instances may run a full and an incremental rollup at once,
    /// or store two uploads at once, and each kind must take turns.
    /// </summary>
    public override Task TakeTurnAsync(DatabaseFacade database, WriterTurn kind, CancellationToken ct) => kind switch
    {
        WriterTurn.Rollup => database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7270683300)", ct),
        WriterTurn.Upload => database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7270683301)", ct),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public override Task<IAsyncDisposable> BulkWritingAsync(DatabaseFacade database, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(Nothing.Instance);

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// Each read is a few hundred organisations, in key order. Left to itself the planner compiles every one of them (JIT,
    /// 25 ms each) and sorts a parallel bitmap scan instead of walking the primary key: three to four times slower, over
    /// hundreds of reads.
    /// </summary>
    public override string? RangeReadSettings => "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0";

    public override bool ReadsInOwnTransaction => true;

    /// <summary>Taken from the column's identity sequence, as a default would take them: other transactions may take theirs meanwhile.</summary>
    public override async Task<IReadOnlyList<int>> NewIdsAsync(DatabaseFacade database, string table, int count, CancellationToken ct)
    {
        await using var command = database.GetDbConnection().CreateCommand();
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "SELECT nextval(pg_get_serial_sequence(@table, 'Id')) FROM generate_series(1, @count)";
        command.Add("@table", Quote(table));
        command.Add("@count", count);
        var ids = new List<int>(count);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) ids.Add(reader.Int(0));
        ids.Sort();
        return ids;
    }

    /// <summary>NOTIFY inside a transaction is delivered when it commits, and not at all if it rolls back.</summary>
    public override Task AnnounceRollupAsync(DatabaseFacade database, string payload, CancellationToken ct) =>
        database.ExecuteSqlAsync($"SELECT pg_notify({Rollups.FigureUpdates.Channel}, {payload})", ct);

    /// <summary>
    /// One byte string per group, 4 bytes a column (8 if wide), big-endian as int4send and int8send give them — cheaper
    /// for the server than text or arrays, and nothing to parse.
    /// </summary>
    protected override string Joined(params (string Column, bool Wide)[] columns) =>
        $"string_agg({string.Join(" || ", columns.Select(c => $"{(c.Wide ? "int8send" : "int4send")}({Quote(c.Column)})"))}, ''::bytea)";

    // ---- Large uploads (PostgresCopy) ----

    /// <summary>Binary COPY into these columns of a table.</summary>
    public static string CopyInto(string table, IReadOnlyList<string> columns) =>
        $"COPY {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>A temporary table with <paramref name="table"/>'s columns, empty, dropped when the transaction ends.</summary>
    public static string StagingTable(string staging, string table, IReadOnlyList<string> columns) =>
        $"CREATE TEMPORARY TABLE {Quote(staging)} ON COMMIT DROP AS SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)} WITH NO DATA";

    /// <summary>The staged rows into their table, each row with the same key updated instead.</summary>
    public static string UpsertFrom(string staging, string table, IReadOnlyList<string> columns, IReadOnlyList<string> key)
    {
        var list = string.Join(", ", columns.Select(Quote));
        return $"INSERT INTO {Quote(table)} ({list}) SELECT {list} FROM {Quote(staging)} ON CONFLICT ({string.Join(", ", key.Select(Quote))}) " +
            $"DO UPDATE SET {string.Join(", ", columns.Except(key).Select(c => $"{Quote(c)} = excluded.{Quote(c)}"))}";
    }

    /// <summary>A full rebuild's 1.5 million new rows cost 7 µs each as INSERTs here; binary COPY is several times cheaper.</summary>
    public override bool CopiesNewRollups => true;

    public override async Task<int> CopyRollupsAsync(DatabaseFacade database,
        IReadOnlyList<(int Org, string Period, int Indicator, long Value, int Units)> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        var connection = (NpgsqlConnection)database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync($"COPY \"RollupValues\" {RollupColumns} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (org, period, indicator, value, units) in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(org, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(period, NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(indicator, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(value, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(units, NpgsqlDbType.Integer, ct);
        }
        return (int)await import.CompleteAsync(ct);
    }
}
