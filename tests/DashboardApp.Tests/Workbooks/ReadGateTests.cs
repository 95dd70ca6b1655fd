using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>No file hangs an upload: a read that overruns is stopped and the file refused with a reason.</summary>
public class ReadGateTests
{
    private static readonly ParsedWorkbook Done = new([], [], []);

    [Fact]
    public async Task AReadThatOverrunsIsStoppedAndTheFileRefusedWithAReason()
    {
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 1, TimePerFile = TimeSpan.FromMilliseconds(50) });

        var result = await gate.ReadAsync(overrun =>
        {
            overrun.WaitHandle.WaitOne(TimeSpan.FromMinutes(1));
            overrun.ThrowIfCancellationRequested();
            return Done;
        });

        var problem = Assert.Single(result.Errors);
        Assert.Equal("TOO_SLOW", problem.Code);
        Assert.Contains("文件过于复杂", problem.Describe());
        // The slot was given back: the next file is read.
        Assert.Same(Done, await gate.ReadAsync(_ => Done));
    }

    [Fact]
    public async Task TheParserStopsAtTheNextRowWhenToldTo()
    {
        var file = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D1-S1-U1"), Core.Periods.Period.Month(2025, 3),
            new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4 });
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 1, TimePerFile = TimeSpan.FromMinutes(5) });
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.Throws<OperationCanceledException>(() => WorkbookParser.Parse(file, "a.xlsx", TestWorkbooks.Context(), stopped.Token));
        Assert.True((await gate.ReadAsync(t => WorkbookParser.Parse(file, "a.xlsx", TestWorkbooks.Context(), t))).Accepted);
    }

    [Fact]
    public async Task NoMoreFilesAreReadAtOnceThanTheLimit()
    {
        var gate = new ReadGate(new ImportLimits { MaxConcurrentReads = 2, TimePerFile = TimeSpan.FromMinutes(5) });
        int running = 0, most = 0;
        using var release = new ManualResetEventSlim();
        ParsedWorkbook Read(CancellationToken _)
        {
            var now = Interlocked.Increment(ref running);
            lock (gate) most = Math.Max(most, now);
            release.Wait(TimeSpan.FromMinutes(1), CancellationToken.None);
            Interlocked.Decrement(ref running);
            return Done;
        }

        var reads = Enumerable.Range(0, 5).Select(_ => Task.Run(() => gate.ReadAsync(Read))).ToList();
        SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2, TimeSpan.FromSeconds(30));
        await Task.Delay(200); // room for a third read to start, if the gate let it
        Assert.Equal(2, Volatile.Read(ref running));
        release.Set();
        await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, most);
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
