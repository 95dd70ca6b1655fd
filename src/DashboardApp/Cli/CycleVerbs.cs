using System.CommandLine;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Figures;

namespace DashboardApp.Cli;

/// <summary>The verbs of the monthly cycle.</summary>
internal static partial class Verbs
{
    private static Command Remind(Context cx)
    {
        var period = PeriodOption("2025-03");
        var org = new Option<string?>("--org") { Description = "只催报该组织之下的单位（默认：全部）", HelpName = "CODE" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只列出将催报的单位，不发送" };
        var command = new Command("remind", "催报：提醒尚未报送该月的单位（站内消息，配置了邮件服务器时同时发邮件），每个单位输出一行 JSON；同一单位每天至多一次")
        {
            period, org, dryRun,
        };
        command.SetAction(async (p, ct) =>
        {
            using var host = await PreparedHostAsync(p, ct);
            var (tree, _) = await ReferenceAsync(host, ct);
            var month = FigureArguments.Period(p.GetValue(period));
            var roots = p.GetValue(org) is { } code ? [Org(tree, code)] : tree.Roots.ToList();
            if (!host.Services.GetRequiredService<MailSender>().IsConfigured) await cx.Errors.WriteLineAsync(MailSender.NotConfiguredForAdministrators);
            var reminders = host.Services.GetRequiredService<Reminders>();
            foreach (var root in roots)
                foreach (var outcome in await reminders.RemindAsync(root, month, null, Access.UserAccounts.CommandLine.UserName, p.GetValue(dryRun), ct))
                    await WriteJsonAsync(cx, outcome);
            return 0;
        });
        return command;
    }
}
