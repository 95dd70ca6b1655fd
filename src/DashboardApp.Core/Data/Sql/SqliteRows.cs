using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SQLitePCL;

namespace DashboardApp.Core.Data.Sql;

/// <summary>
/// A statement of <see cref="RowWriter{T}"/> on SQLite, its values bound by position straight to the engine's statement. Microsoft.Data.Sqlite
/// looks each parameter up by name on every run (a scan of the statement's names): with a batch's hundreds of parameters that costs more
/// than writing the rows (decision record 0009). Values are bound as the driver binds them: integers, text, blobs, reals, and times as the
/// text it writes for a <see cref="DateTime"/> ("yyyy-MM-dd HH:mm:ss.FFFFFFF"), so the rows are the same as EF's.
/// </summary>
internal sealed class SqliteRows : IRows
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private SqliteRows(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>The statement prepared on the database's SQLite connection; null on another engine.</summary>
    public static SqliteRows? Of(DatabaseFacade database, string sql)
    {
        if (database.GetDbConnection() is not SqliteConnection { Handle: { } db }) return null;
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        return new SqliteRows(db, statement);
    }

    public Task<long?> WriteAsync(object?[] values, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var count = raw.sqlite3_bind_parameter_count(_statement);
        for (var i = 0; i < count; i++) Check(Bind(i + 1, values[i]), _db);
        long? key = null;
        int rc;
        while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) key ??= raw.sqlite3_column_int64(_statement, 0);
        raw.sqlite3_reset(_statement);
        Check(rc, _db);
        return Task.FromResult(key);
    }

    private int Bind(int at, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(_statement, at),
        long l => raw.sqlite3_bind_int64(_statement, at, l),
        int n => raw.sqlite3_bind_int64(_statement, at, n),
        short n => raw.sqlite3_bind_int64(_statement, at, n),
        byte n => raw.sqlite3_bind_int64(_statement, at, n),
        bool b => raw.sqlite3_bind_int64(_statement, at, b ? 1 : 0),
        string t => raw.sqlite3_bind_text(_statement, at, t),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, at, bytes),
        double d => raw.sqlite3_bind_double(_statement, at, d),
        DateTime t => raw.sqlite3_bind_text(_statement, at, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"SqliteRows does not bind a {value.GetType().Name}"),
    };

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
