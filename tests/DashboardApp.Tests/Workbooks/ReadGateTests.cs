using DashboardApp.Core.Workbooks;

namespace DashboardApp.Tests.Workbooks;

/// <summary>No file hangs an upload, and files that overrun still count against the limit on concurrent reads.</summary>
public class ReadGateTests
{
    private static readonly ParsedWorkbook Done = new([], [], []);

    [Fact]
    public async Task AFileThatTakesTooLongIsRefusedWithAReasonAndItsReadingIsToldToStop()
    {
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 1, TimePerFile = TimeSpan.FromMilliseconds(50) });
        var stopped = new TaskCompletionSource();

        var result = await gate.ReadAsync(overrun =>
        {
            overrun.WaitHandle.WaitOne();
            stopped.SetResult();
            overrun.ThrowIfCancellationRequested();
            return Done;
        });

        var problem = Assert.Single(result.Errors);
        Assert.Equal("TOO_SLOW", problem.Code);
        Assert.Contains("文件过于复杂", problem.Describe());
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AnOverrunningFileKeepsItsSlotUntilItsReadingReallyEnds()
    {
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 1, TimePerFile = TimeSpan.FromMilliseconds(50) });
        var release = new ManualResetEventSlim();
        var firstEnded = false;

        // The first read ignores the request to stop, as a library call in progress does.
        var first = await gate.ReadAsync(_ => { release.Wait(); firstEnded = true; return Done; });
        Assert.Equal("TOO_SLOW", Assert.Single(first.Errors).Code);

        var secondSawFirstEnded = (bool?)null;
        var second = gate.ReadAsync(_ => { secondSawFirstEnded = Volatile.Read(ref firstEnded); return Done; });
        release.Set();

        Assert.Same(Done, await second.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(secondSawFirstEnded);
    }

    [Fact]
    public async Task AReadThatFinishesInTimeGivesItsResult()
    {
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 2, TimePerFile = TimeSpan.FromMinutes(5) });
        Assert.Same(Done, await gate.ReadAsync(_ => Done));
        Assert.Same(Done, await gate.ReadAsync(_ => Done));
        Assert.Same(Done, await gate.ReadAsync(_ => Done));
    }
}
