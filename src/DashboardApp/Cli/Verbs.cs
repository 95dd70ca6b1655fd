using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using DashboardApp.Access;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Demo;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Cli;

/// <summary>Each verb: its arguments and options, and what it does. JSON goes to stdout, one object per line.</summary>
internal static partial class Verbs
{
    /// <summary>Where a verb writes: JSON on <c>Output</c>, messages on <c>Errors</c>, progress drawn by <c>Progress</c>; "today" from
    /// <c>Clock</c> for the verbs that run without a host.</summary>
    public sealed record Context(TextWriter Output, TextWriter Errors, ConsoleProgress Progress, TimeProvider Clock);

    private static readonly Option<string?> Db = new("--db") { Description = "SQLite 数据库文件", HelpName = "PATH", Recursive = true };
    private static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "PostgreSQL 连接字符串（Host=…;Database=…）", HelpName = "CONN",
        Recursive = true
    };

    public static RootCommand Build(Context cx)
    {
        var root = new RootCommand("党建指标看板：命令行。每个命令都可用 --db 指定 SQLite 数据库文件，或 --postgres 指定 PostgreSQL 数据库。")
        {
            Init(cx), Orgs(cx), Import(cx), Rollup(cx), Query(cx), Template(cx), Remind(cx), Targets(cx), StandardsVerb(cx), Assess(cx), Users(cx), Tokens(cx), Demo(cx),
        };
        root.Options.Add(Db);
        root.Options.Add(Postgres);
        // Chinese help for every command; no --version (the product has no version of its own to print).
        foreach (var option in root.Options.ToList())
            if (option is HelpOption help) { help.Description = "显示帮助"; help.Action = new CommandHelp.Action(); }
            else if (option is VersionOption) root.Options.Remove(option);
        return root;
    }

    private static Command Init(Context cx)
    {
        var demo = new Option<bool>("--demo") { Description = "载入演示数据和演示账号" };
        var command = new Command("init", "创建或升级数据库") { demo };
        command.SetAction(async (p, ct) =>
        {
            using var host = BuildHost(p);
            // What was loaded and the demo accounts go to stderr: stdout carries the JSON only.
            await ServiceSetup.PrepareAsync(host.Services, p.GetValue(demo), cx.Errors, cx.Progress, ct);
            await WriteJsonAsync(cx, new { status = "ok", demo = p.GetValue(demo) });
            return 0;
        });
        return command;
    }

    private static Command Orgs(Context cx)
    {
        var file = new Argument<string>("FILE") { Description = "组织机构工作簿（.xlsx）" };
        var import = new Command("import", "从工作簿导入或更新组织树") { file };
        import.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var path = p.GetValue(file)!;
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(ct);
            db.Actor = UserAccounts.CommandLine.UserName;
            var content = File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : throw new InputRefusedException($"文件不存在：{path}");
            var summary = await OrganisationWorkbook.ImportAsync(db, content, path, ct);
            var rollup = OrganisationAdmin.NeedsRebuild(summary)
                ? await cx.Progress.WhileAsync("组织关系已变，正在全量重算…", _ => host.Services.GetRequiredService<RollupService>().RunFullAsync(ct))
                : null;
            await WriteJsonAsync(cx, new
            {
                summary.File, summary.Status, summary.Created, summary.Updated, summary.Unchanged, summary.Errors,
                rollup = rollup?.Outcome.Text()
            });
            return summary.Status == ImportStatus.Accepted ? 0 : 3;
        });
        return new Command("orgs", "组织机构") { import };
    }

    private static Command Import(Context cx)
    {
        var files = new Argument<string[]>("FILE") { Description = "报表工作簿（.xlsx），可多个", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查，不保存" };
        var command = new Command("import", "以管理员身份导入报表，每个文件输出一行 JSON") { files, dryRun };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var submissions = host.Services.GetRequiredService<SubmissionService>();
            var paths = p.GetValue(files)!;
            var anyRefused = false;
            await cx.Progress.CountAsync($"导入 {paths.Length} 个文件", paths.Length, async next =>
            {
                foreach (var file in paths)
                {
                    var report = File.Exists(file)
                        ? await submissions.ImportAsync(await File.ReadAllBytesAsync(file, ct), file, Actor.System("cli"), p.GetValue(dryRun),
                            ct)
                        : ImportReport.Refused(Path.GetFileName(file), ImportProblem.File("FILE_NOT_FOUND", $"文件不存在：{file}"));
                    anyRefused |= report.Status == ImportStatus.Refused;
                    await WriteJsonAsync(cx, report with { File = file });
                    next();
                }
                return 0;
            });
            return anyRefused ? 3 : 0;
        });
        return command;
    }

    private static Command Rollup(Context cx)
    {
        var full = new Option<bool>("--full") { Description = "全量重算（否则只汇总待汇总的单位月份）" };
        var command = new Command("rollup", "立即重新汇总") { full };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var rollups = host.Services.GetRequiredService<RollupService>();
            var isFull = p.GetValue(full);
            var run = await cx.Progress.WhileAsync(isFull ? "正在全量重算…" : "正在增量汇总…",
                _ => isFull ? rollups.RunFullAsync(ct) : rollups.RunIncrementalAsync(ct));
            await WriteJsonAsync(cx, new
            {
                full = isFull,
                outcome = run.Outcome.Text(),
                rows = run.Rows,
                startedAt = run.StartedAtUtc,
                finishedAt = run.FinishedAtUtc,
                durationMs = (long)((run.FinishedAtUtc ?? run.StartedAtUtc) - run.StartedAtUtc).TotalMilliseconds,
                error = run.Error,
            });
            return run.Outcome == RollupOutcome.Succeeded ? 0 : 1;
        });
        return command;
    }

    private static Command Query(Context cx)
    {
        var (org, period) = (OrgOption(), PeriodOption("2025-03、2025-Q1 或 2025"));
        var indicator = new Option<string>("--indicator") { Description = "指标或比率代码", HelpName = "CODE", Required = true };
        var children = new Option<bool>("--children") { Description = "同时给出各下级组织" };
        var provisional = new Option<bool>("--include-provisional") { Description = "季度、年度和累计也计入仍在报送中的月份（默认只计已截止的月份）" };
        var command = new Command("query", "一个组织、一个统计期的指标数值、去年同期和同比（JSON）") { org, period, indicator, children, provisional };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var (tree, catalogue) = await ReferenceAsync(host, ct);
            var (target, when, measure) = (Org(tree, p.GetValue(org)!), FigureArguments.Period(p.GetValue(period)),
                FigureArguments.Measure(catalogue, p.GetValue(indicator)));
            var figure = await host.Services.GetRequiredService<FigureQueries>().GetAsync(target, when, measure, catalogue, tree,
                p.GetValue(children), comparable: true, includeProvisional: p.GetValue(provisional), ct: ct);
            figure = await host.Services.GetRequiredService<Core.Assessment.Standards>().AttachAsync(figure, target, when, measure, tree,
                p.GetValue(provisional), ct);
            await WriteJsonAsync(cx, figure);
            return 0;
        });
        return command;
    }

    private static Command Template(Context cx)
    {
        var (org, period) = (OrgOption(), PeriodOption("2025-03"));
        var output = new Option<string>("--out", "-o") { Description = "写入的文件", HelpName = "FILE", Required = true };
        var command = new Command("template", "生成一个组织一个月的填报模板（基层党组织：单位月报表；上级组织：汇总表）") { org, period, output };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var (tree, catalogue) = await ReferenceAsync(host, ct);
            var unit = Org(tree, p.GetValue(org)!);
            var month = FigureArguments.Period(p.GetValue(period)!);
            if (month.Type != PeriodType.Month) throw new InputRefusedException("模板按月生成，请用 2025-03 形式的统计期");
            var path = p.GetValue(output)!;
            var (content, _) = TemplateWriter.For(unit, tree, month, catalogue,
                await host.Services.GetRequiredService<ReportingCalendar>().DeadlineAsync(month, ct));
            await File.WriteAllBytesAsync(path, content, ct);
            await WriteJsonAsync(cx, new
            {
                file = path, org = unit.Code, period = month.ToString(), layout = tree.IsReportingUnit(unit.Id) ? "单位月报表"
                : "汇总表"
            });
            return 0;
        });
        return command;
    }

    private static Command Users(Context cx)
    {
        var name = new Option<string>("--name") { Description = "用户名", HelpName = "NAME", Required = true };
        var role = new Option<string>("--role") { Description = $"角色：{string.Join("、", Roles.All)}", HelpName = "ROLE", Required = true };
        var scope = new Option<string?>("--scope") { Description = "所属组织代码（管理员可不填）", HelpName = "CODE" };
        var add = new Command("add", "创建用户并输出随机生成的初始密码") { name, role, scope };
        add.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            using var services = host.Services.CreateScope();
            var accounts = services.ServiceProvider.GetRequiredService<UserAccounts>();
            var password = await accounts.CreateAsync(UserAccounts.CommandLine, p.GetValue(name)!, p.GetValue(role)!, p.GetValue(scope));
            await WriteJsonAsync(cx, new { user = p.GetValue(name), role = Roles.Parse(p.GetValue(role)!), scope = p.GetValue(scope), password });
            return 0;
        });
        return new Command("users", "用户") { add };
    }

    private static Command Tokens(Context cx)
    {
        var user = new Option<string>("--user") { Description = "账号的用户名", HelpName = "NAME", Required = true };
        var days = new Option<int?>("--days") { Description = $"有效天数（默认 {AccessTokens.DefaultDays}，最多 {AccessTokens.MaxDays}）", HelpName = "N" };
        var name = new Option<string?>("--name") { Description = "令牌名称，如“省平台同步”", HelpName = "TEXT" };
        var add = new Command("add", "为账号创建个人访问令牌（REST API），令牌只在此输出一次") { user, days, name };
        add.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            using var services = host.Services.CreateScope();
            var made = await services.ServiceProvider.GetRequiredService<AccessTokens>()
                .CreateApiAsync(UserAccounts.CommandLine, p.GetValue(user)!, p.GetValue(name), p.GetValue(days));
            await WriteJsonAsync(cx, new { user = made.Row.UserName, id = made.Row.Id, name = made.Row.Name, token = made.Secret, expiresAt = made.Row.ExpiresAtUtc });
            return 0;
        });
        var id = new Option<int>("--id") { Description = "令牌编号（tokens add 输出的 id）", HelpName = "ID", Required = true };
        var revoke = new Command("revoke", "吊销一个访问令牌或大屏链接") { id };
        revoke.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            using var services = host.Services.CreateScope();
            await services.ServiceProvider.GetRequiredService<AccessTokens>().RevokeAsync(UserAccounts.CommandLine, p.GetValue(id));
            await WriteJsonAsync(cx, new { id = p.GetValue(id), status = "revoked" });
            return 0;
        });
        var viewer = new Option<string>("--user") { Description = "绑定的“领导查看”账号", HelpName = "NAME", Required = true };
        var org = new Option<string?>("--org") { Description = "显示的组织（默认为账号查看范围的顶层）", HelpName = "CODE" };
        var seconds = new Option<int>("--seconds") { Description = "轮播间隔秒数（默认 15）", HelpName = "N", DefaultValueFactory = _ => 15 };
        var screenName = new Option<string?>("--name") { Description = "名称，如“三楼会议室”", HelpName = "TEXT" };
        var screen = new Command("screen", "创建大屏链接（只读，无需登录），链接路径只在此输出一次") { viewer, org, seconds, screenName };
        screen.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            using var services = host.Services.CreateScope();
            var made = await services.ServiceProvider.GetRequiredService<AccessTokens>()
                .CreateDisplayAsync(UserAccounts.CommandLine, p.GetValue(viewer)!, p.GetValue(screenName), p.GetValue(org), p.GetValue(seconds));
            await WriteJsonAsync(cx, new { user = made.Row.UserName, id = made.Row.Id, name = made.Row.Name, path = $"/screen/{made.Secret}" });
            return 0;
        });
        return new Command("tokens", "个人访问令牌与大屏链接") { add, screen, revoke };
    }

    private static Command Demo(Context cx)
    {
        var until = new Option<string?>("--until") { Description = "最后一个月（默认：去年同月的下一个月）", HelpName = "2026-10" };
        var output = new Option<string>("--out", "-o") { Description = "seed-data 目录", HelpName = "DIR", DefaultValueFactory = _ => "seed-data" };
        var generate = new Command("generate", "重新生成演示数据（维护用）") { until, output };
        generate.SetAction(p =>
        {
            var dir = p.GetValue(output)!;
            var last = p.GetValue(until) is { } u ? FigureArguments.Period(u) : Period.MonthOf(ReportingCalendar.TodayBy(cx.Clock)).SameLastYear.NextMonth();
            var catalogue = Core.Indicators.IndicatorCatalogue.LoadJson(Path.Combine(dir, "indicators.json"));
            new DemoDataGenerator(catalogue).Write(dir, Period.Month(2023, 1), last);
            cx.Output.WriteLine($"已生成演示数据至 {dir}（2023-01 至 {last}）");
            return 0;
        });
        return new Command("demo", "演示数据") { generate };
    }

    private static Option<string> OrgOption() => new("--org") { Description = "组织代码", HelpName = "CODE", Required = true };

    private static Option<string> PeriodOption(string forms) => new("--period") { Description = $"统计期：{forms}", HelpName = "P", Required = true };

    private static IHost BuildHost(ParseResult p)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddDashboardServices(builder.Configuration, ConnectionStrings.Resolve(builder.Configuration, p.GetValue(Db),
            p.GetValue(Postgres)));
        builder.Services.AddIdentityCore<AppUser>(ServiceSetup.ConfigurePasswords)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>();
        return builder.Build();
    }

    /// <summary>The services over a database migrated to the current schema, with its catalogue loaded.</summary>
    private static async Task<IHost> PreparedHostAsync(ParseResult p, CancellationToken ct)
    {
        var host = BuildHost(p);
        await ServiceSetup.PrepareAsync(host.Services, false, TextWriter.Null, ct: ct);
        return host;
    }

    private static Task<(OrganisationTree, Core.Indicators.IndicatorCatalogue)> ReferenceAsync(IHost host, CancellationToken ct) =>
        host.Services.GetRequiredService<ReferenceData>().GetAsync(host.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), ct);

    private static Organisation Org(OrganisationTree tree, string code) => tree.ByCode(code) ?? throw new InputRefusedException($"组织代码“{code}”不存在");

    private static Task WriteJsonAsync(Context cx, object value) => cx.Output.WriteLineAsync(JsonSerializer.Serialize(value, JsonDefaults.Options));
}
