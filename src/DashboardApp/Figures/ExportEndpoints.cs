using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DashboardApp.Figures;

/// <summary>The Excel exports of the dashboard views, each for an organisation the user may see (docs/product.md, “Roles and scope”: exports are
/// scope-checked).</summary>
internal static class ExportEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/ranking", (HttpContext http, string org, string period, string indicator, bool? includeProvisional, string? by,
            UserManager<AppUser> users, FigureQueries figures, CancellationToken ct) =>
            InScopeAsync(http, users, org, ct, async (tree, catalogue, target, _) =>
            {
                if (!Period.TryParse(period, out var p)) return Results.BadRequest(PeriodText.PeriodExpected);
                if (catalogue.MeasureByCode(indicator) is not { } ind) return Results.NotFound("找不到该指标");
                var figure = await figures.GetAsync(target, p, ind, catalogue, tree, withChildren: true, comparable: true,
                    includeProvisional: includeProvisional == true, ct: ct);
                var bytes = Ranking.Workbook(figure, Ranking.Of(figure, tree, by == "completion"), ind, figure.PeriodLabel);
                return Results.File(bytes, Xlsx, $"{target.Code}_{p}_{ind.Name}_排名.xlsx");
            }));

        app.MapGet("/api/export/reporting", (HttpContext http, string org, string period, UserManager<AppUser> users, ReportingStatusQueries queries, CancellationToken ct) =>
            InScopeAsync(http, users, org, ct, async (tree, _, target, _) =>
            {
                if (!PeriodText.TryParseMonth(period, out var p)) return Results.BadRequest(PeriodText.MonthExpected);
                // Written to a temporary file as the units are read, then sent; the file goes when the response is done.
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                try
                {
                    await queries.WriteWorkbookAsync(file, target, p, tree, ct);
                    file.Position = 0;
                }
                catch
                {
                    await file.DisposeAsync();
                    throw;
                }
                return Results.File(file, Xlsx, $"{target.Code}_{p}_报送情况.xlsx");
            }));

        app.MapGet("/api/export/review", (HttpContext http, string org, string period, string? status, string? kind, UserManager<AppUser> users, ReviewQueries queries, IOptions<OutlierThresholds> rules, CancellationToken ct) =>
            InScopeAsync(http, users, org, ct, async (tree, catalogue, target, _) =>
            {
                if (!PeriodText.TryParseMonth(period, out var p)) return Results.BadRequest(PeriodText.MonthExpected);
                var filter = ReviewFilters.ParseStatus(status);
                var items = await queries.GetAsync(target, p, tree, catalogue, rules.Value, ct);
                var shown = ReviewFilters.Apply(items, filter, kind is not null && ReviewKinds.Listed.Contains(kind) ? kind : null);
                return Results.File(ReviewWorkbook.Write(target.Name, p, shown, filter.ChineseName()), Xlsx, $"{target.Code}_{p}_数据复核.xlsx");
            }));

        app.MapGet("/api/export/bulletin", (HttpContext http, string org, string period, UserManager<AppUser> users, Core.Cycle.BulletinQueries bulletins, ReportingCalendar calendar, CancellationToken ct) =>
            InScopeAsync(http, users, org, ct, async (tree, catalogue, target, _) =>
            {
                if (!PeriodText.TryParseMonth(period, out var p)) return Results.BadRequest(PeriodText.MonthExpected);
                var today = await calendar.TodayAsync(ct);
                if (!today.MayShow(p)) return Results.BadRequest($"{p.ToChinese()}尚未开始报送");
                var bulletin = await bulletins.LoadAsync(target, p, tree, catalogue, today, ct);
                return Results.File(Core.Cycle.BulletinQueries.Workbook(bulletin), Xlsx, $"{target.Code}_{p}_月度通报.xlsx");
            }));

        // 年度数据摘要 as Excel and as Word: one query, two writers.
        MapSummary(app, "/api/export/summary", SummaryText.Workbook, Xlsx, "xlsx");
        MapSummary(app, "/api/export/summary.docx", SummaryDocument.Write, Docx, "docx");
    }

    private static void MapSummary(IEndpointRouteBuilder app, string path, Func<AnnualSummary, byte[]> write, string contentType, string extension) =>
        app.MapGet(path, (HttpContext http, string org, string year, bool? includeProvisional, UserManager<AppUser> users,
            AnnualSummaryQueries queries, CancellationToken ct) =>
            InScopeAsync(http, users, org, ct, async (tree, catalogue, target, user) =>
            {
                if (!Period.TryParse(year, out var y) || y.Type != PeriodType.Year) return Results.BadRequest("年度应为四位数字，如 2025");
                var summary = await queries.GetAsync(target, y.Year, catalogue, tree, user.MaySeeParentOf(target, tree),
                    includeProvisional == true, ct);
                return Results.File(write(summary), contentType, $"{target.Code}_{y.Year}_年度数据摘要.{extension}");
            }));

    /// <summary>审计日志 as Excel, for administrators only, with the filters of the audit page.</summary>
    public static void MapAuditExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/export/audit", async (HttpContext http, string? actor, string? subject, string? text, DateOnly? from, DateOnly? to,
            UserManager<AppUser> users, AuditQueries audit, CancellationToken ct) =>
        {
            if (await UserScope.ForPrincipalAsync(users, http.User) is not { Role: Roles.Admin }) return Results.Forbid();
            var filter = new AuditFilter(actor, subject, text, from, to);
            var entries = await audit.ListAsync(filter, TimeZoneInfo.Local, ct);
            return Results.File(AuditQueries.Workbook(entries, filter, TimeZoneInfo.Local), Xlsx, "审计日志.xlsx");
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));

    /// <summary>Runs <paramref name="export"/> for the organisation if the user may see it; unknown and out-of-scope codes read the same
    /// (404).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068",
        Justification = "The export comes last so that each endpoint reads as one block.")]
    internal static async Task<IResult> InScopeAsync(HttpContext http, UserManager<AppUser> users, string org, CancellationToken ct,
        Func<OrganisationTree, IndicatorCatalogue, Organisation, UserScope.Info, Task<IResult>> export)
    {
        var user = await UserScope.ForPrincipalAsync(users, http.User);
        if (user is null) return Results.Forbid();
        var (tree, catalogue) = await http.RequestServices.GetRequiredService<ReferenceData>()
            .GetAsync(http.RequestServices.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), ct);
        if (user.Find(tree, org) is not { } target) return Results.NotFound("找不到该党组织");
        return await export(tree, catalogue, target, user);
    }
}
