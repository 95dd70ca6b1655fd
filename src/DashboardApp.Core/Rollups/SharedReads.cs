using System.Collections.Concurrent;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// Reads shared by the open pages that refresh after the same figure update (docs/product.md, “Engines and scale”): when a rollup finishes,
/// every page showing an organisation's month asks for the same figures at once; the first asks the database, the others wait for its
/// answer and hold the same objects. Keyed by <see cref="FigureUpdates.Sequence"/> and what the caller names (organisation, period,
/// indicator, options); everything read under an older number is dropped when a newer one is first asked for. Only a refresh after an
/// update reads through here — a page opened or changed by its user reads for itself, so a 目标 or deadline changed since the last
/// rollup is never hidden behind a shared answer.
/// </summary>
public sealed class SharedReads(FigureUpdates updates)
{
    private readonly Lock _lock = new();
    private long _sequence = -1;
    private ConcurrentDictionary<object, Lazy<Task<object>>> _reads = new();

    /// <summary>How many reads are held (for tests and the benchmark).</summary>
    public int Count => _reads.Count;

    /// <summary>The answer of <paramref name="read"/> for <paramref name="key"/> (a value with equality: a record or tuple), read once under
    /// the current update's number. A read that fails is not kept, so the next page tries again.</summary>
    public async Task<T> ReadAsync<T>(object key, Func<Task<T>> read) where T : class
    {
        var sequence = updates.Sequence;
        ConcurrentDictionary<object, Lazy<Task<object>>> reads;
        lock (_lock)
        {
            if (sequence > _sequence) (_sequence, _reads) = (sequence, new());
            reads = _reads;
        }
        var entry = reads.GetOrAdd((typeof(T), key), _ => new Lazy<Task<object>>(async () => await read()));
        try
        {
            return (T)await entry.Value;
        }
        catch
        {
            reads.TryRemove(new KeyValuePair<object, Lazy<Task<object>>>((typeof(T), key), entry));
            throw;
        }
    }
}
