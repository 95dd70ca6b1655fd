using System.Collections.Concurrent;

namespace DashboardApp.Api;

/// <summary>
/// Failed API authentications per client address, in one-minute windows: past <see cref="PerMinute"/> the address is answered 429
/// until its window ends, before any token is looked up — guessing tokens is slowed, and so is the database work each guess costs.
/// </summary>
public sealed class FailedTokens(TimeProvider clock)
{
    /// <summary>Failed tokens an address may send in a minute.</summary>
    public const int PerMinute = 30;

    /// <summary>More addresses than this and the stale ones are dropped: the table stays bounded whatever the traffic.</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed record Window(DateTimeOffset Start, int Failures);

    /// <summary>Whether the address has used up its failures for this minute, and how many seconds remain of it.</summary>
    public bool Blocked(string address, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (!_windows.TryGetValue(address, out var w)) return false;
        var left = w.Start.AddMinutes(1) - clock.GetUtcNow();
        if (left <= TimeSpan.Zero || w.Failures < PerMinute) return false;
        retryAfterSeconds = (int)Math.Ceiling(left.TotalSeconds);
        return true;
    }

    public void Failed(string address)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > MaxAddresses)
            foreach (var stale in _windows.Where(p => p.Value.Start.AddMinutes(1) <= now).Select(p => p.Key).ToList()) _windows.TryRemove(stale, out _);
        _windows.AddOrUpdate(address, _ => new Window(now, 1),
            (_, w) => w.Start.AddMinutes(1) <= now ? new Window(now, 1) : w with { Failures = w.Failures + 1 });
    }
}
