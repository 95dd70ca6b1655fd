using ClosedXML.Excel;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Submissions;

namespace DashboardApp.Tests.Workbooks;

/// <summary>The problem list as an Excel download: every problem, and only for the user who uploaded the file.</summary>
public class ProblemWorkbookTests
{
    private static readonly ImportReport Refused = new("甲街道.xlsx", ImportStatus.Refused, [],
        Enumerable.Range(6, 250).Select(r => new ImportProblem("月报表", $"F{r}", "NEGATIVE", "数值不能为负数")).ToList(),
        [new ImportProblem("汇总", "D8", "TOTAL_MISMATCH", "合计行与各单位之和不符")]);

    [Fact]
    public void TheWorkbookListsEveryProblemWithSheetCellCodeAndMessage()
    {
        var bytes = ProblemWorkbook.Write("甲街道.xlsx", new DateTimeOffset(2025, 4, 3, 9, 30, 0, TimeSpan.FromHours(8)),
            [ImportProblem.File("NO_TABLE", "未找到可识别的数据表"), .. Refused.Errors], Refused.Warnings);

        using var wb = new XLWorkbook(new MemoryStream(bytes));
        var ws = wb.Worksheet(ProblemWorkbook.SheetName);
        Assert.Contains("甲街道.xlsx", ws.Cell(1, 1).GetString());
        Assert.Contains("错误 251 项（文件未导入），提示 1 项", ws.Cell(2, 1).GetString());
        string[] Row(int r) => Enumerable.Range(2, 5).Select(c => ws.Cell(r, c).GetString()).ToArray();
        Assert.Equal(["错误", "（整个文件）", "", "NO_TABLE", "未找到可识别的数据表"], Row(5));
        Assert.Equal(["错误", "月报表", "F6", "NEGATIVE", "数值不能为负数"], Row(6));
        Assert.Equal(["提示", "汇总", "D8", "TOTAL_MISMATCH", "合计行与各单位之和不符"], Row(256));
        Assert.Equal(252, ws.Column(1).CellsUsed().Count(c => c.Address.RowNumber > 4));
    }

    [Fact]
    public void AStoredListIsGivenOnlyToItsUploaderAndHoldsMoreThanThePageShows()
    {
        using var reports = new ProblemReports(TimeProvider.System);
        var key = reports.Keep("clerk", Refused);

        Assert.NotNull(key);
        Assert.Null(reports.Workbook(key, "someone-else"));
        Assert.Null(reports.Workbook(Guid.NewGuid().ToString("N"), "clerk"));
        var (content, name) = reports.Workbook(key, "clerk")!.Value;
        Assert.Equal("甲街道_问题清单.xlsx", name);
        using var wb = new XLWorkbook(new MemoryStream(content));
        Assert.True(Refused.Errors.Count > UploadOutcome.MaxProblems);
        Assert.Equal(Refused.Errors.Count + 1, wb.Worksheet(ProblemWorkbook.SheetName).Column(1).CellsUsed().Count(c => c.Address.RowNumber > 4));
    }

    [Fact]
    public void AReportWithoutProblemsHasNoList()
    {
        using var reports = new ProblemReports(TimeProvider.System);
        Assert.Null(reports.Keep("clerk", new ImportReport("a.xlsx", ImportStatus.Accepted, [], [], [])));
    }
}
