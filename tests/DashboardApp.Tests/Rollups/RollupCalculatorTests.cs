using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Rollups;

public class RollupCalculatorTests
{
    private const int Study = 1, Members = 2;
    private static readonly Dictionary<int, Aggregation> Aggregations = new() { [Study] = Aggregation.Sum, [Members] = Aggregation.Last };
    private static readonly Core.Organisations.OrganisationTree Tree = TestTree.Build();
    private static int Id(string code) => Tree.ByCode(code)!.Id;

    private static UnitMonthValue V(string unit, int month, int indicator, decimal value) =>
        new(Id(unit), Period.Month(2025, month), indicator, value);

    private static RollupValue? Find(List<RollupValue> rows, string org, string period, int indicator) =>
        rows.SingleOrDefault(r => r.OrganisationId == Id(org) && r.Period.ToString() == period && r.IndicatorId == indicator);

    [Fact]
    public void SumAddsOverMonthsAndUpTheTreeAtAnyDepth()
    {
        var rows = RollupCalculator.Compute(Tree, Aggregations,
            [V("D1-S1-U1", 1, Study, 3), V("D1-S1-U1", 2, Study, 4), V("D1-S1-U2", 2, Study, 5), V("D2-U3", 2, Study, 7)]);

        Assert.Equal((9m, 2), (Find(rows, "D1-S1", "2025-02", Study)!.Value, Find(rows, "D1-S1", "2025-02", Study)!.ReportingUnits));
        Assert.Equal(12m, Find(rows, "D1-S1", "2025-Q1", Study)!.Value);
        Assert.Equal(12m, Find(rows, "D1", "2025", Study)!.Value);
        Assert.Equal((19m, 3), (Find(rows, "C", "2025", Study)!.Value, Find(rows, "C", "2025", Study)!.ReportingUnits));
        Assert.Equal(7m, Find(rows, "D2", "2025-Q1", Study)!.Value);
    }

    [Fact]
    public void LastTakesEachUnitsLatestValueInThePeriodThenSumsUnits()
    {
        var rows = RollupCalculator.Compute(Tree, Aggregations,
            [V("D1-S1-U1", 1, Members, 30), V("D1-S1-U1", 3, Members, 32), V("D1-S1-U2", 2, Members, 10), V("D1-S1-U2", 4, Members, 11)]);

        Assert.Equal(42m, Find(rows, "D1-S1", "2025-Q1", Members)!.Value); // 32 (March) + 10 (February)
        Assert.Equal(43m, Find(rows, "C", "2025", Members)!.Value);        // 32 + 11 (April)
        Assert.Equal(30m, Find(rows, "D1", "2025-01", Members)!.Value);
    }

    [Fact]
    public void NothingIsMaterialisedForReportingUnitsOrWhereNothingWasReported()
    {
        var rows = RollupCalculator.Compute(Tree, Aggregations, [V("D2-U3", 5, Study, 0)]);
        Assert.DoesNotContain(rows, r => r.OrganisationId == Id("D2-U3"));
        Assert.Null(Find(rows, "D1", "2025-05", Study));
        Assert.Equal((0m, 1), (Find(rows, "D2", "2025-05", Study)!.Value, Find(rows, "D2", "2025-05", Study)!.ReportingUnits));
    }

    [Fact]
    public void AUnitsOwnQuarterFollowsTheSameRules()
    {
        (Period, decimal)[] monthly = [(Period.Month(2025, 1), 30), (Period.Month(2025, 3), 32), (Period.Month(2025, 4), 50)];
        Assert.Equal(32m, RollupCalculator.UnitValue(monthly, Period.Quarter(2025, 1), Aggregation.Last));
        Assert.Equal(62m, RollupCalculator.UnitValue(monthly, Period.Quarter(2025, 1), Aggregation.Sum));
        Assert.Null(RollupCalculator.UnitValue(monthly, Period.Quarter(2025, 3), Aggregation.Sum));
    }

    [Fact]
    public void AnOrganisationsSpanIsEachUnitFoldedByTheOneRuleThenAddedOverTheUnits()
    {
        // Unit 1 sent March before January (order does not matter); unit 2 only February.
        (int, Period, decimal)[] values = [(1, Period.Month(2025, 3), 31), (1, Period.Month(2025, 1), 30), (2, Period.Month(2025, 2), 12)];

        Assert.Equal((43m, 2), RollupCalculator.UnitsTotal(values, Aggregation.Last));
        Assert.Equal((73m, 2), RollupCalculator.UnitsTotal(values, Aggregation.Sum));
        Assert.Equal((null, 0), RollupCalculator.UnitsTotal([], Aggregation.Sum));
    }
}
