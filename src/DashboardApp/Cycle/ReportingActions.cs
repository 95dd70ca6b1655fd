using DashboardApp.Access;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Cycle;

/// <summary>
/// What an officer does on 报送情况 and 数据复核 — remind, confirm, send back — each with the account's rights read again on the
/// server and every organisation checked against its scope: one outside reads exactly like one that does not exist.
/// </summary>
public sealed class ReportingActions(UserScope scope, IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, Reminders reminders,
    MonthReviews reviews, MailSender mail)
{
    public async Task<(bool Ok, string Message)> RemindAsync(Organisation root, Period month, IReadOnlyCollection<string>? codes,
        CancellationToken ct = default)
    {
        try
        {
            var (user, tree, _) = await OfficerAsync(ct);
            if (!user.MaySee(root, tree)) return (false, Unknown(root.Code));
            var outcomes = await reminders.RemindAsync(tree.ByCode(root.Code)!, month, codes, user.UserName, dryRun: false, ct);
            if (outcomes.Count == 0) return (true, "没有需要催报的单位。");
            var sent = outcomes.Count(o => o.Status == "sent");
            var failed = outcomes.Count(o => o.Status == "failed");
            var skipped = outcomes.Count(o => o.Status == "skipped");
            var nobody = outcomes.Count(o => o.Status == "no-recipient");
            var text = $"已催报 {sent} 个单位" + (failed > 0 ? $"，{failed} 个单位邮件发送失败（站内消息已送达，失败已记录）" : "")
                       + (skipped > 0 ? $"，{skipped} 个单位今天已催报过" : "") + (nobody > 0 ? $"，{nobody} 个单位没有填报员账号也没有电子邮箱" : "") + "。"
                       + (mail.IsConfigured ? "" : MailSender.NotConfigured);
            return (failed == 0, text);
        }
        catch (Exception e) when (e is InputRefusedException or UnauthorizedAccessException) { return (false, e.Message); }
    }

    public async Task<(bool Ok, string Message)> DecideAsync(string unitCode, Period month, MonthDecision decision, string reason,
        IReadOnlyList<string>? indicatorCodes = null, CancellationToken ct = default)
    {
        try
        {
            var (user, tree, catalogue) = await OfficerAsync(ct);
            if (user.Find(tree, unitCode) is not { } unit || !tree.IsReportingUnit(unit.Id)) return (false, Unknown(unitCode));
            var values = indicatorCodes?.Select(c => catalogue.ByCode(c)).OfType<Core.Indicators.Indicator>().ToList();
            await reviews.DecideAsync(user.Actor, unit, month, decision, reason, values, ct);
            return (true, decision == MonthDecision.SentBack
                ? $"已将“{unit.Name}”{month.ToChinese()}数据退回，已通知该单位填报员{(unit.Email is not null && mail.IsConfigured ? "并发送邮件" : "")}。"
                : $"已将“{unit.Name}”{month.ToChinese()}数据标为已核实。");
        }
        catch (Exception e) when (e is InputRefusedException or UnauthorizedAccessException) { return (false, e.Message); }
    }

    /// <summary>
    /// Sends 数据复核 flags back to their units: each unit-month with the flags' indicators is 退回 with the reason, and the flags are
    /// marked 已退回. Flags outside the account's scope, or not about a single unit (a 合计 row), are left alone and said so.
    /// </summary>
    public async Task<(bool Ok, string Message)> SendBackFlagsAsync(IReadOnlyCollection<ReviewItem> items, string reason, ReviewMarking marking,
        CancellationToken ct = default)
    {
        try
        {
            var (user, tree, catalogue) = await OfficerAsync(ct);
            var mine = items.Where(i => !i.Checked && i.IsUnit && user.Find(tree, i.OrgCode) is not null).ToList();
            if (mine.Count == 0) return (false, "选中的提示中没有可退回的基层单位数据（汇总行的提示请核实，或到报送情况整月退回）。");
            foreach (var month in mine.GroupBy(i => (i.OrgCode, i.Period)))
            {
                var values = month.Select(i => i.IndicatorCode).OfType<string>().Distinct().Select(c => catalogue.ByCode(c))
                    .OfType<Core.Indicators.Indicator>().ToList();
                await reviews.DecideAsync(user.Actor, tree.ByCode(month.Key.OrgCode)!, month.Key.Period, MonthDecision.SentBack, reason, values, ct);
            }
            await marking.MarkCheckedAsync(user.Actor, mine, reason, tree, catalogue, sentBack: true, ct);
            var skipped = items.Count - mine.Count;
            return (true, $"已退回 {mine.Select(i => (i.OrgCode, i.Period)).Distinct().Count()} 个单位的 {mine.Count} 条数据，已通知各单位填报员。"
                          + (skipped > 0 ? $"另有 {skipped} 条不是基层单位的数据，未退回。" : ""));
        }
        catch (Exception e) when (e is InputRefusedException or UnauthorizedAccessException) { return (false, e.Message); }
    }

    /// <summary>The account as it is now, refused unless it is an officer, with the cached tree and catalogue.</summary>
    private async Task<(UserScope.Info User, OrganisationTree Tree, Core.Indicators.IndicatorCatalogue Catalogue)> OfficerAsync(CancellationToken ct)
    {
        var user = await scope.ForChangeAsync(Roles.Admin, Roles.DistrictAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (tree, catalogue) = await reference.GetAsync(db, ct);
        return (user, tree, catalogue);
    }

    private static string Unknown(string code) => $"{Actor.Unknown(code, "管理")}。";
}
