using Bunit;
using DashboardApp.Assessment;
using DashboardApp.Core.Assessment;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace DashboardApp.Tests.Components;

/// <summary>
/// 目标任务's 达标标准 (<see cref="StandardsSection"/>): each standard with its counts and rate, the units short of it with the periods and
/// values that failed (in Chinese, 未报 for a period without a value), and setting or removing a standard offered to the 系统管理员 only.
/// </summary>
public sealed class StandardsSectionTests : IDisposable
{
    private readonly BunitContext _context = new();

    public StandardsSectionTests()
    {
        _context.Services.AddRadzenComponents();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _context.Dispose();

    private static readonly StandardsSection.Line Study = new("STUDY_SESSIONS", "集中学习研讨次数 ≥ 2 每月",
        new StandardResult(2, StandardPer.Month, Met: 3, NotMet: 1, NotReported: 1)
        {
            Falling =
            [
                new("D1-S1-U2", "光明村党支部", StandardState.NotMet, [new("2026-09", 3), new("2026-10", 1)]),
                new("D2-U3", "东风社区党委", StandardState.NotReported, [new("2026-09", 2), new("2026-10", null)]),
            ],
        });

    [Fact]
    public void AStandardShowsItsCountsAndTheUnitsShortOfItWithThePeriodsThatFailed()
    {
        var section = _context.Render<StandardsSection>(p => p.Add(s => s.Lines, [Study]).Add(s => s.PeriodLabel, "1—10月"));

        var cells = section.FindAll("[data-testid=standards-table] tbody tr:first-child td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["集中学习研讨次数 ≥ 2 每月", "3", "1", "1", "60.0%"], cells);
        var falling = section.Find(".standard-short").TextContent;
        Assert.Contains("光明村党支部（未达标：2026年10月 1）", falling);
        Assert.Contains("东风社区党委（未报：2026年10月 未报）", falling);
        Assert.DoesNotContain("2026年9月", falling);
        Assert.Contains("单位在1—10月每个已截止", section.Markup);
        Assert.Empty(section.FindAll("[data-testid=standard-set]"));
        Assert.DoesNotContain("删除", section.Markup);
    }

    [Fact]
    public void AnAdministratorRemovesAStandardAndCannotSetOneBeforeChoosingItsIndicatorAndLine()
    {
        string? removed = null;
        var section = _context.Render<StandardsSection>(p => p.Add(s => s.Lines, [Study]).Add(s => s.PeriodLabel, "1—10月")
            .Add(s => s.IsAdmin, true).Add(s => s.OnRemove, code => removed = code));

        section.FindAll("button").Single(b => b.TextContent.Contains("删除", StringComparison.Ordinal)).Click();
        Assert.Equal("STUDY_SESSIONS", removed);
        Assert.True(section.Find("[data-testid=standard-set]").HasAttribute("disabled"));
    }

    [Fact]
    public void NoStandardSaysSoAndTellsTheAdministratorWhereToSetOne()
    {
        var section = _context.Render<StandardsSection>(p => p.Add(s => s.Lines, []).Add(s => s.PeriodLabel, "1—10月").Add(s => s.IsAdmin, true));
        Assert.Contains("尚未设定达标标准。在下方为指标设定", section.Markup);
        Assert.Empty(section.FindAll("[data-testid=standards-table]"));
    }
}
