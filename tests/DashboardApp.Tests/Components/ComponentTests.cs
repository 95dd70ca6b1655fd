using Bunit;
using DashboardApp.Components.Filters;
using DashboardApp.Core.Submissions;
using DashboardApp.Submissions;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace DashboardApp.Tests.Components;

/// <summary>
/// The shared pieces of the pages rendered on their own (bUnit): what they show for what they are given, and what they do when used —
/// so the browser suite keeps to what only a browser shows.
/// </summary>
public sealed class ComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public ComponentTests()
    {
        _context.Services.AddRadzenComponents();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _context.Dispose();

    private static EntryRow Study(decimal? current = null) => new(TestCatalogue.Get("STUDY_SESSIONS"), current, null, 4, 3);

    [Fact]
    public void AnEntryBoxShowsItsReferenceValuesAndSaysABlankKeepsWhatWasReported()
    {
        var box = _context.Render<EntryBox>(p => p.Add(b => b.Row, Study(current: 5)).Add(b => b.Text, ""));

        Assert.Equal("集中学习研讨次数（次）", box.Find("label.entry-name").TextContent);
        Assert.Contains("上月 4 · 去年同月 3", box.Find(".entry-ref").TextContent);
        Assert.Contains("已报 5，留空不会撤销", box.Find(".entry-kept").TextContent);
        Assert.Empty(box.FindAll(".entry-feedback"));

        box.Render(p => p.Add(b => b.Text, "6"));
        Assert.Empty(box.FindAll(".entry-kept"));
    }

    [Fact]
    public void AnEntryBoxShowsAProblemAsAnAlertBeforeACheckAndNeverBoth()
    {
        var box = _context.Render<EntryBox>(p => p.Add(b => b.Row, Study()).Add(b => b.Text, "很多")
            .Add(b => b.Problem, "无法识别为数字").Add(b => b.Check, "按 30 计入"));

        var problem = box.Find("[data-testid=problem-STUDY_SESSIONS]");
        Assert.Equal(("alert", "无法识别为数字"), (problem.GetAttribute("role"), problem.TextContent));
        Assert.Contains("entry-row-error", box.Find(".entry-row").ClassName);
        Assert.Empty(box.FindAll("[data-testid=check-STUDY_SESSIONS]"));

        box.Render(p => p.Add(b => b.Problem, (string?)null));
        Assert.Equal("按 30 计入", box.Find("[data-testid=check-STUDY_SESSIONS]").TextContent);
        Assert.Contains("entry-row-warn", box.Find(".entry-row").ClassName);
    }

    [Fact]
    public void TypingInAnEntryBoxHandsTheTextAndTheNoteToThePage()
    {
        var (texts, notes) = (new List<string>(), new List<string>());
        var box = _context.Render<EntryBox>(p => p.Add(b => b.Row, Study())
            .Add(b => b.TextChanged, (string t) => texts.Add(t)).Add(b => b.NoteChanged, (string n) => notes.Add(n)));

        box.Find("[data-testid=value-STUDY_SESSIONS]").Input("４");
        box.Find("[data-testid=note-STUDY_SESSIONS]").Input("含线上学习1次");

        Assert.Equal(["４"], texts);
        Assert.Equal(["含线上学习1次"], notes);
    }

    [Fact]
    public void TheProvisionalSwitchIsOfferedOnlyWithANoteAndPutsItsChoiceInTheAddress()
    {
        Assert.Empty(_context.Render<ProvisionalField>(p => p.Add(f => f.Note, (string?)null)).FindAll("[data-testid=provisional-field]"));

        var navigation = _context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/ranking?org=D1&period=2026");
        var field = _context.Render<ProvisionalField>(p => p.Add(f => f.Note, "11月报送中（已报 43/75），未计入").Add(f => f.Value, false));
        Assert.Contains("含报送中月份", field.Find("[data-testid=provisional-field]").TextContent);

        field.Find("[data-testid=provisional-field] input[type=checkbox]").Change(true);
        Assert.EndsWith("/ranking?org=D1&period=2026&provisional=1", navigation.Uri);
        Assert.True(ProvisionalField.Read("1") && ProvisionalField.Read("true") && !ProvisionalField.Read("0") && !ProvisionalField.Read(null));
    }

    [Fact]
    public void AMonthStillBeingCollectedIsMarkedWithItsDeadlineAndCountAndAFinalOneIsNot()
    {
        var november = Core.Periods.Period.Month(2026, 11);
        var calendar = new Core.Periods.CalendarToday(new DateOnly(2026, 12, 7), november,
            new Dictionary<Core.Periods.Period, DateOnly> { [november] = new(2026, 12, 10) }, 10);

        var collecting = _context.Render<global::DashboardApp.Components.CollectingMark>(p => p.Add(m => m.Calendar, calendar).Add(m => m.Month, november)
            .Add(m => m.Reported, 70).Add(m => m.Expected, 75));
        Assert.Equal("报送中 · 截止12月10日 · 已报 70/75", collecting.Find("[data-testid=collecting-mark]").TextContent.Trim());

        var october = _context.Render<global::DashboardApp.Components.CollectingMark>(p => p.Add(m => m.Calendar, calendar).Add(m => m.Month, november.PreviousMonth()));
        Assert.Empty(october.FindAll("[data-testid=collecting-mark]"));
    }
}
