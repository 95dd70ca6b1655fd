using System.CommandLine;
using DashboardApp.Access;
using DashboardApp.Core.Access;
using DashboardApp.Core.Assessment;
using DashboardApp.Core.Submissions;

namespace DashboardApp.Cli;

/// <summary>The verbs of 目标考核: targets, standards, the scheme and the assessment (docs/product.md, “目标考核”).</summary>
internal static partial class Verbs
{
    private static Option<int> YearOption() => new("--year") { Description = "年度", HelpName = "Y", Required = true };

    private static Command Targets(Context cx)
    {
        var file = new Argument<string>("FILE") { Description = "目标任务工作簿（.xlsx）" };
        var year = YearOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查，不保存" };
        var import = new Command("import", "从工作簿导入一个年度的目标任务（组织代码 | 指标 | 年度目标，或目标分解表），输出一行 JSON") { file, year, dryRun };
        import.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var path = p.GetValue(file)!;
            var report = File.Exists(path)
                ? await host.Services.GetRequiredService<Targets>().ImportAsync(await File.ReadAllBytesAsync(path, ct), path, p.GetValue(year),
                    Actor.System(UserAccounts.CommandLine.UserName), p.GetValue(dryRun), ct)
                : new TargetImportReport(path, ImportStatus.Refused, p.GetValue(year), 0, 0, 0,
                    [Core.Workbooks.ImportProblem.File("FILE_NOT_FOUND", $"文件不存在：{path}")], []);
            await WriteJsonAsync(cx, report with { File = path });
            return report.Status == ImportStatus.Accepted ? 0 : 3;
        });
        return new Command("targets", "目标任务") { import };
    }

    private static Command StandardsVerb(Context cx)
    {
        var indicator = new Option<string>("--indicator") { Description = "指标代码或名称", HelpName = "CODE", Required = true };
        var min = new Option<decimal?>("--min") { Description = "每个周期至少应达到的数值", HelpName = "N" };
        var per = new Option<string>("--per") { Description = "周期：month（每月）、quarter（每季度）或 year（每年）", HelpName = "PER", DefaultValueFactory = _ => "month" };
        var remove = new Option<bool>("--remove") { Description = "删除该指标的达标标准" };
        var set = new Command("set", "设定或删除一个指标的达标标准（如 集中学习研讨次数 每月至少 1 次），输出一行 JSON") { indicator, min, per, remove };
        set.SetAction(async (p, ct) =>
        {
            if (p.GetValue(remove) == (p.GetValue(min) is not null))
                throw new UsageException("请给出 --min N（设定）或 --remove（删除）之一");
            if (!Enum.TryParse<StandardPer>(p.GetValue(per), ignoreCase: true, out var every) || !Enum.IsDefined(every))
                throw new UsageException($"--per 应为 month、quarter 或 year，而不是“{p.GetValue(per)}”");
            using var host = await PreparedHostAsync(p, ct);
            var refusal = await host.Services.GetRequiredService<Standards>().SetAsync(Actor.System(UserAccounts.CommandLine.UserName),
                p.GetValue(indicator)!, p.GetValue(remove) ? null : p.GetValue(min), every, ct);
            if (refusal is not null) throw new Core.InputRefusedException(refusal);
            await WriteJsonAsync(cx, new
            {
                status = "ok", indicator = p.GetValue(indicator), min = p.GetValue(remove) ? null : p.GetValue(min),
                per = p.GetValue(remove) ? null : every.ToString().ToLowerInvariant(), removed = p.GetValue(remove),
            });
            return 0;
        });
        var list = new Command("list", "列出各指标的达标标准，每个一行 JSON");
        list.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var (_, catalogue) = await ReferenceAsync(host, ct);
            foreach (var s in await host.Services.GetRequiredService<Standards>().ListAsync(ct))
            {
                var i = catalogue.ById(s.IndicatorId)!;
                await WriteJsonAsync(cx, new
                {
                    indicator = i.Code, name = i.Name, min = s.Min, per = s.Per.ToString().ToLowerInvariant(),
                    text = StandardResult.Describe(i.Name, s.Min, s.Per),
                });
            }
            return 0;
        });
        return new Command("standards", "达标标准") { set, list };
    }

    private static Command Assess(Context cx)
    {
        var (org, year) = (OrgOption(), YearOption());
        var published = new Option<bool>("--published") { Description = "输出已发布的结果（默认：按当前数据计算）" };
        var command = new Command("assess", "目标考核：按年度考核细则为一个组织的各下级组织评分，每个下级一行 JSON（名次、等次、每项得分及依据）")
        {
            org, year, published,
        };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var (tree, _) = await ReferenceAsync(host, ct);
            var assessments = host.Services.GetRequiredService<Assessments>();
            var target = Org(tree, p.GetValue(org)!);
            AssessmentResult? result;
            if (p.GetValue(published))
                result = await assessments.PublishedAsync(target, p.GetValue(year), ct)
                         ?? throw new Core.InputRefusedException($"“{target.Name}”{p.GetValue(year)}年的考核结果尚未发布");
            else
            {
                var (computed, problem) = await assessments.ComputeAsync(target, p.GetValue(year), ct);
                result = computed ?? throw new Core.InputRefusedException(problem!);
            }
            if (result.Partial) await cx.Errors.WriteLineAsync($"注意：{p.GetValue(year)}年尚未结束，按{result.Span}已截止月份的数据计算。");
            foreach (var row in result.Rows) await WriteJsonAsync(cx, row);
            return 0;
        });

        var file = new Argument<string>("FILE") { Description = "考核细则（JSON）" };
        var import = new Command("import", "导入一个年度的考核细则（JSON，替换该年度已有的细则）") { file };
        import.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(file)!;
            var json = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new Core.InputRefusedException($"文件不存在：{path}");
            using var host = await PreparedHostAsync(p, ct);
            var problems = await host.Services.GetRequiredService<Assessments>().SaveSchemeAsync(json, Actor.System(UserAccounts.CommandLine.UserName), ct);
            await WriteJsonAsync(cx, new { file = path, status = problems.Count == 0 ? "accepted" : "refused", errors = problems });
            return problems.Count == 0 ? 0 : 3;
        });
        var scheme = new Command("scheme", "考核细则") { import };

        var (scoreOrg, scoreYear) = (OrgOption(), YearOption());
        var item = new Option<string>("--item") { Description = "人工评分项目的名称", HelpName = "NAME", Required = true };
        var points = new Option<decimal>("--score") { Description = "得分", HelpName = "N", Required = true };
        var note = new Option<string>("--note") { Description = "评分说明", HelpName = "TEXT", Required = true };
        var score = new Command("score", "为一个组织的人工评分项目打分（附说明）") { scoreOrg, scoreYear, item, points, note };
        score.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var refusal = await host.Services.GetRequiredService<Assessments>().ScoreAsync(Actor.System(UserAccounts.CommandLine.UserName),
                p.GetValue(scoreOrg)!, p.GetValue(scoreYear), p.GetValue(item)!, p.GetValue(points), p.GetValue(note)!, ct);
            if (refusal is not null) throw new Core.InputRefusedException(refusal);
            await WriteJsonAsync(cx, new { status = "ok", org = p.GetValue(scoreOrg), item = p.GetValue(item), score = p.GetValue(points) });
            return 0;
        });

        var (publishOrg, publishYear) = (OrgOption(), YearOption());
        var publish = new Command("publish", "发布考核结果：按当前数据固定下来，此后数据变化不改变已发布的结果") { publishOrg, publishYear };
        publish.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var refusal = await host.Services.GetRequiredService<Assessments>().PublishAsync(Actor.System(UserAccounts.CommandLine.UserName),
                p.GetValue(publishOrg)!, p.GetValue(publishYear), ct);
            if (refusal is not null) throw new Core.InputRefusedException(refusal);
            await WriteJsonAsync(cx, new { status = "published", org = p.GetValue(publishOrg), year = p.GetValue(publishYear) });
            return 0;
        });
        command.Subcommands.Add(scheme);
        command.Subcommands.Add(score);
        command.Subcommands.Add(publish);
        return command;
    }
}
