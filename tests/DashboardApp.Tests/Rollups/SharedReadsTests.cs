using DashboardApp.Core.Rollups;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Rollups;

/// <summary>Pages refreshing after one figure update share one read per key; the next update reads again; a failed read is not kept.</summary>
public class SharedReadsTests
{
    [Fact]
    public async Task OneReadPerKeyAndUpdate()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        var updates = database.Get<FigureUpdates>();
        var shared = database.Get<SharedReads>();
        var reads = 0;
        async Task<string> ReadAsync(string key)
        {
            Interlocked.Increment(ref reads);
            await Task.Delay(50);
            return $"{key}@{updates.Sequence}";
        }

        updates.Announced(null);
        // Two hundred pages refreshing at once after the same update: one read of each key, the same object for all.
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => shared.ReadAsync(("总览", i % 2), () => ReadAsync($"k{i % 2}"))));
        Assert.Equal(2, reads);
        Assert.Equal(100, answers.Count(a => ReferenceEquals(a, answers[0])));
        Assert.Equal(2, shared.Count);

        // The next update: read again, and what was held for the last one is dropped.
        updates.Announced(null);
        Assert.Equal("k0@2", await shared.ReadAsync(("总览", 0), () => ReadAsync("k0")));
        Assert.Equal((3, 1), (reads, shared.Count));

        // A read that fails is not shared: the next page reads for itself.
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.ReadAsync(("排名", 1), () => Task.FromException<string>(new InvalidOperationException("断开"))));
        Assert.Equal("k9@2", await shared.ReadAsync(("排名", 1), () => ReadAsync("k9")));
        // The same key of another type is another read.
        Assert.Equal(["x"], await shared.ReadAsync(("排名", 1), () => Task.FromResult<string[]>(["x"])));
    }
}
