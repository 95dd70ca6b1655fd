using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Data;

/// <summary>
/// Import writes (docs/product.md, “Engines and scale”), with the INSERT of <see cref="Sql.SqlDialect.Insert"/>. EF Core's change tracker
/// costs about 80 µs per row; a 10,000-unit 汇总表 writes 350,000 rows, a 10 MB history workbook five million. This writes rows in the
/// caller's transaction, <see cref="RowsPerStatement"/> to a statement, prepared once and reused; the rows left at the end go in one
/// statement of their own. On SQLite the values are bound straight to the engine's statement (<see cref="Sql.SqliteRows"/>): its ADO.NET
/// driver finds each parameter by name, which costs more than the row itself once a statement has hundreds of them (decision record
/// 0009). The SQL is the subset SQLite (3.35+) and PostgreSQL share — INSERT … RETURNING and INSERT … ON CONFLICT … DO UPDATE — and
/// table names, column names and value conversions (scaled decimals, periods) come from the EF model, so the rows are exactly what EF
/// itself would write.
/// </summary>
internal sealed class RowWriter<T> : IAsyncDisposable where T : class
{
    /// <summary>Parameters in one statement at most: SQLite's historic limit (999), well under PostgreSQL's 65,535.</summary>
    private const int MaxParameters = 999;

    private readonly DatabaseFacade _database;
    private readonly (RelationalTypeMapping Mapping, Func<T, object?> Get, Func<object?, object?> ToProvider)[] _columns;
    private readonly Func<int, string> _sql;
    private readonly bool _returns;
    private readonly object?[] _buffer;
    private readonly (string Table, IReadOnlyList<string> Columns, IReadOnlyList<string>? Key) _target;
    private int _buffered;
    private IRows? _full;
    private Sql.PostgresCopy? _copy;

    private RowWriter(DatabaseFacade database, (RelationalTypeMapping, Func<T, object?>, Func<object?, object?>)[] columns, Func<int, string> sql,
        bool returns, (string, IReadOnlyList<string>, IReadOnlyList<string>?) target)
    {
        _database = database;
        _target = target;
        _columns = columns;
        _sql = sql;
        _returns = returns;
        RowsPerStatement = returns ? 1 : Math.Max(1, MaxParameters / columns.Length);
        _buffer = new object?[RowsPerStatement * columns.Length];
    }

    /// <summary>How many rows go to one statement (one when a generated key is returned).</summary>
    public int RowsPerStatement { get; }

    /// <param name="columns">Property name and how to read it from a row.</param>
    /// <param name="returning">A generated key to return from <see cref="WriteAsync"/>: the rows are then written one at a time.</param>
    /// <param name="upsertKey">Properties of a unique key: a row that exists already has its other columns updated. No two rows written by
    /// one writer may have the same key (PostgreSQL refuses to update a row twice in one statement).</param>
    public static RowWriter<T> Prepare(DashboardDbContext db, (string Property, Func<T, object?> Get)[] columns,
        string? returning = null, string[]? upsertKey = null)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)!.GetColumnName(table)!;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("RowWriter needs the caller's transaction: all-or-nothing");
        var mapped = columns.Select(c =>
        {
            // EF's own mapping of the column gives each parameter its exact type (Npgsql cannot prepare an untyped one).
            var mapping = entity.FindProperty(c.Property)!.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            return (mapping, c.Get, converter is null ? (Func<object?, object?>)(v => v) : v => v is null ? null : converter.ConvertToProvider(v));
        }).ToArray();
        var names = columns.Select(c => Column(c.Property)).ToList();
        var key = upsertKey?.Select(Column).ToList();
        var returned = returning is null ? null : Column(returning);
        string Statement(int rows) => Sql.SqlDialect.Insert(table.Name, names,
            [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, names.Count).Select(c => $"@p{r * names.Count + c}").ToList())],
            key, returned);
        return new RowWriter<T>(db.Database, mapped, Statement, returned is not null, (table.Name, names, key));
    }

    /// <summary>
    /// Writes one row — at once when a generated key is returned (the key), else when its statement's batch is full or at
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    public async Task<long?> WriteAsync(T row, CancellationToken ct = default)
    {
        var offset = _buffered * _columns.Length;
        for (var c = 0; c < _columns.Length; c++) _buffer[offset + c] = _columns[c].ToProvider(_columns[c].Get(row));
        if (++_buffered < RowsPerStatement) return null;
        // A first full batch: on PostgreSQL this is a large upload, copied from here on (a small one never prepares a copy).
        if (_full is null && _copy is null && !_returns)
            _copy = await Sql.PostgresCopy.StartAsync(_database, _target.Table, _target.Columns, _target.Key, ct);
        if (_copy is not null)
        {
            await _copy.WriteAsync(_buffer, _buffered, _columns.Length, ct);
            _buffered = 0;
            return null;
        }
        _full ??= await RowsAsync(RowsPerStatement, ct);
        _buffered = 0;
        return await _full.WriteAsync(_buffer, ct);
    }

    /// <summary>Writes the rows still waiting for their batch to fill. Every writer is completed before its transaction commits.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        if (_copy is not null)
        {
            await _copy.WriteAsync(_buffer, _buffered, _columns.Length, ct);
            _buffered = 0;
            await _copy.CompleteAsync(ct);
            await _copy.DisposeAsync();
            _copy = null;
            return;
        }
        if (_buffered == 0) return;
        await using var rest = await RowsAsync(_buffered, ct);
        _buffered = 0;
        await rest.WriteAsync(_buffer, ct);
    }

    private async Task<IRows> RowsAsync(int rows, CancellationToken ct)
    {
        var sql = _sql(rows);
        if (Sql.SqliteRows.Of(_database, sql) is { } sqlite) return sqlite;
        var command = _database.GetDbConnection().CreateCommand();
        command.Transaction = _database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        for (var i = 0; i < rows * _columns.Length; i++)
            command.Parameters.Add(_columns[i % _columns.Length].Mapping.CreateParameter(command, $"@p{i}", null, nullable: true));
        await command.PrepareAsync(ct);
        return new CommandRows(command, _returns);
    }

    /// <summary>Rows still waiting are dropped (the transaction is being abandoned, or <see cref="CompleteAsync"/> was forgotten: the
    /// import tests read every row back).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_full is not null) await _full.DisposeAsync();
        if (_copy is not null) await _copy.DisposeAsync();
    }

    private sealed class CommandRows(DbCommand command, bool returns) : IRows
    {
        public async Task<long?> WriteAsync(object?[] values, CancellationToken ct)
        {
            for (var i = 0; i < command.Parameters.Count; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            if (!returns)
            {
                await command.ExecuteNonQueryAsync(ct);
                return null;
            }
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}

/// <summary>
/// A prepared statement of a fixed number of rows (<see cref="RowWriter{T}"/>); <see cref="WriteAsync"/> runs it with the first values of
/// the buffer (the rows' columns one after the other) and returns the generated key when the statement returns one.
/// </summary>
internal interface IRows : IAsyncDisposable
{
    Task<long?> WriteAsync(object?[] values, CancellationToken ct);
}
