using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>Files built to cost the server time or memory are refused in Chinese with bounded work, and their problem lists stay short.</summary>
public class HostileWorkbookTests
{
    private static ParsedWorkbook Parse(byte[] file, CancellationToken ct = default) =>
        WorkbookParser.Parse(file, "hostile.xlsx", TestWorkbooks.Context(), ct);

    [Fact]
    public void AFloodOfProblemsKeepsTheFirstOfEachKindAndCountsTheRest()
    {
        var result = Parse(HostileWorkbooks.ProblemFlood(3_000));

        Assert.False(result.Accepted);
        // Two kinds many times (unknown units; words in two columns of numbers) and the missing 统计期 once:
        // 100 of each kind, then one line for each kind with more, with the count.
        Assert.Equal(2 * ProblemLog.PerKind + 1 + 2, result.Errors.Count);
        Assert.Single(result.Errors, e => e.Code == "MISSING_PERIOD");
        var more = result.Errors.Where(e => e.Code == "MORE_PROBLEMS").ToList();
        Assert.Equal(2, more.Count);
        Assert.Contains(more, m => m.Message.Contains("另有 2900 处同类问题（UNKNOWN_UNIT）") && m.Message.Contains("共 3000 处"));
        Assert.Contains(more, m => m.Message.Contains("另有 5900 处同类问题（NOT_A_NUMBER）") && m.Message.Contains("共 6000 处"));
        Assert.Equal("A2", result.Errors[0].Cell);
    }

    [Fact]
    public void NoMoreThanTheOverallLimitIsKeptWhateverTheNumberOfKinds()
    {
        var log = new ProblemLog();
        for (var sheet = 0; sheet < 100; sheet++)
            for (var i = 0; i < 50; i++) log.Add(new ImportProblem($"表{sheet}", $"A{i}", "NOT_A_NUMBER", "无法识别为数字"));
        var list = log.ToList();
        Assert.Equal(ProblemLog.MaxKept, list.Count(p => p.Code != "MORE_PROBLEMS"));
        Assert.Equal(5_000, log.Count);
    }

    [Fact]
    public void OneSharedStringLongerThanACellMayHoldRefusesTheFile()
    {
        var problem = Assert.Single(Parse(HostileWorkbooks.LongSharedString(XlsxReader.MaxCellChars + 1, 8)).Errors);
        Assert.Equal("TEXT_TOO_LONG", problem.Code);
        Assert.Contains("32767", problem.Message);
    }

    [Fact]
    public void AStringShownByThousandsOfCellsRunsOutOfTheTextBudget()
    {
        // 30,000 characters in 2,000 cells: 60 million characters to look at, three times the budget.
        var problem = Assert.Single(Parse(HostileWorkbooks.LongSharedString(30_000, 2_000)).Errors);
        Assert.Equal("TOO_MUCH_TEXT", problem.Code);
    }

    [Fact]
    public void LongTextIsQuotedShortInMessages()
    {
        var result = Parse(HostileWorkbooks.LongSharedString(5_000, 8));
        Assert.False(result.Accepted);
        Assert.All(result.Errors, e => Assert.True(e.Message.Length < 200, e.Message));
    }

    [Fact]
    public void MoreCellsThanTheLimitRefusesTheFile()
    {
        var problem = Assert.Single(Parse(HostileWorkbooks.ManyCells(XlsxReader.MaxCells / 20 + 1)).Errors);
        Assert.Equal("TOO_MANY_CELLS", problem.Code);
        Assert.Contains("拆分", problem.Message);
    }

    [Fact]
    public void AStopInsideALongRowOrStringIsHonoured()
    {
        // Cancelled before the first row: the reader stops inside its loops, not after the sheet.
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.Throws<OperationCanceledException>(() => Parse(HostileWorkbooks.LongSharedString(20_000, 8), stop.Token));
        Assert.Throws<OperationCanceledException>(() => Parse(HostileWorkbooks.ProblemFlood(10), stop.Token));
    }
}
