using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Assessment;

/// <summary>达标标准: a unit meets a span's standard when it met it in every final period of the span it was open for.</summary>
public class StandardsTests
{
    private static readonly Organisation A = new() { Id = 1, Code = "A", Name = "甲支部" };
    private static readonly Organisation B = new() { Id = 2, Code = "B", Name = "乙支部" };
    private static readonly Organisation C = new() { Id = 3, Code = "C", Name = "丙支部", OpenedOn = new DateOnly(2026, 4, 1) };
    private static readonly Organisation D = new() { Id = 4, Code = "D", Name = "丁支部", ClosedOn = new DateOnly(2025, 12, 31) };

    private static List<Period> Months(int last) => [.. Enumerable.Range(1, last).Select(m => Period.Month(2026, m))];

    [Fact]
    public void EachMonthIsJudgedAndAUnitIsJudgedOnlyForTheMonthsItWasOpen()
    {
        var values = new Dictionary<(int, Period), decimal>();
        foreach (var m in Months(6))
        {
            values[(1, m)] = 1;
            values[(2, m)] = m.Index == 3 ? 0 : 2;
            if (m.Index >= 4) values[(3, m)] = 1;
        }
        var result = Standards.Evaluate(new Standard { Min = 1, Per = StandardPer.Month }, Aggregation.Sum, Months(6), [A, B, C, D],
            (u, m) => values.TryGetValue((u, m), out var v) ? v : null);
        // A and C (open from April, reported April—June) met it; B fell short in March; D closed before the span and is not judged.
        Assert.Equal((2, 1, 0), (result.Met, result.NotMet, result.NotReported));
        Assert.Equal(2m / 3, result.Rate);
        var b = Assert.Single(result.Falling);
        Assert.Equal(("B", "未达标", 0m), (b.Org, b.StateText, b.Values.Single(v => v.Period == "2026-03").Value));
        Assert.Equal(6, result.Periods.Count);
    }

    [Fact]
    public void AQuarterIsJudgedOnlyWhenAllItsMonthsAreInTheSpanAndAnUnreportedOneIsNotReported()
    {
        var values = new Dictionary<(int, Period), decimal> { [(1, Period.Month(2026, 1))] = 2, [(1, Period.Month(2026, 5))] = 1 };
        var result = Standards.Evaluate(new Standard { Min = 2, Per = StandardPer.Quarter }, Aggregation.Sum, Months(5), [A, B],
            (u, m) => values.TryGetValue((u, m), out var v) ? v : null);
        // 1—5月 holds Q1 only; A did 2 in it (met); B reported nothing.
        Assert.Equal([Period.Quarter(2026, 1)], result.Periods);
        Assert.Equal((1, 0, 1), (result.Met, result.NotMet, result.NotReported));
        Assert.Equal("未报", result.Falling.Single().StateText);
        Assert.Equal("集中学习研讨次数 ≥ 1 每月", StandardResult.Describe("集中学习研讨次数", 1, StandardPer.Month));
    }

    [Fact]
    public async Task OnlyAnAdministratorSetsAStandardAndItIsAudited()
    {
        await using var database = await ServicesDatabase.SmallCityAsync();
        var standards = database.Get<Standards>();
        Assert.Equal(Actor.NoRights, await standards.SetAsync(new Actor("qu", Roles.DistrictAdmin, "D1"), "STUDY_SESSIONS", 1, StandardPer.Month));
        Assert.Null(await standards.SetAsync(Actor.System("test"), "集中学习研讨次数", 1, StandardPer.Month));
        Assert.Equal("未知指标“NOPE”", await standards.SetAsync(Actor.System("test"), "NOPE", 1, StandardPer.Month));
        Assert.Single(await standards.ListAsync());
        await using var db = await database.Factory.CreateDbContextAsync();
        var entry = db.AuditEntries.Single(a => a.Subject == "达标标准");
        Assert.Equal(("集中学习研讨次数", "新增"), (entry.Target, entry.Action));
        Assert.Contains("周期：每月", Core.Access.AuditText.Describe(entry.After));
    }

    [Fact]
    public async Task QueryCarriesTheStandardOfAnIndicatorThatHasOne()
    {
        using var db = await TempDatabase.WithTreeAsync();
        await db.RunJsonAsync("standards", "set", "--indicator", "STUDY_SESSIONS", "--min", "5", "--per", "year");
        foreach (var (unit, month, sessions) in new[] { ("D1-S1-U1", 3, 3), ("D1-S1-U1", 4, 3), ("D1-S1-U2", 3, 2) })
            await db.RunJsonAsync("import", db.Write($"{unit}-{month}.xlsx", TestWorkbooks.FilledTemplate(TestWorkbooks.Unit(unit),
                Period.Month(2025, month), new Dictionary<string, object> { ["STUDY_SESSIONS"] = sessions })));
        await db.RunJsonAsync("rollup");
        var figure = await db.RunJsonAsync("query", "--org", "D1-S1", "--period", "2025", "--indicator", "STUDY_SESSIONS");
        var standard = figure.GetProperty("standard");
        // U1 did 6 ≥ 5; U2 2; U9 (opened June 2025) reported nothing.
        Assert.Equal((5m, "year", 1, 1, 1), (standard.GetProperty("min").GetDecimal(), standard.GetProperty("per").GetString(),
            standard.GetProperty("met").GetInt32(), standard.GetProperty("notMet").GetInt32(), standard.GetProperty("notReported").GetInt32()));
        Assert.Equal(1m / 3, standard.GetProperty("rate").GetDecimal(), 6);
        Assert.False((await db.RunJsonAsync("query", "--org", "D1-S1", "--period", "2025", "--indicator", "NEW_MEMBERS")).TryGetProperty("standard", out _));
        var (exit, _, error) = await db.RunAsync("standards", "set", "--indicator", "STUDY_SESSIONS", "--min", "1", "--per", "weekly");
        Assert.Equal(2, exit);
        Assert.Contains("--per 应为 month、quarter 或 year", error);
        Assert.True((await db.RunJsonAsync("standards", "set", "--indicator", "STUDY_SESSIONS", "--remove")).GetProperty("removed").GetBoolean());
    }
}
