using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

public class CellValueParserTests
{
    private static CellReading Read(string text, string indicator = "STUDY_SESSIONS") =>
        CellValueParser.Parse(new RawCell.Text(text), TestCatalogue.Get(indicator));

    [Theory]
    [InlineData("12", 12)]
    [InlineData("１２", 12)]
    [InlineData("1,234", 1234)]
    [InlineData("1，234", 1234)]
    [InlineData(" 12 ", 12)]
    [InlineData("12次", 12)]
    [InlineData("26人", 26)]
    [InlineData("0", 0)]
    [InlineData("无", 0)]
    public void PlainNumbersInTextAreAcceptedWithoutWarning(string text, int expected)
    {
        var r = Read(text, "PUBLICITY_AUDIENCE");
        Assert.Equal(CellOutcome.Value, r.Outcome);
        Assert.Equal(expected, r.Value);
        Assert.False(r.HasWarning);
    }

    [Fact]
    public void HoursWithOneDecimalAndAUnitAreAccepted() => Assert.Equal(3.5m, Read("3.5小时", "VOLUNTEER_HOURS").Value);

    [Theory]
    [InlineData("约30", 30)]
    [InlineData("1732余人", 1732)]
    [InlineData("30多", 30)]
    public void ApproximationsAreAcceptedWithAWarning(string text, int expected)
    {
        var r = Read(text, "PUBLICITY_AUDIENCE");
        Assert.Equal(expected, r.Value);
        Assert.Equal("APPROXIMATE", r.Code);
    }

    [Theory]
    [InlineData("十二", 12)]
    [InlineData("二十六", 26)]
    [InlineData("一百零五", 105)]
    [InlineData("两千", 2000)]
    [InlineData("十", 10)]
    public void ChineseNumeralsAreAcceptedWithAWarning(string text, int expected)
    {
        var r = Read(text, "PUBLICITY_AUDIENCE");
        Assert.Equal(expected, r.Value);
        Assert.Equal("CHINESE_NUMERAL", r.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("—")]
    [InlineData("-")]
    [InlineData("/")]
    public void BlankAndDashMarksMeanNotReported(string text) => Assert.Equal(CellOutcome.NotReported, Read(text).Outcome);

    [Fact]
    public void ABlankCellIsNotReportedButAZeroIsAReportedZero()
    {
        Assert.Equal(CellOutcome.NotReported, CellValueParser.Parse(new RawCell.Blank(), TestCatalogue.Get("NEW_MEMBERS")).Outcome);
        Assert.Equal(0m, CellValueParser.Parse(new RawCell.Number(0), TestCatalogue.Get("NEW_MEMBERS")).Value);
    }

    [Theory]
    [InlineData("-3", "NEGATIVE")]
    [InlineData("2.5", "FRACTION")]
    [InlineData("50%", "PERCENT")]
    [InlineData("1/2", "FRACTION")]
    [InlineData("见附件", "NOT_A_NUMBER")]
    [InlineData("二三", "NOT_A_NUMBER")]
    public void BadTextIsAnErrorWithACode(string text, string code)
    {
        var r = Read(text);
        Assert.Equal(CellOutcome.Error, r.Outcome);
        Assert.Equal(code, r.Code);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
    }

    [Fact]
    public void NumericCellsFollowTheSameRules()
    {
        var study = TestCatalogue.Get("STUDY_SESSIONS");
        Assert.Equal(4m, CellValueParser.Parse(new RawCell.Number(4), study).Value);
        Assert.Equal("NEGATIVE", CellValueParser.Parse(new RawCell.Number(-1), study).Code);
        Assert.Equal("FRACTION", CellValueParser.Parse(new RawCell.Number(1.5), study).Code);
        Assert.Equal("TOO_MANY_DECIMALS", CellValueParser.Parse(new RawCell.Number(1.25), TestCatalogue.Get("VOLUNTEER_HOURS")).Code);
    }

    [Fact]
    public void DatesFormulasWithoutResultsAndExcelErrorsAreErrors()
    {
        var study = TestCatalogue.Get("STUDY_SESSIONS");
        Assert.Equal("DATE_IN_VALUE", CellValueParser.Parse(new RawCell.Date(new DateTime(2025, 3, 1)), study).Code);
        var formula = CellValueParser.Parse(new RawCell.UncalculatedFormula("SUM(A1:A2)"), study);
        Assert.Equal("FORMULA_NOT_CALCULATED", formula.Code);
        Assert.Equal("公式未计算，请在 Excel 中重新计算并保存", formula.Message);
        Assert.Equal("FORMULA_ERROR", CellValueParser.Parse(new RawCell.Error("#DIV/0!"), study).Code);
    }

    [Fact]
    public void AValueAboveTheCeilingIsAcceptedWithAWarning()
    {
        var r = Read("31");
        Assert.Equal(31m, r.Value);
        Assert.Equal("ABOVE_CEILING", r.Code);
    }
}
