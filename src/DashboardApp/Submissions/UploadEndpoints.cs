using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Submissions;

internal static class UploadEndpoints
{
    /// <summary>A plain page saying why a download was refused, with the way back.</summary>
    private static string NotFoundPage(string message) =>
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>找不到文件 - 党建指标看板</title></head>" +
        $"<body style=\"font-family: sans-serif; margin: 3rem\"><h1>找不到文件</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p><p><a href=\"/submissions\">返回提交记录</a></p></body></html>";

    /// <summary>What one upload request may carry: six files at the 10 MB limit.</summary>
    public const long MaxUploadBytes = 60L * 1024 * 1024;

    public static void MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        // Radzen's upload posts here with the antiforgery token in a header; the token is checked for form posts.
        // The body may hold several files of up to 10 MB each (MaxUploadBytes in all, the form's limit too); a larger
        // one is turned away before it is read, in Chinese, rather than cut off by the server's default of 30 MB.
        app.MapPost("/api/uploads", async (HttpContext http, bool? dryRun,
            UserManager<AppUser> users, SubmissionService submissions, ProblemReports problems,
                CancellationToken ct) =>
        {
            var user = await UserScope.ForPrincipalAsync(users, http.User);
            if (user is null || !user.CanUpload) return Results.Forbid();
            if (http.Request.ContentLength > MaxUploadBytes)
                return Results.Text($"一次上传的文件合计 {http.Request.ContentLength / 1048576.0:F1} MB，超过 {MaxUploadBytes / 1048576} MB；请分几次上传（每个文件不超过 10 MB）",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status413PayloadTooLarge);
            IFormFileCollection files;
            try { files = (await http.Request.ReadFormAsync(ct)).Files; }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return Results.Text($"上传内容无法读取（{(e is BadHttpRequestException { StatusCode: 413 } ? "超过大小上限" : "格式不正确")}），请重新选择文件上传，每次合计不超过 {MaxUploadBytes / 1048576} MB",
                    "text/plain; charset=utf-8", statusCode: e is BadHttpRequestException { StatusCode: 413 } ? 413 : 400);
            }
            var reports = new List<ImportReport>();
            foreach (var file in files)
            {
                if (WorkbookGuard.TooLarge(file.Length) is { } tooLarge)
                {
                    reports.Add(await submissions.RefuseAsync(file.FileName, user.Actor, tooLarge, ct));
                    continue;
                }
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                reports.Add(await submissions.ImportAsync(buffer.ToArray(), file.FileName, user.Actor, dryRun == true, ct));
            }
            return Results.Json(reports.Select(r => UploadOutcome.From(r, problems.Keep(user.UserName, r))).ToList(), JsonDefaults.Options);
        }).RequireAuthorization(Policies.Upload)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadBytes + 1024 * 1024))
            // The form is read by hand (to answer an oversized one in Chinese), so the antiforgery check is asked for explicitly.
            .RequireAntiforgeryToken("页面已过期，请刷新页面后重新上传");

        // The full problem list of one of the user's own recent uploads, as a workbook.
        app.MapGet("/api/uploads/problems/{key}", async (HttpContext http, string key, UserManager<AppUser> users, ProblemReports problems) =>
        {
            var user = await UserScope.ForPrincipalAsync(users, http.User);
            if (user is null || problems.Workbook(key, user.UserName) is not { } workbook)
                return Results.NotFound("问题清单已过期或不存在，请重新上传文件以重新检查");
            return Results.File(workbook.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.FileName);
        }).RequireAuthorization(Policies.Upload);

        // An original file may cover many units (a 汇总表): it is given only to someone who may see every one of them.
        app.MapGet("/api/files/{id:int}", async (HttpContext http, int id, UserManager<AppUser> users, SubmissionQueries queries,
            IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, CancellationToken ct) =>
        {
            var user = await UserScope.ForPrincipalAsync(users, http.User);
            if (user is null) return Results.Forbid();
            var file = await queries.OriginalFileAsync(id, ct);
            var (tree, _) = await reference.GetAsync(dbFactory, ct);
            // A page, not a file named after the id: someone who typed or followed the address reads why.
            if (file is null || file.Value.UnitIds.Any(u => user.Find(tree, u) is null))
                return Results.Content(NotFoundPage("找不到该文件，或它包含您查看范围以外的单位。"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            // An online entry's original is the entry itself, as JSON.
            var type = file.Value.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json; charset=utf-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            return Results.File(file.Value.Content, type, file.Value.FileName);
        });

        app.MapGet("/api/templates", async (HttpContext http, string org, string period, UserManager<AppUser> users,
            IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, ReportingCalendar calendar, CancellationToken ct) =>
        {
            var user = await UserScope.ForPrincipalAsync(users, http.User);
            if (user is null) return Results.Forbid();
            var (tree, catalogue) = await reference.GetAsync(dbFactory, ct);
            // Out-of-scope and unknown organisations look the same: nothing to be learnt by guessing codes.
            if (user.Find(tree, org) is not { } target)
                return Results.NotFound("找不到该党组织");
            if (!PeriodText.TryParseMonth(period, out var p)) return Results.BadRequest(PeriodText.MonthExpected);
            var (bytes, fileName) = TemplateWriter.For(target, tree, p, catalogue,
                await calendar.DeadlineAsync(p, ct));
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName);
        });
    }
}
