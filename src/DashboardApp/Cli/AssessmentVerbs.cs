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
}
