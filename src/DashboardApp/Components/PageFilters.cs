using DashboardApp.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Components;

/// <summary>An organisation offered in a page's list: its code and its label.</summary>
public sealed record Choice(string Code, string Label);

/// <summary>A 统计期 offered in a page's list: its URL value and its label ("2026-11（报送中）").</summary>
public sealed record PeriodChoice(string Value, string Label);

/// <summary>
/// How every page opens: the signed-in user, the cached tree and catalogue (<see cref="ReferenceData"/>), the
/// calendar of the day and the organisation the URL asked for, checked against the user's scope.
/// </summary>
public sealed class PageFilters(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, UserScope scope, ReportingCalendar calendar)
{
    /// <summary>
    /// Opens a page for the organisation <paramref name="orgCode"/> from its URL; <see cref="PageFilter.Org"/> is the
    /// top of the user's scope, with a notice, when the code is unknown or out of scope, and null when they see nothing.
    /// </summary>
    public async Task<PageFilter> OpenAsync(string? orgCode)
    {
        var user = await scope.GetAsync();
        var (tree, catalogue) = await reference.GetAsync(dbFactory);
        var today = await calendar.TodayAsync();
        var filter = new PageFilter(user, tree, catalogue, today);
        filter.Org = user.Choose(tree, orgCode, filter.Notices);
        return filter;
    }
}

/// <summary>
/// A page's filters read from its URL — organisation, 统计期, indicator, year — each one checked and, when it cannot be
/// shown, replaced by the page's default with a Chinese notice in <see cref="Notices"/>. Unknown and out-of-scope
/// organisations read alike.
/// </summary>
public sealed class PageFilter(UserScope.Info user, OrganisationTree tree, IndicatorCatalogue catalogue, CalendarToday calendar)
{
    /// <summary>How many years the year lists offer.</summary>
    private const int Years = 5;

    public UserScope.Info User { get; } = user;
    public OrganisationTree Tree { get; } = tree;
    public IndicatorCatalogue Catalogue { get; } = catalogue;
    public CalendarToday Calendar { get; } = calendar;
    public Organisation? Org { get; internal set; }
    public List<string> Notices { get; } = [];

    /// <summary>
    /// The month <paramref name="text"/> names (2025-03 form) if it may be shown today, else the month pages open on
    /// (<see cref="CalendarToday.DefaultMonth"/>) with a notice saying why.
    /// </summary>
    public Period Month(string? text)
    {
        if (text is null) return Calendar.DefaultMonth;
        if (Period.TryParse(text, out var p) && p.Type == PeriodType.Month && Calendar.MayShow(p)) return p;
        Notices.Add($"统计期“{Shorten(text)}”无法识别或尚未开始报送，请使用 2025-03 形式；已显示 {Calendar.DefaultMonth.ToChinese()}。");
        return Calendar.DefaultMonth;
    }

    /// <summary>A month, quarter or year (2025-03, 2025-Q1, 2025) that may be shown today, else the default month with a notice.</summary>
    public Period AnyPeriod(string? text)
    {
        if (text is null) return Calendar.DefaultMonth;
        if (PeriodText.TryParse(text, out var p) && Calendar.MayShow(p)) return p;
        Notices.Add($"统计期“{Shorten(text)}”无法识别或尚未开始报送，请使用 2025-03、2025-Q1 或 2025 形式；已显示 {Calendar.DefaultMonth.ToChinese()}。");
        return Calendar.DefaultMonth;
    }

    /// <summary>A month to narrow a list to, or null (all months) when none is asked for or it cannot be read.</summary>
    public Period? OptionalMonth(string? text)
    {
        if (text is null) return null;
        if (Period.TryParse(text, out var p) && p.Type == PeriodType.Month) return p;
        Notices.Add($"统计期“{Shorten(text)}”无法识别，请使用 2025-03 形式；已显示全部统计期。");
        return null;
    }

    /// <summary>The years a page offers, newest first: the year of the latest reportable month and four before it.</summary>
    public List<int> YearChoices => Enumerable.Range(Calendar.LatestReportable.Year - Years + 1, Years).Reverse().ToList();

    /// <summary>The year <paramref name="text"/> names if offered, else the year of the month pages open on, with a notice.</summary>
    public int Year(string? text)
    {
        var fallback = Calendar.DefaultMonth.Year;
        if (text is null) return fallback;
        if (int.TryParse(text, out var y) && YearChoices.Contains(y)) return y;
        Notices.Add($"没有“{Shorten(text)}”年的数据，已显示 {fallback} 年。");
        return fallback;
    }

    /// <summary>The indicator <paramref name="code"/> names, else the first headline indicator with a notice.</summary>
    public Indicator Indicator(string? code)
    {
        var fallback = Catalogue.Headlines.First();
        if (code is null) return fallback;
        if (Catalogue.ByCode(code) is { } wanted) return wanted;
        Notices.Add($"指标“{Shorten(code)}”不存在，已显示“{fallback.Name}”。");
        return fallback;
    }

    /// <summary>The indicator or derived rate <paramref name="code"/> names, else the first headline indicator with a notice.</summary>
    public Measure Measure(string? code)
    {
        if (code is not null && Catalogue.MeasureByCode(code) is { } wanted) return wanted;
        return Indicator(code);
    }

    /// <summary>One of <paramref name="allowed"/>, or null (all) with a notice naming <paramref name="what"/>.</summary>
    public string? OneOf(string? text, IReadOnlyCollection<string> allowed, string what)
    {
        if (text is null) return null;
        if (allowed.Contains(text)) return text;
        Notices.Add($"{what}“{Shorten(text)}”不存在，已显示全部。");
        return null;
    }

    /// <summary>The months a page offers, newest first, the month being collected marked; <paramref name="selected"/> always among them.</summary>
    public List<PeriodChoice> MonthChoices(int count, Period selected)
    {
        var months = Calendar.RecentMonths(count).ToList();
        if (!months.Contains(selected)) months.Add(selected);
        return months.Select(m => new PeriodChoice(m.ToString(), Calendar.Choice(m))).ToList();
    }

    /// <summary>Every organisation the user may see, the top of their scope first, in tree order.</summary>
    public IEnumerable<Organisation> InScope => User.Tops(Tree).SelectMany(t => Tree.Subtree(t.Id));

    /// <summary>The organisations in scope indented by level under the top of the scope ("　　某街道").</summary>
    public List<Choice> IndentedChoices()
    {
        var tops = User.Tops(Tree);
        return InScope.Select(o => new Choice(o.Code, new string('　', o.Level - tops[0].Level) + o.Name)).ToList();
    }

    /// <summary>The organisations in scope <paramref name="where"/> holds for, labelled "名称（代码）".</summary>
    public List<Choice> NamedChoices(Func<Organisation, bool>? where = null, string suffix = "") =>
        InScope.Where(where ?? (_ => true)).Select(o => new Choice(o.Code, $"{o.Name}（{o.Code}）{suffix}")).ToList();

    /// <summary>The organisation <paramref name="code"/> names if it exists and the user may see it; null reads the same for both.</summary>
    public Organisation? Visible(string code) => User.Find(Tree, code);

    /// <summary>The breadcrumb above <paramref name="org"/>: its ancestors the user may see, top first.</summary>
    public List<Organisation> Trail(Organisation org) => User.VisibleAncestors(Tree, org);

    private static string Shorten(string text) => text.Length > 16 ? text[..16] + "…" : text;
}
