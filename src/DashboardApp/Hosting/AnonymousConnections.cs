using System.Collections.Concurrent;

namespace DashboardApp.Hosting;

/// <summary>
/// Bounds the live connections opened without a sign-in (the 大屏's): at most <see cref="PerAddress"/> from one client address and
/// <see cref="InAll"/> in all at once. A connection of the live channel is one long request (WebSocket, server-sent events or a poll),
/// so counting the requests under way counts the connections; a signed-in user's are not counted (their pages check their rights).
/// Past a bound the request is answered 429 and the page's own reconnecting tries again later.
/// </summary>
public sealed class AnonymousConnections
{
    public const int PerAddress = 20;
    public const int InAll = 500;

    private readonly ConcurrentDictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private int _all;

    /// <summary>Runs <paramref name="connection"/> if the bounds allow one more from <paramref name="address"/>; false when refused.</summary>
    public async Task<bool> RunAsync(string address, Func<Task> connection)
    {
        if (Interlocked.Increment(ref _all) > InAll)
        {
            Interlocked.Decrement(ref _all);
            return false;
        }
        if (_byAddress.AddOrUpdate(address, 1, (_, n) => n + 1) > PerAddress)
        {
            Release(address);
            return false;
        }
        try
        {
            await connection();
            return true;
        }
        finally
        {
            Release(address);
        }
    }

    private void Release(string address)
    {
        Interlocked.Decrement(ref _all);
        // The last one of an address leaves no entry behind: the table holds only addresses with a connection open.
        if (_byAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0) _byAddress.TryRemove(new KeyValuePair<string, int>(address, 0));
    }

    /// <summary>Connections open now (all, and from one address): for tests and the log.</summary>
    public (int All, int FromAddress) Open(string address) => (Volatile.Read(ref _all), _byAddress.GetValueOrDefault(address));
}
