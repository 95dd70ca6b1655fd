using DashboardApp.Core.Assessment;
using DashboardApp.Core.Periods;
using DashboardApp.Figures;
using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Assessment;

/// <summary>The downloads of 目标考核: the 目标分解表 of an organisation and its children, and a 考核结果 as Excel — each scope-checked.</summary>
internal static class AssessmentEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/targets", (HttpContext http, string org, string year, UserManager<Core.Access.AppUser> users, Targets targets,
                CancellationToken ct) =>
            ExportEndpoints.InScopeAsync(http, users, org, ct, async (tree, catalogue, target, _) =>
            {
                if (!Period.TryParse(year, out var y) || y.Type != PeriodType.Year) return Results.BadRequest("年度应为四位数字，如 2026");
                var bytes = TargetWorkbook.Template(target, tree, catalogue, await targets.LoadAsync(y.Year, tree, ct));
                return Results.File(bytes, Xlsx, $"{target.Code}_{y.Year}_目标分解表.xlsx");
            }));

        app.MapGet("/api/export/assessment", (HttpContext http, string org, string year, bool? published, UserManager<Core.Access.AppUser> users,
                Assessments assessments, CancellationToken ct) =>
            ExportEndpoints.InScopeAsync(http, users, org, ct, async (_, _, target, _) =>
            {
                if (!Period.TryParse(year, out var y) || y.Type != PeriodType.Year) return Results.BadRequest("年度应为四位数字，如 2026");
                var (scheme, problems) = await assessments.SchemeAsync(y.Year, ct);
                if (scheme is null) return Results.NotFound(string.Join("；", problems));
                AssessmentResult? result;
                if (published == true) result = await assessments.PublishedAsync(target, y.Year, ct);
                else
                {
                    var (computed, problem) = await assessments.ComputeAsync(target, y.Year, ct);
                    if (computed is null) return Results.NotFound(problem);
                    result = computed;
                }
                if (result is null) return Results.NotFound("考核结果尚未发布");
                return Results.File(AssessmentWorkbook.Write(result, scheme.Items), Xlsx,
                    $"{target.Code}_{y.Year}_考核结果{(published == true ? "（已发布）" : "")}.xlsx");
            }));
    }
}
