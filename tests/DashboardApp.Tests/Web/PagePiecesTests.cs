using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Figures;
using DashboardApp.Submissions;

namespace DashboardApp.Tests.Web;

/// <summary>Small pieces of the pages, tested without a browser.</summary>
public class PagePiecesTests
{
    [Theory]
    [InlineData(new[] { 0.0, 1.0 }, 1.0, 1.0)] // 发展党员 1 人: 0, 1 — never 0.1 … 0.9
    [InlineData(new[] { 3.0, 2.0 }, 3.0, 1.0)]
    [InlineData(new[] { 7.0 }, 8.0, 2.0)]
    [InlineData(new[] { 43.0, 12.0 }, 50.0, 10.0)]
    [InlineData(new[] { 1411.0, 1380.0 }, 1500.0, 500.0)]
    [InlineData(new double[0], 1.0, 1.0)]
    public void ACountsAxisStepsByWholeNumbers(double[] values, double max, double step)
    {
        var scale = AxisScale.For(values.Select(v => (decimal)v), wholeNumbers: true);
        Assert.Equal((max, step), (scale.Max, scale.Step));
        Assert.True(scale.Step % 1 == 0 && scale.Max >= values.DefaultIfEmpty(0).Max());
    }

    [Fact]
    public void ADecimalAxisIsLeftToTheChart() => Assert.Equal(new AxisScale(null, null), AxisScale.For([0.4m, 12.5m], wholeNumbers: false));

    [Fact]
    public void AFileImportedBeforeOffersNoProblemList()
    {
        var warning = new ImportProblem("S", "F7", "APPROXIMATE", "“集中学习研讨次数”：约数，已按 30 导入");
        var unchanged = new ImportReport("a.xlsx", ImportStatus.Unchanged, [], [], [warning]);
        using var problems = new ProblemReports(TimeProvider.System);
        Assert.Null(problems.Keep("clerk", unchanged));
        var outcome = UploadOutcome.From(unchanged, null);
        Assert.Equal((0, 0), (outcome.WarningCount, outcome.Warnings.Count));

        var accepted = unchanged with { Status = ImportStatus.Accepted };
        Assert.NotNull(problems.Keep("clerk", accepted));
        Assert.Equal(1, UploadOutcome.From(accepted, "k").WarningCount);
    }
}
