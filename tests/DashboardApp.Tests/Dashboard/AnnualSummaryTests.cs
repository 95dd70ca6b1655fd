using DashboardApp.Core.Dashboard;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Dashboard;

public class AnnualSummaryTests
{
    [Theory]
    [InlineData("STUDY_SESSIONS", 1234.0, 1173.0, "全年累计集中学习研讨次数1,234次，同比增长5.2%。")]
    [InlineData("NEW_MEMBERS", 45.0, 50.0, "全年累计发展党员数45人，同比下降10.0%。")]
    [InlineData("MEMBERS_TOTAL", 5120.0, 5120.0, "年末党员总数5,120人，与上年持平。")]
    [InlineData("VOLUNTEER_HOURS", 812.5, null, "全年累计志愿服务时长812.5小时，上年无可比数据。")]
    [InlineData("INSPECTIONS", 12.0, 0.0, "全年累计监督检查次数12次，上年为 0，不计算同比。")]
    [InlineData("INSPECTIONS", null, 3.0, "全年累计监督检查次数：本年无报送数据。")]
    public void EachIndicatorReadsAsAWorkReportSentence(string code, double? value, double? lastYear, string expected)
    {
        var indicator = TestCatalogue.Catalogue.ByCode(code)!;
        decimal? v = value is null ? null : (decimal)value, l = lastYear is null ? null : (decimal)lastYear;
        Assert.Equal(expected, AnnualSummaryQueries.Sentence(indicator, v, l, YearOnYear.Of(v, l)));
    }
}
