using System.Text.Json;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace DashboardApp.Api;

/// <summary>The API's errors: problem details (RFC 9457) with a Chinese title and a Chinese detail saying what to do.</summary>
internal static class ApiProblems
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    public static ProblemDetails Of(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = "about:blank" };

    public static IResult Result(int status, string title, string detail) =>
        Results.Json(Of(status, title, detail), JsonDefaults.Options, ContentType, status);

    public static IResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, "请求有误", detail);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "不存在", detail);

    public static async Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync(JsonSerializer.Serialize(Of(status, title, detail), JsonDefaults.Options));
    }
}
