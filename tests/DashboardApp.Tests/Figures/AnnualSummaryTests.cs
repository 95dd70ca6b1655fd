using System.IO.Compression;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Figures;

public class AnnualSummaryTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.LoadJson(Path.Combine(TestCatalogue.SeedDataDirectory,
        "indicators.json"));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(2480, "2480")]
    [InlineData(9999, "9999")]
    [InlineData(812.5, "812.5")]
    [InlineData(10000, "1万")]
    [InlineData(20300, "2.03万")]
    [InlineData(135787, "13.58万")]
    [InlineData(1234567, "123.46万")]
    public void NumbersReadAsOfficialDocumentsWriteThem(double value, string expected) =>
        Assert.Equal(expected, SummaryText.Number((decimal)value));

    [Theory]
    [InlineData("STUDY_SESSIONS", 2480.0, 2403.0, "开展集中学习研讨2480次，同比增长3.2%")]
    [InlineData("NEW_MEMBERS", 45.0, 50.0, "发展党员45人，同比下降10.0%")]
    [InlineData("MEMBERS_TOTAL", 5120.0, 5120.0, "现有党员5120人，与上年持平")]
    [InlineData("VOLUNTEER_HOURS", 812.5, null, "服务时长812.5小时")]
    [InlineData("VOLUNTEERS", 20300.0, 0.0, "参与志愿服务2.03万人次")]
    [InlineData("APPLICANTS", 125.0, 100.0, "125人递交入党申请书，同比增长25.0%")]
    public void EachIndicatorReadsInItsCataloguePhraseWithoutTheUnitTwice(string code, double value, double? lastYear, string expected)
    {
        decimal? v = (decimal)value, l = lastYear is null ? null : (decimal)lastYear;
        Assert.Equal(expected, SummaryText.Clause(new SummaryLine(Catalogue.ByCode(code)!, v, l, YearOnYear.Of(v, l)), partial: false));
    }

    [Theory]
    [InlineData(0.052, false, "同比增长5.2%")]
    [InlineData(-0.1, false, "同比下降10.0%")]
    [InlineData(0.0, false, "与上年持平")]
    [InlineData(-0.0004, false, "与上年基本持平")] // not "下降0.0%"
    [InlineData(0.0004, true, "与上年同期基本持平")]
    public void AChangeReadsAsReportsWriteIt(double yoy, bool partial, string expected) =>
        Assert.Equal(expected, SummaryText.Change((decimal)yoy, partial));

    [Fact]
    public void APercentageRateChangesInPointsAndARatioInPercent()
    {
        var rate = Catalogue.DerivedByCode("RECTIFICATION_RATE")!;
        Assert.Equal("问题整改完成率66.3%，较上年同期提高1.2个百分点",
            SummaryText.Clause(new SummaryLine(rate, 0.663m, 0.651m, YearOnYear.Of(0.663m, 0.651m)), partial: true));
        var hours = Catalogue.DerivedByCode("HOURS_PER_MEMBER")!;
        Assert.Equal("党员人均参与志愿服务11.2小时，同比增长3.7%",
            SummaryText.Clause(new SummaryLine(hours, 11.2m, 10.8m, YearOnYear.Of(11.2m, 10.8m)), partial: false));
    }

    private static AnnualSummary Summary(int year, DateOnly today, IReadOnlyList<SiblingRank>? ranks = null)
    {
        var values = new Dictionary<string, (decimal, decimal?)>
        {
            ["STUDY_SESSIONS"] = (2480, 2403), ["NEW_MEMBERS"] = (45, 50), ["INSPECTIONS"] = (1131, 1022), ["ISSUES_FOUND"] = (980, 900),
            ["ISSUES_RECTIFIED"] = (650, 586), ["VOLUNTEERS"] = (20300, 21000), ["RECTIFICATION_RATE"] = (650m / 980, 586m / 900),
        };
        // As the queries give them: a percentage rate's change in 百分点, everything else's as 同比.
        var lines = Catalogue.Measures.Select(m => !values.TryGetValue(m.Code, out var v) ? new SummaryLine(m, null, null, null)
            : m.Rate?.Display == DerivedDisplay.Percent ? new SummaryLine(m, v.Item1, v.Item2, null, YearOnYear.Points(v.Item1, v.Item2))
            : new SummaryLine(m, v.Item1, v.Item2, YearOnYear.Of(v.Item1, v.Item2))).ToList();
        var org = new Organisation { Id = 2, Code = "D01", Name = "东城区委" };
        return new AnnualSummary(org, year, ComparableSpan.Of(Period.OfYear(year), today), 75, lines, ranks ?? [], "示范市委");
    }

    [Fact]
    public void AYearOverIsTwoParagraphsByCategoryWithRatesAndRank()
    {
        var ranks = new[] { new SiblingRank(Catalogue.ByCode("STUDY_SESSIONS")!, 2, 6), new SiblingRank(Catalogue.ByCode("NEW_MEMBERS")!, 4, 6) };
        var paragraphs = Summary(2025, new DateOnly(2026, 3, 1), ranks).Paragraphs;
        Assert.Equal(2, paragraphs.Count);
        Assert.Equal("2025年，东城区委所属75个基层党组织在学习教育方面开展集中学习研讨2480次，同比增长3.2%。" +
                     "组织建设方面，发展党员45人，同比下降10.0%。", paragraphs[0]);
        Assert.Equal("监督检查方面，开展监督检查1131次，同比增长10.7%；发现问题980个，同比增长8.9%；完成整改650个，同比增长10.9%；" +
                     "问题整改完成率66.3%，较上年提高1.2个百分点。志愿服务方面，参与志愿服务2.03万人次，同比下降3.3%。" +
                     "在示范市委所属6个组织中，集中学习研讨次数居第2位，发展党员数居第4位。", paragraphs[1]);
        Assert.DoesNotContain(",", string.Concat(paragraphs));
        Assert.DoesNotContain("全年", string.Concat(paragraphs));
    }

    [Fact]
    public void AYearNotOverSaysThroughWhichMonthAndComparesWithTheSameMonths()
    {
        var summary = Summary(2026, new DateOnly(2026, 12, 6));
        Assert.StartsWith("截至11月底，2026年东城区委所属75个基层党组织在学习教育方面", summary.Paragraphs[0]);
        Assert.Contains("较上年同期提高", summary.Text);
        Assert.Equal("东城区委2026年1—11月党建工作数据摘要", SummaryText.Title(summary));
        Assert.Equal(string.Join("\n\n", summary.Paragraphs), summary.Text);
    }

    [Fact]
    public void AMonthStillBeingCollectedIsSaidInTheTextItselfLeftOutOrCounted()
    {
        // Left out (the default): the year runs to October, and November is named as not counted.
        var leftOut = Summary(2026, new DateOnly(2026, 12, 6)) with
        {
            Span = new ComparableSpan(Period.OfYear(2026), Period.Month(2026, 1), Period.Month(2026, 10)),
            Collecting = [new CollectingMonth(Period.Month(2026, 11), 284, 507, false)],
        };
        Assert.StartsWith("截至10月底（11月数据仍在报送中，未计入），2026年东城区委所属75个基层党组织", leftOut.Paragraphs[0]);
        Assert.Equal("东城区委2026年1—10月党建工作数据摘要", SummaryText.Title(leftOut));
        // Counted when asked: said so, with how far it has come.
        var counted = Summary(2026, new DateOnly(2026, 12, 6)) with { Collecting = [new CollectingMonth(Period.Month(2026, 11), 284, 507, true)] };
        Assert.StartsWith("截至11月底（含11月报送中数据，已报 284/507），2026年东城区委所属75个基层党组织", counted.Paragraphs[0]);
    }

    [Fact]
    public void APercentageRatesChangeIsInPointsInTheTableAsInTheText()
    {
        var summary = Summary(2025, new DateOnly(2026, 3, 1));
        var rate = summary.Lines.Single(l => l.Measure.Rate?.Display == DerivedDisplay.Percent);
        Assert.Null(rate.Yoy);
        Assert.Equal("+1.2个百分点", rate.Change);
        Assert.Contains("较上年提高1.2个百分点", summary.Text);
        using var zip = new ZipArchive(new MemoryStream(SummaryDocument.Write(summary)));
        Assert.Contains("+1.2个百分点", new StreamReader(zip.GetEntry("word/document.xml")!.Open()).ReadToEnd());
    }

    [Fact]
    public void NothingReportedSaysSo() =>
        Assert.Equal(["2025年，东城区委所属75个基层党组织尚无报送数据。"],
            new AnnualSummary(new Organisation { Code = "D01", Name = "东城区委" }, 2025,
                ComparableSpan.Of(Period.OfYear(2025), new DateOnly(2026, 3, 1)), 75,
                Catalogue.Measures.Select(m => new SummaryLine(m, null, null, null)).ToList(), [], null).Paragraphs);

    [Fact]
    public void TheWordDocumentHoldsTheTitleTheParagraphsAndTheFigures()
    {
        var summary = Summary(2025, new DateOnly(2026, 3, 1));
        using var zip = new ZipArchive(new MemoryStream(SummaryDocument.Write(summary)));
        var xml = new StreamReader(zip.GetEntry("word/document.xml")!.Open()).ReadToEnd();
        Assert.Contains("东城区委2025年党建工作数据摘要", xml);
        foreach (var paragraph in summary.Paragraphs) Assert.Contains(paragraph, xml);
        Assert.Contains("仿宋_GB2312", xml);
        Assert.Contains("66.3%", xml);
        Assert.Contains("2480次", xml);
    }
}
