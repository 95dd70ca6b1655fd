using DashboardApp.Components;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Radzen;

namespace DashboardApp.Assessment;

public partial class TargetsPage
{
    [SupplyParameterFromQuery] public string? Org { get; set; }
    [SupplyParameterFromQuery] public string? Year { get; set; }
    [SupplyParameterFromQuery] public string? Indicator { get; set; }
    [SupplyParameterFromQuery] public string? Quarter { get; set; }

    private sealed record QuarterChoice(int Quarter, string Text);
    private static readonly List<QuarterChoice> _quarters = [new(0, "全年"), new(1, "第一季度"), new(2, "第二季度"), new(3, "第三季度"), new(4, "第四季度")];
    private int _quarter;
    private static string QuarterText(int q) => _quarters[q].Text;
    private string PeriodName => _quarter == 0 ? $"{_year}年" : $"{_year}年{QuarterText(_quarter)}";
    private Core.Periods.Period ShownPeriod => _quarter == 0 ? Core.Periods.Period.OfYear(_year) : Core.Periods.Period.Quarter(_year, _quarter);

    private sealed class Row(Organisation org, Figure figure, decimal? own)
    {
        public Organisation Org { get; } = org;
        public Figure Figure { get; } = figure;
        public decimal? Own { get; } = own;
        public decimal? Edit { get; set; } = own;
    }

    private Organisation? _org;
    private int _year;
    private Indicator? _indicator;
    private Figure? _figure;
    private List<Row> _rows = [];
    private List<int> _years = [];
    private List<Choice> _orgChoices = [];
    private List<Indicator> _indicators = [];
    private List<Indicator> _allIndicators = [];
    private List<StandardsSection.Line> _standards = [];
    private List<string> _messages = [];
    private List<string> _errors = [];
    private List<string> _warnings = [];
    private string? _notice;
    private string? _allocation;
    private bool _mayEdit;
    private bool _isAdmin;

    protected override async Task LoadAsync()
    {
        var filter = await Filters.OpenAsync(Org);
        (_messages, _org) = (filter.Notices, filter.Org);
        if (_org is null) return;
        var tree = filter.Tree;
        var top = filter.User.Tops(tree);
        _orgChoices = filter.NamedChoices(o => !tree.IsReportingUnit(o.Id) || top.Contains(o));
        _years = filter.YearChoices;
        _year = filter.Year(Year);
        _indicators = [.. filter.Catalogue.All.Where(i => i.Aggregation == Aggregation.Sum)];
        _allIndicators = [.. filter.Catalogue.All];
        var wanted = Indicator is null ? null : filter.Catalogue.Find(Indicator);
        if (Indicator is not null && wanted is not { Aggregation: Aggregation.Sum })
            _messages.Add($"指标“{Indicator}”不存在或取期末值（时点数，不设目标任务），已显示“发展党员数”等可设目标的指标。");
        _indicator = wanted is { Aggregation: Aggregation.Sum } ? wanted
            : _indicators.FirstOrDefault(i => i.Code == "NEW_MEMBERS") ?? _indicators.First();
        _quarter = int.TryParse(Quarter, out var q) && q is >= 0 and <= 4 ? q : 0;
        if (Quarter is not null && _quarter.ToString(System.Globalization.CultureInfo.InvariantCulture) != Quarter)
            _messages.Add($"期间“{Quarter}”无法识别，已显示全年。");
        (_mayEdit, _isAdmin) = (filter.User.Role is Roles.Admin or Roles.DistrictAdmin, filter.User.Role == Roles.Admin);
        _figure = await Figures.GetAsync(_org, ShownPeriod, _indicator, tree, withChildren: true);
        var targets = await TargetService.LoadAsync(_year, tree);
        _rows = [new Row(_org, _figure, targets.Own(_org.Id, _indicator.Id, _quarter)),
            .. _figure.Children!.Zip(tree.ChildrenOf(_org.Id), (f, o) => new Row(o, f, targets.Own(o.Id, _indicator.Id, _quarter)))];
        var mismatch = targets.Misallocations().FirstOrDefault(m => m.Parent.Id == _org.Id && m.Indicator == _indicator.Id && m.Quarter == _quarter);
        _allocation = mismatch.Parent is null ? null
            : $"下级目标之和为 {Format.Number(mismatch.Children)}，与本级目标 {Format.Number(mismatch.Own)} 不等，请核对分解。";
        var standards = await StandardService.ListAsync();
        _standards = [];
        foreach (var s in standards)
        {
            var indicator = filter.Catalogue.ById(s.IndicatorId)!;
            _standards.Add(new StandardsSection.Line(indicator.Code, StandardResult.Describe(indicator.Name, s.Min, s.Per),
                await StandardService.EvaluateAsync(_org, ShownPeriod, indicator, tree)));
        }
    }

    private string Link(Organisation org) => Navigation.GetUriWithQueryParameters("/targets", new Dictionary<string, object?>
    {
        ["org"] = org.Code, ["year"] = _year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["indicator"] = _indicator?.Code,
        ["quarter"] = _quarter == 0 ? null : _quarter.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private void Go(string? org = null, string? year = null, string? indicator = null, string? quarter = null)
    {
        var q = quarter ?? _quarter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["org"] = org ?? _org?.Code, ["year"] = year ?? _year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["indicator"] = indicator ?? _indicator?.Code, ["quarter"] = q == "0" ? null : q,
        }));
    }

    private async Task<Actor?> ActorAsync(params string[] roles)
    {
        try { return (await Scope.ForChangeAsync(roles)).Actor; }
        catch (UnauthorizedAccessException denied) { _errors.Add(denied.Message); return null; }
    }

    private void Clear() => (_errors, _warnings, _notice) = ([], [], null);

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        Clear();
        if (WorkbookGuard.TooLarge(e.File.Size) is { } tooLarge) { _errors.Add(tooLarge.Message); return; }
        using var stream = new MemoryStream();
        await e.File.OpenReadStream(WorkbookGuard.MaxFileBytes).CopyToAsync(stream);
        if (await ActorAsync(Roles.Admin, Roles.DistrictAdmin) is not { } actor) return;
        var report = await TargetService.ImportAsync(stream.ToArray(), e.File.Name, _year, actor);
        if (report.Status != ImportStatus.Accepted)
        {
            _errors.Add($"“{e.File.Name}”未导入，请改正以下问题后重新上传：");
            _errors.AddRange(report.Errors.Select(p => p.Describe()));
        }
        else _notice = $"已导入“{e.File.Name}”的{_year}年目标：新增 {report.Created} 个，更新 {report.Updated} 个，未变 {report.Unchanged} 个。";
        _warnings.AddRange(report.Warnings.Select(p => p.Describe()));
        await LoadAsync();
    }

    private async Task SaveAsync(Row row)
    {
        Clear();
        if (await ActorAsync(Roles.Admin, Roles.DistrictAdmin) is not { } actor) return;
        if (await TargetService.SetAsync(actor, row.Org.Code, _indicator!.Code, _year, _quarter, row.Edit) is { } refusal) _errors.Add(refusal);
        else _notice = row.Edit is null ? $"已清除“{row.Org.Name}”{PeriodName}{_indicator.Name}的目标。"
            : $"已将“{row.Org.Name}”{PeriodName}{_indicator.Name}的目标设为 {Format.Number(row.Edit)}{_indicator.Unit}。";
        await LoadAsync();
    }

    private async Task SetStandardAsync(StandardsSection.NewStandard standard)
    {
        Clear();
        if (await ActorAsync(Roles.Admin) is not { } actor) return;
        if (await StandardService.SetAsync(actor, standard.Code, standard.Min, standard.Per) is { } refusal) _errors.Add(refusal);
        else _notice = "已设定达标标准。";
        await LoadAsync();
    }

    private async Task RemoveStandardAsync(string code)
    {
        Clear();
        if (await ActorAsync(Roles.Admin) is not { } actor) return;
        if (await StandardService.SetAsync(actor, code, null, StandardPer.Month) is { } refusal) _errors.Add(refusal);
        else _notice = "已删除达标标准。";
        await LoadAsync();
    }
}
