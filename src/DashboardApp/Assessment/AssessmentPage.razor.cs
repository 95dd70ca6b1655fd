using DashboardApp.Access;
using DashboardApp.Components;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Organisations;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Radzen;

namespace DashboardApp.Assessment;

public partial class AssessmentPage
{
    [SupplyParameterFromQuery] public string? Org { get; set; }
    [SupplyParameterFromQuery] public string? Year { get; set; }

    private Organisation? _org;
    private int _year;
    private List<int> _years = [];
    private List<Choice> _orgChoices = [];
    private AssessmentScheme? _scheme;
    private AssessmentResult? _current;
    private AssessmentResult? _published;
    private AssessmentResult? _shown;
    private List<AssessmentChange> _changes = [];
    private List<string> _messages = [];
    private List<string> _errors = [];
    private string? _notice;
    private string? _problem;
    private string? _open;
    private bool _mayScore;
    private bool _isAdmin;
    private string? _schemeText;
    private int _schemeYear;
    private List<string> _schemeProblems = [];
    private bool _ownOnly;
    private OrganisationTree? _tree;
    private decimal? _manualScore;
    private string? _manualNote;

    protected override async Task LoadAsync()
    {
        var filter = await Filters.OpenAsync(Org);
        (_messages, _org) = (filter.Notices, filter.Org);
        (_current, _published, _shown, _changes, _problem) = (null, null, null, [], null);
        if (_org is null) return;
        var tree = _tree = filter.Tree;
        _years = filter.YearChoices;
        _year = filter.Year(Year);
        _mayScore = filter.User.Role is Roles.Admin or Roles.DistrictAdmin;
        _isAdmin = filter.User.Role == Roles.Admin;
        // The editor keeps what the administrator is typing when the page reloads its figures; a new year starts from that year's scheme.
        if (_isAdmin && (_schemeText is null || _schemeYear != _year))
            (_schemeText, _schemeYear) = (await AssessmentService.SchemeTextAsync(_year) ?? EmptyScheme(_year), _year);
        _orgChoices = filter.NamedChoices(o => !tree.IsReportingUnit(o.Id));
        (_scheme, var problems) = await AssessmentService.SchemeAsync(_year);
        if (_scheme is null) { _problem = string.Join("；", problems); return; }
        // A reporting unit sees its own row of the result its superior published, and nothing of the others'.
        _ownOnly = tree.IsReportingUnit(_org.Id) && !filter.User.MaySeeParentOf(_org, tree);
        if (_ownOnly || tree.ChildrenOf(_org.Id).Count == 0)
        {
            var parent = _org.ParentId is { } p ? tree.ById(p) : null;
            var published = parent is null ? null : await AssessmentService.PublishedAsync(parent, _year);
            var own = published?.Rows.FirstOrDefault(r => r.Org == _org.Code);
            if (own is null) { _problem = $"“{_org.Name}”{_year}年度的考核结果尚未发布。"; return; }
            _shown = published! with { Rows = [own] };
            _open = own.Org;
            return;
        }
        (_current, var problem) = await AssessmentService.ComputeAsync(_org, _year);
        if (_current is null) { _problem = problem; return; }
        _published = await AssessmentService.PublishedAsync(_org, _year);
        _changes = _published is null ? [] : Assessments.Differences(_published, _current);
        _shown = _published ?? _current;
    }

    /// <summary>Where a score's figures can be followed down to the units, their months and the cells they came from: a unit's own page
    /// (its months and submissions), else the 排名 of its units for the indicator, its 目标任务 (standards and their units) or its 报送情况.</summary>
    private string? DetailLink(string org, SchemeItem item)
    {
        if (item.Method == ScoringMethod.Manual || _tree?.ByCode(org) is not { } o) return null;
        var code = Uri.EscapeDataString(org);
        if (_tree.IsReportingUnit(o.Id)) return $"units/{code}?year={_year}";
        return item.Method switch
        {
            ScoringMethod.Completion or ScoringMethod.Rank => $"ranking?org={code}&period={_year}&indicator={item.Indicator}",
            ScoringMethod.Standard => $"targets?org={code}&year={_year}",
            ScoringMethod.Timeliness or ScoringMethod.Quality => $"reporting?org={code}",
            _ => null,
        };
    }

    private void Go(string? org = null, string? year = null) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["org"] = org ?? _org?.Code, ["year"] = year ?? _year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    private async Task<Actor?> ActorAsync()
    {
        try { return (await Scope.ForChangeAsync(Roles.Admin, Roles.DistrictAdmin)).Actor; }
        catch (UnauthorizedAccessException denied) { _errors.Add(denied.Message); return null; }
    }

    private async Task ScoreAsync(string org, string item)
    {
        (_errors, _notice) = ([], null);
        if (_manualScore is null) { _errors.Add("请填写得分"); return; }
        if (await ActorAsync() is not { } actor) return;
        if (await AssessmentService.ScoreAsync(actor, org, _year, item, _manualScore.Value, _manualNote ?? "") is { } refusal) { _errors.Add(refusal); return; }
        _notice = $"已保存“{item}”的评分。";
        (_manualScore, _manualNote) = (null, null);
        await LoadAsync();
    }

    private async Task PublishAsync()
    {
        (_errors, _notice) = ([], null);
        var text = _published is null
            ? $"发布{_org!.Name}{_year}年度考核结果？发布后结果固定下来，此后数据变化不会改变已发布的结果。"
            : $"按当前数据重新发布{_org!.Name}{_year}年度考核结果？已发布的结果将被新的结果取代（原结果保留在审计日志中）。";
        if (await Dialogs.Confirm(text, "发布考核结果", new ConfirmOptions { OkButtonText = "发布", CancelButtonText = "取消" }) != true) return;
        if (await ActorAsync() is not { } actor) return;
        if (await AssessmentService.PublishAsync(actor, _org.Code, _year) is { } refusal) { _errors.Add(refusal); return; }
        _notice = $"已发布{_org.Name}{_year}年度考核结果。";
        await LoadAsync();
    }

    private static string EmptyScheme(int year) => $$"""
        {
          "year": {{year}},
          "name": "{{year}}年度党建工作目标考核细则",
          "items": [
            { "name": "发展党员计划完成率", "points": 40, "method": "completion", "indicator": "NEW_MEMBERS" },
            { "name": "按时报送", "points": 30, "method": "timeliness" },
            { "name": "述职评议", "points": 30, "method": "manual" }
          ],
          "grades": [ { "name": "优秀", "min": 90 }, { "name": "良好", "min": 75 } ]
        }
        """;

    private async Task SaveSchemeAsync()
    {
        (_errors, _notice, _schemeProblems) = ([], null, []);
        UserScope.Info user;
        try { user = await Scope.ForChangeAsync(Roles.Admin); }
        catch (UnauthorizedAccessException denied) { _errors.Add(denied.Message); return; }
        var problems = await AssessmentService.SaveSchemeAsync(_schemeText ?? "", user.Actor);
        if (problems.Count > 0) { _schemeProblems = [.. problems]; return; }
        _notice = "已保存考核细则。";
        _schemeText = null;
        await LoadAsync();
    }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    private async Task PrintAsync() => await JS.InvokeVoidAsync("print");
}
