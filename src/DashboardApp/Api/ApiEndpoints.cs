using System.Globalization;
using System.Text.Json;
using DashboardApp.Access;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DashboardApp.Api;

/// <summary>
/// The REST API, version 1 (docs/api.md): figures, the organisation tree, the catalogue and 报送情况 read through the same queries as
/// the pages and the command line; a unit's month written through the same checks and all-or-nothing path as an upload. Every request
/// carries a personal access token (<see cref="TokenAuthentication"/>) and is answered within that account's scope, where an
/// organisation outside it reads exactly like a code that does not exist.
/// </summary>
internal static partial class ApiEndpoints
{
    public const string Policy = "Api";
    public const string RateLimit = "Api";
    /// <summary>The largest submission body read: a unit's month is a few kilobytes.</summary>
    public const int MaxSubmissionBytes = 256 * 1024;

    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).RequireRateLimiting(RateLimit).AddEndpointFilter(ProblemsForErrorsAsync)
            .WithTags("党建指标看板");

        api.MapGet("/figures", async (HttpContext http, string? org, string? period, string? indicator, bool? children, bool? includeProvisional,
                ReferenceData reference,
                IDbContextFactory<DashboardDbContext> dbFactory, FigureQueries figures, Standards standards, CancellationToken ct) =>
            {
                var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
                if (Visible(http, tree, org) is not { } target) return OrgNotFound(org);
                var (when, measure) = (FigureArguments.Period(period), FigureArguments.Measure(catalogue, indicator));
                var figure = await figures.GetAsync(target, when, measure, catalogue, tree, children == true, comparable: true,
                    includeProvisional: includeProvisional == true, ct: ct);
                figure = await standards.AttachAsync(figure, target, when, measure, tree, includeProvisional == true, ct);
                return Results.Json(figure, JsonDefaults.Options);
            })
            .WithSummary("一个组织、一个统计期的指标数值、去年同期和同比")
            .WithDescription("与命令行 query 相同的 JSON：value、lastYear、yoy、yoyComparable、reported、expected、months（所覆盖的月份）、" +
                             "provisional（是否计入了仍在报送中的月份）、collecting（期内报送中的月份、已报/应报和是否计入），children=true 时含各下级组织；" +
                             "设了目标任务的年度、季度有 target、completion（完成率）和 timeProgress（时间进度，期未满时），" +
                             "有达标标准的指标有 standard（min、per、met、notMet、notReported、rate）。" +
                             "period 为 2025-03、2025-Q1 或 2025；indicator 为指标或派生比率代码；季度、年度默认只计已截止的月份，" +
                             "includeProvisional=true 时也计入报送中的月份。")
            .Produces<Figure>().ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/organisations", async (HttpContext http, string? org, ReferenceData reference, IDbContextFactory<DashboardDbContext> dbFactory,
                CancellationToken ct) =>
            {
                var (tree, _) = await reference.GetAsync(dbFactory, ct);
                var user = Caller(http);
                IReadOnlyList<Organisation> tops = org is null ? user.Tops(tree) : Visible(http, tree, org) is { } o ? [o] : [];
                if (tops.Count == 0) return OrgNotFound(org);
                return Results.Json(tops.Select(t => Node(tree, t)).ToList(), JsonDefaults.Options);
            })
            .WithSummary("组织树：一个组织（默认为账号的查看范围）及其全部下级")
            .Produces<List<OrganisationNode>>().ProducesProblem(404);

        api.MapGet("/catalogue", async (ReferenceData reference, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
            {
                var (_, catalogue) = await reference.GetAsync(dbFactory, ct);
                return Results.Json(Catalogue(catalogue), JsonDefaults.Options);
            })
            .WithSummary("指标目录：指标与派生比率")
            .Produces<CatalogueView>();

        api.MapGet("/reporting", async (HttpContext http, string? org, string? period, ReferenceData reference,
                IDbContextFactory<DashboardDbContext> dbFactory, ReportingStatusQueries queries, IOptions<DashboardOptions> options, CancellationToken ct) =>
            {
                var (tree, _) = await reference.GetAsync(dbFactory, ct);
                if (Visible(http, tree, org) is not { } target) return OrgNotFound(org);
                if (!PeriodText.TryParseMonth(period, out var month)) return ApiProblems.BadRequest(PeriodText.MonthExpected);
                return Results.Json(Reporting(await queries.GetAsync(target, month, tree, ct)), JsonDefaults.Options);
            })
            .WithSummary("一个组织下各基层党组织某月的报送情况（按时、逾期、未报）")
            .Produces<ReportingView>().ProducesProblem(400).ProducesProblem(404);

        api.MapPost("/submissions", SubmitAsync)
            .WithSummary("报送一个基层党组织一个月的数据")
            .WithDescription("与上传工作簿相同的校验、全有或全无：有任何错误则整份不保存。请求体：{\"org\":\"单位代码\",\"period\":\"2025-03\"," +
                             "\"values\":{\"指标代码\":数值或文本,…},\"notes\":{\"指标代码\":\"备注\"},\"dryRun\":false}。" +
                             "回答与命令行 import 相同的 JSON；status 为 accepted 时 200，refused 时 422。")
            .Accepts<SubmissionBody>("application/json")
            .Produces<ImportReport>().Produces<ImportReport>(422).ProducesProblem(400).ProducesProblem(403).ProducesProblem(413)
            .WithMetadata(new RequestSizeLimitAttribute(MaxSubmissionBytes));

        // A POST to /submissions whose body is not JSON reaches here too (the endpoint accepts JSON only): that is 415, not an unknown path.
        api.MapFallback((HttpContext http) => HttpMethods.IsPost(http.Request.Method)
                && http.Request.Path.Equals("/api/v1/submissions", StringComparison.OrdinalIgnoreCase)
                ? NotJson()
                : ApiProblems.NotFound("没有这个接口，可用的接口见 /api/docs")).ExcludeFromDescription();
    }

    private static IResult NotJson() =>
        ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, "请求格式不对", "请求体应为 JSON（Content-Type: application/json）。");

    /// <summary>The body of <c>POST /api/v1/submissions</c>, as the OpenAPI document describes it (the endpoint reads it by hand).</summary>
    public sealed record SubmissionBody(string Org, string Period, Dictionary<string, JsonElement> Values, Dictionary<string, string>? Notes,
        bool DryRun = false);

    private static async Task<IResult> SubmitAsync(HttpContext http, SubmissionService submissions, CancellationToken ct)
    {
        var use = http.Features.GetRequiredFeature<TokenUse>();
        if (!use.User.CanUpload) return ApiProblems.Result(StatusCodes.Status403Forbidden, "无权操作", "该令牌所属账号的角色（领导查看）不能报送数据。");
        if (!(http.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return NotJson();
        FormEntry entry;
        bool dryRun;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            (entry, dryRun) = Entry(body.RootElement, use.Token.Hint);
        }
        catch (JsonException e)
        {
            // The parser's own message is English; where it says a position, say that in Chinese instead.
            return ApiProblems.BadRequest(e.LineNumber is { } line
                ? $"请求体不是有效的 JSON：第 {line + 1} 行第 {e.BytePositionInLine + 1} 个字节附近格式错误"
                : $"请求体有误：{e.Message}");
        }
        catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.Ordinal))
        {
            // Text that is not UTF-8 inside a JSON string: the parser accepts the bytes, reading the string refuses them.
            return ApiProblems.BadRequest("请求体含有不是 UTF-8 编码的文字，请以 UTF-8 编码发送");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Result(413, "请求过大", $"一次报送的请求体不能超过 {MaxSubmissionBytes / 1024} KB。");
        }
        var report = await submissions.SubmitAsync(entry, use.User.Actor, dryRun, ct: ct);
        return Results.Json(report, JsonDefaults.Options, statusCode: report.Status == ImportStatus.Refused ? 422 : 200);
    }

    /// <summary>The body read into the 在线填报 form's shape: each value's text as a cell would hold it, so the same reader checks it.</summary>
    private static (FormEntry Entry, bool DryRun) Entry(JsonElement root, string via)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("应为一个对象 {…}");
        string Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!
            : throw new JsonException($"缺少字符串字段 \"{name}\"");
        var org = Text("org");
        var period = Text("period");
        if (!root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
            throw new JsonException("缺少对象字段 \"values\"（{\"指标代码\": 数值}）");
        var notes = new Dictionary<string, string>();
        if (root.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.Object)
            foreach (var note in n.EnumerateObject())
                notes[note.Name] = note.Value.ValueKind == JsonValueKind.String ? note.Value.GetString()! : throw new JsonException($"备注“{note.Name}”应为字符串");
        var fields = new List<EntryField>();
        foreach (var value in values.EnumerateObject())
        {
            var text = value.Value.ValueKind switch
            {
                JsonValueKind.Number => value.Value.GetRawText(),
                JsonValueKind.String => value.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"指标“{value.Name}”的值应为数值、文本或 null"),
            };
            fields.Add(new EntryField(value.Name, text, notes.GetValueOrDefault(value.Name)));
        }
        if (fields.Count > 1000) throw new JsonException("values 中的指标过多");
        var dryRun = root.TryGetProperty("dryRun", out var d) && d.ValueKind == JsonValueKind.True;
        return (new FormEntry(org, period, fields, Provenance.Api, Via: via), dryRun);
    }

    /// <summary>An error a caller can act on becomes a 400 with its Chinese message; anything else a 500 that says nothing of the inside.</summary>
    private static async ValueTask<object?> ProblemsForErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InputRefusedException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RequestFailed(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiEndpoints)), e,
                context.HttpContext.Request.Path);
            return ApiProblems.Result(StatusCodes.Status500InternalServerError, "服务器内部错误", "处理请求时出错，请稍后重试；如仍出错请联系管理员。");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Path} failed")]
    private static partial void RequestFailed(ILogger logger, Exception error, string path);

    private static UserScope.Info Caller(HttpContext http) => http.Features.GetRequiredFeature<TokenUse>().User;

    /// <summary>The organisation <paramref name="code"/> names if the caller may see it; null alike for one that does not exist.</summary>
    private static Organisation? Visible(HttpContext http, OrganisationTree tree, string? code) =>
        Caller(http).Find(tree, code);

    private static IResult OrgNotFound(string? code) => code is null
        ? ApiProblems.BadRequest("缺少参数 org（组织代码）")
        : ApiProblems.NotFound(Actor.Unknown(FigureArguments.Shown(code)));

    public sealed record OrganisationNode(string Code, string Name, string Type, int Level, bool ReportingUnit, string? OpenedOn, string? ClosedOn,
        IReadOnlyList<OrganisationNode> Children);

    private static OrganisationNode Node(OrganisationTree tree, Organisation o) => new(o.Code, o.Name, o.Type, o.Level, tree.IsReportingUnit(o.Id),
        o.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.ClosedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        tree.ChildrenOf(o.Id).Select(c => Node(tree, c)).ToList());

    public sealed record IndicatorView(string Code, string Name, string Unit, string Category, string Aggregation, string ValueType, int Decimals,
        decimal? Ceiling, string? Headline, IReadOnlyList<string> Aliases);

    public sealed record RateView(string Code, string Name, string Numerator, string Denominator, string Display, string Unit, int Decimals,
        string Category);

    public sealed record CatalogueView(IReadOnlyList<IndicatorView> Indicators, IReadOnlyList<RateView> Rates);

    private static CatalogueView Catalogue(IndicatorCatalogue c) => new(
        c.All.Select(i => new IndicatorView(i.Code, i.Name, i.Unit, i.Category, i.Aggregation == Aggregation.Last ? "LAST" : "SUM",
            i.ValueType == IndicatorValueType.Integer ? "integer" : "decimal", i.Decimals, i.Ceiling, i.Headline, i.Aliases)).ToList(),
        c.Derived.Select(d => new RateView(d.Code, d.Name, d.Numerator, d.Denominator, d.Display == DerivedDisplay.Percent ? "percent" : "ratio",
            d.Unit, d.Decimals, d.Category)).ToList());

    public sealed record CountView(string Code, string Name, int Expected, int OnTime, int Late, int Missing, decimal? Rate);

    public sealed record UnitStateView(string Code, string Name, string Group, string State, DateTime? FirstAcceptedAt, string Review);

    public sealed record ReportingView(string Month, string Deadline, CountView Total, IReadOnlyList<CountView> Groups, IReadOnlyList<UnitStateView> Units);

    private static ReportingView Reporting(ReportingStatus s)
    {
        static CountView Count(GroupStatus g) => new(g.Code, g.Name, g.Expected, g.OnTime, g.Late, g.Missing, g.Rate);
        return new ReportingView(s.Month.ToString(), s.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Count(s.Total),
            s.Groups.Select(Count).ToList(),
            s.Units.Select(u => new UnitStateView(u.Code, u.Name, u.GroupCode,
                u.State switch { ReportState.OnTime => "onTime", ReportState.Late => "late", _ => "missing" },
                u.FirstAcceptedUtc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null, u.ReviewName)).ToList());
    }
}
