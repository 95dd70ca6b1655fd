using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DashboardApp.Core.Data.Sql;

namespace DashboardApp.Core.Rollups;

/// <summary>One unit's current values for one month: indicator, value, indicator, value … (<see cref="JoinedFields"/>).</summary>
internal readonly record struct UnitMonth(int Org, string Month, (string? Text, byte[]? Bytes) Pairs);

/// <summary>
/// Every current value as unit-months, in organisation order, a range of <see cref="OrganisationsPerRead"/> organisations
/// per query: each unit's rows come together and the database needs no sort (the primary key is in that order). Reading
/// a range at a time also frees the connection for the writes between reads, which PostgreSQL needs (one command at a
/// time per connection). With read-ahead connections the next ranges are read while the caller works on this one.
/// </summary>
internal static class UnitMonthReader
{
    private const int OrganisationsPerRead = 256;

    /// <summary>
    /// The ranges with the greatest id each covers. The first range starts at the lowest id there is and the last ends at
    /// the highest: every row is read, whatever ids the values carry.
    /// </summary>
    public static async IAsyncEnumerable<(int UpTo, List<UnitMonth> Rows)> RangesAsync(IReadOnlyList<int> organisationIds, DbConnection connection,
        DbTransaction transaction, IReadOnlyList<DbConnection> readAhead, [EnumeratorCancellation] CancellationToken ct)
    {
        var ids = organisationIds.Order().ToList();
        var ranges = new List<(int From, int To)>();
        for (var start = 0; start < Math.Max(ids.Count, 1); start += OrganisationsPerRead)
            ranges.Add((start == 0 ? int.MinValue : ids[start], start + OrganisationsPerRead >= ids.Count ? int.MaxValue
                : ids[start + OrganisationsPerRead] - 1));

        if (readAhead.Count == 0)
        {
            // Range after range on the transaction's own connection, each yielded as it is read.
            await foreach (var range in ReadAsync(connection, transaction, ranges, ct)) yield return range;
            yield break;
        }

        // Read-ahead connection k reads ranges k, k + n, k + 2n … into its own channel; they are taken in turn.
        var n = readAhead.Count;
        var channels = readAhead.Select(_ => Channel.CreateBounded<(int, List<UnitMonth>)>(2)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = readAhead.Select((reader, k) => Task.Run(async () =>
        {
            try
            {
                await foreach (var range in ReadAsync(reader, null, [.. ranges.Where((_, i) => i % n == k)], stop.Token))
                    await channels[k].Writer.WriteAsync(range, stop.Token);
                channels[k].Writer.TryComplete();
            }
            catch (Exception e)
            {
                channels[k].Writer.TryComplete(e);
            }
        }, stop.Token)).ToArray();
        try
        {
            for (var i = 0; i < ranges.Count; i++)
                yield return await channels[i % n].Reader.ReadAsync(ct);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var task in reading)
                try { await task; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// The unit-months of each range in turn, on one connection, with one prepared statement, in the given transaction or,
    /// where the dialect reads so (PostgreSQL), a read-ahead connection's own, which holds its settings.
    /// </summary>
    private static async IAsyncEnumerable<(int UpTo, List<UnitMonth> Rows)> ReadAsync(DbConnection connection, DbTransaction? transaction,
        List<(int From, int To)> ranges, [EnumeratorCancellation] CancellationToken ct)
    {
        var dialect = SqlDialect.Of(connection);
        await using var own = dialect.ReadsInOwnTransaction && transaction is null
            ? await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct) : null;
        transaction ??= own;
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        if (dialect.RangeReadSettings is { } settings)
        {
            read.CommandText = settings;
            await read.ExecuteNonQueryAsync(ct);
        }
        read.CommandText = dialect.UnitMonthsInRange;
        var from = Parameter(read, "@from", DbType.Int32);
        var to = Parameter(read, "@to", DbType.Int32);
        await read.PrepareAsync(ct);
        foreach (var range in ranges)
        {
            ct.ThrowIfCancellationRequested();
            (from.Value, to.Value) = range;
            yield return (range.To, await FetchAsync(read, ct));
        }
    }

    public static async Task<List<UnitMonth>> FetchAsync(DbCommand read, CancellationToken ct)
    {
        var rows = new List<UnitMonth>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new UnitMonth(reader.GetInt32(0), reader.GetString(1), JoinedFields.Read(reader, 2)));
        return rows;
    }

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        // Typed, so that PostgreSQL can prepare the statement before the first values are set.
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
