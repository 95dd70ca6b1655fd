using System.Globalization;
using System.Threading.RateLimiting;
using DashboardApp.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace DashboardApp.Api;

/// <summary>The API's rate limit per token, its OpenAPI document and the reference page that reads it (docs/api.md).</summary>
internal static class ApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";

    public static IServiceCollection AddApiServices(this IServiceCollection services, IConfiguration configuration)
    {
        // Each token has its own allowance per minute (a fixed window); one busy client slows only itself.
        var perMinute = Math.Max(1, DashboardOptions.Read(configuration).Api.RequestsPerMinute);
        services.AddSingleton<FailedTokens>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(ApiEndpoints.RateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirst(TokenAuthentication.TokenIdClaim)?.Value ?? "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "请求过于频繁",
                    $"每个访问令牌每分钟最多 {perMinute} 次请求，请 {wait} 秒后再试。");
            };
        });
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "党建指标看板 API", Version = "v1",
                    Description = "读取指标数值、组织树、指标目录和报送情况，按单位报送月度数据。每个请求以 Authorization: Bearer 发送个人访问令牌" +
                                  "（在“我的账号”页面或命令行 tokens add 创建），令牌的查看和报送范围与其账号相同。错误以问题详情（application/problem+json）回答。",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[TokenAuthentication.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "个人访问令牌（dpat_ 开头）",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenAuthentication.SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The OpenAPI document and its reference page, open to anyone: they describe the API, they hold no data.</summary>
    public static void MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal)).AllowAnonymous();
        // Nothing that calls out: no AI agent, no telemetry, no hosted tools (the department's network reaches no outside service).
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("党建指标看板 API")
            .WithOpenApiRoutePattern(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal))
            .DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools()).AllowAnonymous();
    }
}
