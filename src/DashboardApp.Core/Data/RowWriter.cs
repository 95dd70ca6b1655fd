using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DashboardApp.Core.Data;

/// <summary>
/// Import writes (docs/product.md, “Engines and scale”), with the INSERT of <see cref="Sql.SqlDialect.Insert"/>. EF Core's change tracker
/// costs about 80 µs per row; a 10,000-unit 汇总表 writes 350,000 rows. This writes rows with one
/// prepared INSERT per table, reused for every row, in the caller's transaction. The SQL is the
/// subset SQLite (3.35+) and PostgreSQL share — INSERT … RETURNING and INSERT … ON CONFLICT …
/// DO UPDATE — and table names, column names and value conversions (scaled decimals, periods)
/// come from the EF model, so the rows are exactly what EF itself would write.
/// </summary>
internal sealed class RowWriter<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly (DbParameter Parameter, Func<T, object?> Get, Func<object?, object?> ToProvider)[] _columns;
    private readonly bool _returns;

    private RowWriter(DbCommand command, (DbParameter, Func<T, object?>, Func<object?, object?>)[] columns, bool returns)
    {
        _command = command;
        _columns = columns;
        _returns = returns;
    }

    /// <param name="columns">Property name and how to read it from a row.</param>
    /// <param name="returning">A generated key to return from <see cref="WriteAsync"/>.</param>
    /// <param name="upsertKey">Properties of a unique key: a row that exists already has its other columns updated.</param>
    public static async Task<RowWriter<T>> PrepareAsync(DashboardDbContext db, (string Property, Func<T, object?> Get)[] columns,
        string? returning = null, string[]? upsertKey = null, CancellationToken ct = default)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)!.GetColumnName(table)!;

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("RowWriter needs the caller's transaction: all-or-nothing");
        var prepared = new List<(DbParameter, Func<T, object?>, Func<object?, object?>)>();
        foreach (var (property, get) in columns)
        {
            // Made by EF's own mapping of the column, so the parameter has its exact type (Npgsql cannot prepare an untyped one).
            var mapping = entity.FindProperty(property)!.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, $"@p{prepared.Count}", null, nullable: true);
            command.Parameters.Add(parameter);
            var converter = mapping.Converter;
            prepared.Add((parameter, get, converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v)));
        }

        command.CommandText = Sql.SqlDialect.Insert(table.Name, [.. columns.Select(c => Column(c.Property))],
            [.. prepared.Select(p => p.Item1.ParameterName)],
            upsertKey?.Select(Column).ToList(), returning is null ? null : Column(returning));
        await command.PrepareAsync(ct);
        return new RowWriter<T>(command, [.. prepared], returning is not null);
    }

    /// <summary>Writes one row; returns the generated key when one was asked for.</summary>
    public async Task<long?> WriteAsync(T row, CancellationToken ct = default)
    {
        foreach (var (parameter, get, toProvider) in _columns) parameter.Value = toProvider(get(row)) ?? DBNull.Value;
        if (!_returns)
        {
            await _command.ExecuteNonQueryAsync(ct);
            return null;
        }
        return Convert.ToInt64(await _command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
