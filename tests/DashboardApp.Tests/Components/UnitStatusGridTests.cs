using Bunit;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Periods;
using DashboardApp.Cycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Radzen;

namespace DashboardApp.Tests.Components;

/// <summary>
/// 报送情况's list of units (<see cref="UnitStatusGrid"/>) pages and filters in the database, not in the circuit: it asks its loader for
/// one page of 20 in the page's state and order, shows what comes back and how many there are, and asks again from the first page when
/// the page's state changes.
/// </summary>
public sealed class UnitStatusGridTests : IDisposable
{
    private readonly BunitContext _context = new();
    private readonly List<(UnitFilter Filter, int Skip, int? Take)> _asked = [];

    public UnitStatusGridTests()
    {
        _context.Services.AddRadzenComponents();
        _context.Services.AddSingleton(new MailSender(Options.Create(new MailOptions()), NullLogger<MailSender>.Instance));
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _context.Dispose();

    private Task<UnitList> Load(UnitFilter filter, int skip, int? take)
    {
        _asked.Add((filter, skip, take));
        UnitStatus[] units =
        [
            new("D1-S1-U7", "甲街道第七党支部", "D1-S1", "甲街道", ReportState.Missing, null),
            new("D1-S1-U2", "甲街道第二党支部", "D1-S1", "甲街道", ReportState.Late, new DateTime(2026, 11, 7, 2, 0, 0, DateTimeKind.Utc))
                { Review = MonthReviewState.Pending },
        ];
        var matching = units.Where(u => filter.State is null || (filter.State == UnitStates.Missing) == (u.State == ReportState.Missing)).ToList();
        return Task.FromResult(new UnitList(matching, matching.Count + 40));
    }

    [Fact]
    public void TheListAsksForOnePageInThePagesStateAndShowsWhatComesBack()
    {
        var grid = _context.Render<UnitStatusGrid>(p => p.Add(g => g.Load, Load).Add(g => g.Month, Period.Month(2026, 10))
            .Add(g => g.State, (string?)null).Add(g => g.CanAct, true).Add(g => g.Missing, 1));

        var (filter, skip, take) = Assert.Single(_asked);
        Assert.Equal((null, null, UnitOrder.MissingFirst, 0, 20), (filter.State, filter.Search, filter.Order, skip, take));
        grid.WaitForAssertion(() => Assert.Contains("甲街道第七党支部", grid.Markup));
        Assert.Contains("甲街道第二党支部", grid.Markup);
        Assert.Contains("共 42 个单位", grid.Markup);
        // 催报 is offered for the missing unit only; 核实 and 退回 for the one that reported.
        Assert.Single(grid.FindAll("[data-testid=remind-select]"));
        Assert.NotEmpty(grid.FindAll("[data-testid=verify-D1-S1-U2]"));
        Assert.Empty(grid.FindAll("[data-testid=verify-D1-S1-U7]"));

        grid.Render(p => p.Add(g => g.State, UnitStates.Missing));
        grid.WaitForAssertion(() => Assert.Equal(2, _asked.Count));
        Assert.Equal((UnitStates.Missing, 0), (_asked[^1].Filter.State, _asked[^1].Skip));
        grid.WaitForAssertion(() => Assert.DoesNotContain("甲街道第二党支部", grid.Markup));
    }

    [Fact]
    public void AnOfficerWhoMayNotActSeesNoChoices()
    {
        var grid = _context.Render<UnitStatusGrid>(p => p.Add(g => g.Load, Load).Add(g => g.Month, Period.Month(2026, 10))
            .Add(g => g.CanAct, false));
        grid.WaitForAssertion(() => Assert.Contains("甲街道第七党支部", grid.Markup));
        Assert.Empty(grid.FindAll("[data-testid=remind-select]"));
        Assert.Empty(grid.FindAll("[data-testid^=verify-]"));
    }
}
