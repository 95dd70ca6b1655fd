using DashboardApp.Hosting;

namespace DashboardApp.Tests.Web;

/// <summary>Live connections without a sign-in (the 大屏's) are bounded per address and in all, and each bound frees as connections end.</summary>
public class AnonymousConnectionsTests
{
    [Fact]
    public async Task OneAddressMayHoldTwentyAndEveryoneFiveHundredAndAClosedOneFreesItsPlace()
    {
        var limits = new AnonymousConnections();
        var open = new List<(TaskCompletionSource Close, Task<bool> Running)>();
        (TaskCompletionSource, Task<bool>) Connect(string address)
        {
            var close = new TaskCompletionSource();
            return (close, limits.RunAsync(address, () => close.Task));
        }

        for (var i = 0; i < AnonymousConnections.PerAddress; i++) open.Add(Connect("10.0.0.1"));
        Assert.All(open, c => Assert.False(c.Running.IsCompleted));
        Assert.False(await Connect("10.0.0.1").Item2);
        var other = Connect("10.0.0.2");
        Assert.False(other.Item2.IsCompleted);

        // One of the first address's ends: its place is free again.
        open[0].Close.SetResult();
        Assert.True(await open[0].Running);
        var again = Connect("10.0.0.1");
        Assert.False(again.Item2.IsCompleted);
        Assert.Equal((AnonymousConnections.PerAddress + 1, AnonymousConnections.PerAddress), limits.Open("10.0.0.1"));

        // In all: up to the bound across addresses, then none, whoever asks.
        var many = Enumerable.Range(0, AnonymousConnections.InAll - limits.Open("").All).Select(i => Connect($"10.1.{i / 250}.{i % 250}")).ToList();
        Assert.All(many, c => Assert.False(c.Item2.IsCompleted));
        Assert.False(await Connect("10.9.9.9").Item2);

        foreach (var c in open.Skip(1).Append(other).Append(again).Concat(many)) c.Item1.SetResult();
        Assert.Equal((0, 0), limits.Open("10.0.0.1"));
    }
}
