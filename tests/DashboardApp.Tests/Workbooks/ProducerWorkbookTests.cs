using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>Workbooks written by exceljs, openpyxl and LibreOffice read as they mean (Producers/README.md).</summary>
public class ProducerWorkbookTests
{
    public static TheoryData<string> Producers => new() { "exceljs", "openpyxl", "libreoffice" };

    private static ParsedWorkbook Parse(string name) => WorkbookParser.Parse(
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Workbooks", "Producers", name)), name, TestWorkbooks.Context());

    [Theory]
    [MemberData(nameof(Producers))]
    public void ADateOnThe1904SystemIsTheMonthItShows(string producer)
    {
        var result = Parse($"{producer}-1904-date.xlsx");

        Assert.True(result.Accepted, string.Join("\n", result.Errors.Select(e => e.Describe())));
        var submission = Assert.Single(result.Submissions);
        Assert.Equal(Period.Month(2025, 5), submission.Period);
        Assert.Equal([("STUDY_SESSIONS", 4m), ("VOLUNTEERS", 30m), ("VOLUNTEER_HOURS", 12.5m)],
            submission.Values.Select(v => (v.Indicator.Code, v.Value)));
    }

    [Theory]
    [MemberData(nameof(Producers))]
    public void ANumberFormattedAsAPercentageIsRefusedAsOne(string producer)
    {
        var result = Parse($"{producer}-percent.xlsx");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("PERCENT", "F7"), (error.Code, error.Cell));
        Assert.Contains("“50%”是百分比", error.Message);
        Assert.Empty(result.Submissions);
    }
}
