using DashboardApp.Core;
using System.Text.Json;
using DashboardApp.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Access;
using DashboardApp.Core.Dashboard;
using DashboardApp.Core.Demo;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Cli;

/// <summary>The verbs of docs/product.md, “Command line”, run in the same executable as the web app.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["init", "orgs", "import", "rollup", "query", "template", "users", "demo", "help", "--help"];

    private static JsonSerializerOptions Json => JsonDefaults.Options;

    private const string Usage = """
        用法: DashboardApp VERB [选项]   （不带 VERB 则启动网站；--demo 载入演示数据）
          init [--demo]                                   创建/升级数据库；--demo 载入演示数据
          orgs import FILE                                从工作簿导入/更新组织树
          import FILE... [--dry-run]                      以管理员身份导入报表（每个文件输出一行 JSON）
          rollup [--full]                                 立即重新汇总
          query --org CODE --period P --indicator CODE [--children]
          template --org CODE --period P -o FILE          生成单位月报表模板
          users add --name N --role R [--scope CODE]      创建用户并输出随机密码
          demo generate [--until 2026-10] [-o seed-data]  重新生成演示数据（维护用）
        每个 VERB 都接受 --db PATH 指定 SQLite 数据库文件，或 --postgres "Host=…;Database=…" 指定 PostgreSQL 数据库。
        """;

    /// <summary>
    /// A command rather than the web server: any first word that is not an option (--urls, --demo) or a configuration
    /// setting (urls=…). An unknown or mistyped verb is a usage error, never a web server started by accident.
    /// </summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') || args is ["--help", ..];

    /// <summary>"（是否要输入 rollup？）" for a verb one or two letters off a known one.</summary>
    private static string Suggestion(string typed)
    {
        var near = Verbs.Where(v => !v.StartsWith('-')).Select(v => (Verb: v, Distance: Distance(typed, v))).MinBy(x => x.Distance);
        return near.Distance <= 2 ? $"（是否要输入 {near.Verb}？）" : "";
    }

    /// <summary>Edit distance, counting a swap of two neighbouring letters as one edit (rollpu → rollup).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        try
        {
            var verb = args[0];
            if (verb is "help" or "--help") { await output.WriteLineAsync(Usage); return 0; }
            if (!Verbs.Contains(verb)) throw new UsageException($"未知命令：{verb}{Suggestion(verb)}");
            var sub = verb is "orgs" or "users" or "demo" ? (args.Length > 1 ? args[1] : throw new UsageException($"{verb} 需要子命令")) : null;
            var options = new CliArguments(args.Skip(sub is null ? 1 : 2));
            if (verb == "demo") return GenerateDemo(options, output, sub!);

            using var host = BuildHost(options.Get("--db"), options.Get("--postgres"));
            var services = host.Services;
            return (verb, sub) switch
            {
                ("init", _) => await InitAsync(services, options, output),
                ("orgs", "import") => await OrgsImportAsync(services, options, output),
                ("import", _) => await ImportAsync(services, options, output),
                ("rollup", _) => await RollupAsync(services, options, output),
                ("query", _) => await QueryAsync(services, options, output),
                ("template", _) => await TemplateAsync(services, options, output),
                ("users", "add") => await UsersAddAsync(services, options, output),
                _ => throw new UsageException($"未知命令：{string.Join(" ", args.Take(2))}{Suggestion(args[0])}"),
            };
        }
        catch (UsageException e)
        {
            await errors.WriteLineAsync("错误：" + e.Message);
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        catch (InputRefusedException e)
        {
            await errors.WriteLineAsync("错误：" + e.Message);
            return 2;
        }
        catch (DirectoryNotFoundException e)
        {
            await errors.WriteLineAsync("错误：" + e.Message);
            return 2;
        }
        catch (Exception e)
        {
            // The reason in one line; the stack trace only when asked for (DASHBOARD_TRACE=1), for whoever maintains the program.
            await errors.WriteLineAsync($"内部错误：{e.Message}（{e.GetType().Name}；设置环境变量 DASHBOARD_TRACE=1 可显示详细信息）");
            if (Environment.GetEnvironmentVariable("DASHBOARD_TRACE") == "1") await errors.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    private static IHost BuildHost(string? dbPath, string? postgres)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddDashboardServices(builder.Configuration, ConnectionStrings.Resolve(builder.Configuration, dbPath, postgres));
        builder.Services.AddIdentityCore<AppUser>(ServiceSetup.ConfigurePasswords)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>();
        return builder.Build();
    }

    private static async Task WriteJsonAsync(TextWriter output, object value) =>
        await output.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    private static async Task<int> InitAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--demo");
        await ServiceSetup.PrepareAsync(services, options.Has("--demo"), options.Has("--demo") ? output : TextWriter.Null);
        await WriteJsonAsync(output, new { status = "ok", demo = options.Has("--demo") });
        return 0;
    }

    private static async Task<int> OrgsImportAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly();
        var file = options.Positional.SingleOrDefault() ?? throw new UsageException("orgs import 需要一个工作簿文件");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        db.Actor = UserAccounts.CommandLine.UserName;
        var summary = await OrganisationWorkbook.ImportAsync(db, await ReadFileAsync(file), file);
        var rollup = OrganisationAdmin.NeedsRebuild(summary) ? await services.GetRequiredService<RollupService>().RunFullAsync() : null;
        await WriteJsonAsync(output, new { summary.File, summary.Status, summary.Created, summary.Updated, summary.Unchanged, summary.Errors, rollup = rollup?.Outcome.Text() });
        return summary.Status == Core.Submissions.ImportStatus.Accepted ? 0 : 3;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--dry-run");
        if (options.Positional.Count == 0) throw new UsageException("import 需要至少一个文件");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        var submissions = services.GetRequiredService<SubmissionService>();
        var anyRefused = false;
        foreach (var file in options.Positional)
        {
            var report = File.Exists(file)
                ? await submissions.ImportAsync(await File.ReadAllBytesAsync(file), file, new Uploader("cli", null), options.Has("--dry-run"))
                : ImportReport.Refused(Path.GetFileName(file), ImportProblem.File("FILE_NOT_FOUND", $"文件不存在：{file}"));
            anyRefused |= report.Status == ImportStatus.Refused;
            await WriteJsonAsync(output, report with { File = file });
        }
        return anyRefused ? 3 : 0;
    }

    private static async Task<int> RollupAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--full");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        var rollups = services.GetRequiredService<RollupService>();
        var full = options.Has("--full");
        var run = full ? await rollups.RunFullAsync() : await rollups.RunIncrementalAsync();
        await WriteJsonAsync(output, new
        {
            full,
            outcome = run.Outcome.Text(),
            rows = run.Rows,
            startedAt = run.StartedAtUtc,
            finishedAt = run.FinishedAtUtc,
            durationMs = (long)((run.FinishedAtUtc ?? run.StartedAtUtc) - run.StartedAtUtc).TotalMilliseconds,
            error = run.Error,
        });
        return run.Outcome == Core.Rollups.RollupOutcome.Succeeded ? 0 : 1;
    }

    private static async Task<int> QueryAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--org", "--period", "--indicator", "--children");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        var (tree, org, period, _) = await ResolveAsync(services, options.Require("--org"), options.Require("--period"), null);
        var code = options.Require("--indicator");
        Core.Indicators.IndicatorCatalogue catalogue;
        await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            catalogue = await db.LoadCatalogueAsync();
        var measure = catalogue.MeasureByCode(code) ?? (catalogue.Find(code) is { } found ? found : null)
            ?? throw new InputRefusedException($"指标“{code}”不存在，可选：{string.Join("、", catalogue.Measures.Select(m => m.Code))}");
        var figure = await services.GetRequiredService<FigureQueries>().GetAsync(org, period, measure, catalogue, tree, options.Has("--children"), comparable: true);
        await WriteJsonAsync(output, figure);
        return 0;
    }

    private static async Task<int> TemplateAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--org", "--period", "--out");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        var path = options.Require("--out");
        var (tree, org, period, _) = await ResolveAsync(services, options.Require("--org"), options.Require("--period"), null);
        if (period.Type != PeriodType.Month) throw new InputRefusedException("模板按月生成，请用 2025-03 形式的统计期");
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var deadlineDays = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.DeadlineDays;
        var (content, _) = TemplateWriter.For(org, tree, period, await db.LoadCatalogueAsync(), await db.DeadlineAsync(period, deadlineDays));
        await File.WriteAllBytesAsync(path, content);
        await WriteJsonAsync(output, new { file = path, org = org.Code, period = period.ToString(), layout = tree.IsReportingUnit(org.Id) ? "单位月报表" : "汇总表" });
        return 0;
    }

    private static async Task<int> UsersAddAsync(IServiceProvider services, CliArguments options, TextWriter output)
    {
        options.AllowOnly("--name", "--role", "--scope");
        await ServiceSetup.PrepareAsync(services, false, TextWriter.Null);
        using var scope = services.CreateScope();
        var name = options.Require("--name");
        var role = options.Require("--role");
        var password = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(UserAccounts.CommandLine, name, role, options.Get("--scope"));
        await WriteJsonAsync(output, new { user = name, role = Roles.Parse(role), scope = options.Get("--scope"), password });
        return 0;
    }

    private static int GenerateDemo(CliArguments options, TextWriter output, string sub)
    {
        if (sub != "generate") throw new UsageException($"未知命令：demo {sub}");
        options.AllowOnly("--until", "--out", "--seed-data");
        var dir = options.Get("--out") ?? "seed-data";
        var until = options.Get("--until") is { } u ? Period.Parse(u) : Period.MonthOf(DateOnly.FromDateTime(DateTime.Today)).SameLastYear.NextMonth();
        var catalogue = Core.Indicators.IndicatorCatalogue.LoadJson(Path.Combine(dir, "indicators.json"));
        new DemoDataGenerator(catalogue).Write(dir, Period.Month(2023, 1), until);
        output.WriteLine($"已生成演示数据至 {dir}（2023-01 至 {until}）");
        return 0;
    }

    private static async Task<(OrganisationTree, Organisation, Period, Core.Indicators.Indicator)> ResolveAsync(
        IServiceProvider services, string orgCode, string periodText, string? indicatorCode)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var org = tree.ByCode(orgCode) ?? throw new InputRefusedException($"组织代码“{orgCode}”不存在");
        if (!Period.TryParse(periodText, out var period) && !PeriodText.TryParse(periodText, out period))
            throw new InputRefusedException($"无法识别统计期“{periodText}”，应为 2025-03、2025-Q1 或 2025");
        Core.Indicators.Indicator? indicator = null;
        if (indicatorCode is not null)
        {
            var catalogue = await db.LoadCatalogueAsync();
            indicator = catalogue.ByCode(indicatorCode) ?? catalogue.Find(indicatorCode)
                ?? throw new InputRefusedException($"指标“{indicatorCode}”不存在，可选：{string.Join("、", catalogue.All.Select(i => i.Code))}");
        }
        return (tree, org, period, indicator!);
    }

    private static async Task<byte[]> ReadFileAsync(string path) =>
        File.Exists(path) ? await File.ReadAllBytesAsync(path) : throw new InputRefusedException($"文件不存在：{path}");
}
