using DashboardApp.Core.Indicators;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Indicators;

public class CatalogueTests
{
    private static IndicatorCatalogue Catalogue => TestCatalogue.Catalogue;

    [Fact]
    public void TheShippedCatalogueHasAllSeventeenIndicatorsWithTheirProperties()
    {
        Assert.Equal(17, Catalogue.All.Count);
        var hours = Catalogue.ByCode("VOLUNTEER_HOURS")!;
        Assert.Equal(("志愿服务时长", "小时", "志愿服务", IndicatorValueType.Decimal, 1),
            (hours.Name, hours.Unit, hours.Category, hours.ValueType, hours.Decimals));
        Assert.Equal(Aggregation.Last, Catalogue.ByCode("MEMBERS_TOTAL")!.Aggregation);
        Assert.All(Catalogue.All, i => Assert.NotNull(i.Ceiling));
        Assert.All(Catalogue.All, i => Assert.Contains(i.Category, new[] { "学习教育", "组织建设", "监督检查", "志愿服务" }));
    }

    [Fact]
    public void FourHeadlineIndicatorsAreMarked() =>
        Assert.Equal(["STUDY_SESSIONS", "NEW_MEMBERS", "INSPECTIONS", "VOLUNTEERS"], Catalogue.Headlines.Select(i => i.Code));

    [Theory]
    [InlineData("发展党员", "NEW_MEMBERS")]
    [InlineData("新发展党员", "NEW_MEMBERS")]
    [InlineData("发展党员人数", "NEW_MEMBERS")]
    [InlineData("发展党员数（人）", "NEW_MEMBERS")]
    [InlineData("发展党员数(人)", "NEW_MEMBERS")]
    [InlineData(" 志愿者人次 ", "VOLUNTEERS")]
    [InlineData("new_members", "NEW_MEMBERS")]
    [InlineData("志愿服务时长（小时）", "VOLUNTEER_HOURS")]
    public void HeadersFindTheirIndicatorByNameCodeOrAlias(string header, string code) =>
        Assert.Equal(code, Catalogue.Find(header)?.Code);

    [Fact]
    public void AnUnknownHeaderFindsNothing() => Assert.Null(Catalogue.Find("食堂就餐人数"));

    [Fact]
    public void AnAliasClaimedByTwoIndicatorsIsRejectedWhenTheCatalogueLoads()
    {
        Indicator Make(string code, params string[] aliases) => new()
        { Code = code, Name = code + "名", Unit = "次", Category = "学习教育", Aliases = [.. aliases] };
        Assert.Throws<InvalidDataException>(() => new IndicatorCatalogue([Make("A", "学习"), Make("B", "学习")]));
    }
}
