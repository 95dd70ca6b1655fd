using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DashboardApp.Core.Data;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace DashboardApp.Core.Access;

/// <summary>审计日志: one change — who, when, what, and the values before and after it.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>操作人: a user name, or 命令行 / 系统 for what no signed-in user did.</summary>
    public required string Actor { get; set; }
    /// <summary>对象: 组织, 指标, 统计期, 用户, 报送…</summary>
    public required string Subject { get; set; }
    /// <summary>操作: 新增, 修改, 删除, 锁定, 解锁, 上传…</summary>
    public required string Action { get; set; }
    /// <summary>What was changed, as its users name it: a code with its name, a period, a user name, a file.</summary>
    public required string Target { get; set; }
    /// <summary>The changed values before (JSON); null for something new.</summary>
    public string? Before { get; set; }
    /// <summary>The changed values after (JSON); null for something removed.</summary>
    public string? After { get; set; }
}

/// <summary>
/// Turns the changes a <see cref="DashboardDbContext"/> is about to save into <see cref="AuditEntry"/>
/// rows saved with them, so a change and its record are one transaction. Every change to audited
/// data must name its actor; the only exception is Identity's own sign-in bookkeeping.
/// </summary>
internal static class AuditTrail
{
    public const string System = "系统";

    /// <summary>Properties Identity changes by itself when someone signs in, never worth a record unless they lock the account.</summary>
    private static readonly HashSet<string> SignInBookkeeping =
        [nameof(AppUser.AccessFailedCount), nameof(AppUser.LockoutEnd), nameof(AppUser.ConcurrencyStamp), nameof(AppUser.SecurityStamp),
            nameof(AppUser.PasswordHash)];

    /// <summary>What of an account the log records; secrets, Identity's bookkeeping and unused fields are left out.</summary>
    private static readonly HashSet<string> UserFields = [nameof(AppUser.UserName), nameof(AppUser.DisplayName), nameof(AppUser.ScopeOrgCode),
        nameof(AppUser.LockoutEnd)];

    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<List<AuditEntry>> CaptureAsync(DashboardDbContext db, string? actor, DateTime now, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        // Parents are named by code: looked up once per save, not by a scan per organisation (a province is 200,000 of them).
        Dictionary<int, string>? codes = null;
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            if (e.Entity is Organisation && codes is null)
                codes = db.ChangeTracker.Entries<Organisation>().GroupBy(x => x.Entity.Id).ToDictionary(g => g.Key, g => g.First().Entity.Code);
            var entry = e.Entity switch
            {
                Organisation o => Describe(e, "组织", $"{o.Code}（{o.Name}）", await OrganisationValuesAsync(db, e, codes!, ct)),
                Indicator i => Describe(e, "指标", $"{i.Code}（{i.Name}）", Values(e, exclude: [nameof(Indicator.Id)])),
                DerivedIndicator d => Describe(e, "派生指标", $"{d.Code}（{d.Name}）", Values(e, exclude: [nameof(DerivedIndicator.Id)])),
                Rules.ValidationRule v => Describe(e, "校验规则", $"{v.Left} {v.Operator} {v.Right}",
                    Values(e, exclude: [nameof(Rules.ValidationRule.Id)])),
                PeriodLock l => new AuditEntry
                {
                    Actor = "", Subject = "统计期", Action = e.State == EntityState.Deleted ? "解锁" : "锁定", Target = l.Period.ToString(),
                },
                PeriodDeadline d => Describe(e, "报送截止日期", d.Period.ToString(), Values(e, exclude: [])),
                ReviewMark m => Describe(e, "数据复核", await MarkTargetAsync(db, m, ct),
                    Values(e, exclude: [nameof(ReviewMark.Id), nameof(ReviewMark.OrganisationId), nameof(ReviewMark.IndicatorId),
                        nameof(ReviewMark.MarkedBy)])),
                Cycle.MonthReview r => await MonthReviewEntryAsync(db, r, ct),
                Cycle.BulletinRecipient b => Describe(e, "通报收件人",
                    await db.Organisations.AsNoTracking().Where(o => o.Id == b.OrganisationId).Select(o => o.Code).FirstOrDefaultAsync(ct) ?? "",
                    Values(e, exclude: [nameof(Cycle.BulletinRecipient.Id), nameof(Cycle.BulletinRecipient.OrganisationId)])),
                AccessToken t => Describe(e, TokenKinds.ChineseName(t.Kind), await TokenTargetAsync(db, t, ct),
                    Values(e, exclude: [nameof(AccessToken.Id), nameof(AccessToken.UserId), nameof(AccessToken.Hash), nameof(AccessToken.Kind),
                        nameof(AccessToken.LastUsedAtUtc)])),
                AppUser u => UserEntry(e, u, actor, now),
                IdentityUserRole<string> r => await RoleEntryAsync(db, e, r, ct),
                _ => null,
            };
            if (entry is null) continue;
            if (entry.Actor == "")
            {
                if (actor is null)
                    throw new InvalidOperationException($"未指明操作人，无法记录对{entry.Subject}“{entry.Target}”的更改：每项更改都须记入审计日志");
                entry.Actor = actor;
            }
            entry.AtUtc = now;
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>"D01-S01-U001 2026-10 集中学习研讨次数 F7 数值异常": which flag was checked.</summary>
    private static async Task<string> MarkTargetAsync(DashboardDbContext db, ReviewMark m, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == m.OrganisationId).Select(o => o.Code).FirstOrDefaultAsync(ct);
        var indicator = m.IndicatorId is { } id
            ? await db.Indicators.AsNoTracking().Where(i => i.Id == id).Select(i => i.Name).FirstOrDefaultAsync(ct) : null;
        return string.Join(" ",
            new[] { org, m.Period.ToString(), indicator, m.Cell, Review.ReviewKinds.ChineseName(m.Kind) }.Where(x => !string.IsNullOrEmpty(x)));
    }

    /// <summary>"clerk 省平台同步（dpat_3kF9）": the account and the token's name and hint, never its secret or hash.</summary>
    private static async Task<string> TokenTargetAsync(DashboardDbContext db, AccessToken t, CancellationToken ct)
    {
        var user = db.Users.Local.FirstOrDefault(u => u.Id == t.UserId)?.UserName
                   ?? await db.Users.AsNoTracking().Where(u => u.Id == t.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        return $"{user} {t.Name}（{t.Hint}）";
    }

    /// <summary>"D01-S01-U001（和平安居社区党委） 2026-10": 已核实 or 退回 with the reason and the values concerned.</summary>
    private static async Task<AuditEntry> MonthReviewEntryAsync(DashboardDbContext db, Cycle.MonthReview r, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == r.OrganisationId).Select(o => o.Code + "（" + o.Name + "）")
            .FirstOrDefaultAsync(ct);
        var after = new Dictionary<string, object?> { ["Reason"] = r.Reason };
        if (r.Indicators is not null) after["Indicators"] = r.Indicators;
        return new AuditEntry
        {
            Actor = "", Subject = "月度复核", Target = $"{org} {r.Period}", Action = r.Decision == Cycle.MonthDecision.Verified ? "核实" : "退回",
            After = JsonSerializer.Serialize(after, Json),
        };
    }

    private static AuditEntry? Describe(EntityEntry e, string subject, string target,
        (Dictionary<string, object?> Before, Dictionary<string, object?> After) values)
    {
        if (e.State == EntityState.Modified && values.After.Count == 0) return null;
        return new AuditEntry
        {
            Actor = "", Subject = subject, Target = target,
            Action = e.State switch { EntityState.Added => "新增", EntityState.Deleted => "删除", _ => "修改" },
            Before = e.State == EntityState.Added ? null : JsonSerializer.Serialize(values.Before, Json),
            After = e.State == EntityState.Deleted ? null : JsonSerializer.Serialize(values.After, Json),
        };
    }

    /// <summary>For a modified entity, only what changed; for a new or removed one, everything.</summary>
    private static (Dictionary<string, object?> Before, Dictionary<string, object?> After) Values(EntityEntry e, IReadOnlyCollection<string> exclude)
    {
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        foreach (var p in e.Properties.Where(p => !exclude.Contains(p.Metadata.Name) && !p.Metadata.IsShadowProperty()))
        {
            if (e.State == EntityState.Modified && (!p.IsModified || Equals(p.OriginalValue, p.CurrentValue))) continue;
            before[p.Metadata.Name] = Plain(p.OriginalValue);
            after[p.Metadata.Name] = Plain(p.CurrentValue);
        }
        return (before, after);
    }

    private static object? Plain(object? value) => value switch
    {
        Period p => p.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        List<string> l => string.Join("、", l),
        Enum x => x.ToString(),
        _ => value,
    };

    /// <summary>An organisation's values, with its parent named by code (ids mean nothing to a reader); its depth is derived and left out.</summary>
    private static async Task<(Dictionary<string, object?>, Dictionary<string, object?>)> OrganisationValuesAsync(DashboardDbContext db,
        EntityEntry e,
        Dictionary<int, string> tracked, CancellationToken ct)
    {
        var (before, after) = Values(e, exclude: [nameof(Organisation.Id), nameof(Organisation.Level)]);
        foreach (var side in new[] { before, after })
        {
            if (!side.TryGetValue(nameof(Organisation.ParentId), out var id)) continue;
            side.Remove(nameof(Organisation.ParentId));
            side["ParentCode"] = id is not int parentId ? null
                : tracked.TryGetValue(parentId, out var code) ? code
                : await db.Organisations.AsNoTracking().Where(o => o.Id == parentId).Select(o => o.Code).FirstOrDefaultAsync(ct);
        }
        return (before, after);
    }

    private static AuditEntry? UserEntry(EntityEntry e, AppUser user, string? actor, DateTime now)
    {
        var changed = e.Properties.Where(p => e.State != EntityState.Modified || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
            .Select(p => p.Metadata.Name).ToList();
        if (actor is null && e.State == EntityState.Modified && changed.All(SignInBookkeeping.Contains))
        {
            // Repeated wrong passwords lock an account: a security event worth a line, with no one to attribute it to.
            var locked = e.Property(nameof(AppUser.LockoutEnd)) is { IsModified: true, CurrentValue: DateTimeOffset end } && end > now;
            return locked ? new AuditEntry { Actor = System, Subject = "用户", Action = "登录失败锁定", Target = user.UserName ?? "" } : null;
        }
        var (before, after) = Values(e, exclude: e.Properties.Select(p => p.Metadata.Name).Where(n => !UserFields.Contains(n)).ToList());
        foreach (var side in new[] { before, after })
            if (side.TryGetValue(nameof(AppUser.LockoutEnd), out var end))
                side[nameof(AppUser.LockoutEnd)] = end is "9999-12-31 23:59" ? "已停用" : end ?? "正常";
        if (changed.Contains(nameof(AppUser.PasswordHash)) && e.State == EntityState.Modified)
        {
            before["Password"] = "******";
            after["Password"] = "（已重置）";
        }
        return Describe(e, "用户", user.UserName ?? "", (before, after));
    }

    private static async Task<AuditEntry?> RoleEntryAsync(DashboardDbContext db, EntityEntry e, IdentityUserRole<string> link, CancellationToken ct)
    {
        if (e.State == EntityState.Modified) return null;
        var role = (db.Roles.Local.FirstOrDefault(r => r.Id == link.RoleId) ?? await db.Roles.FindAsync([link.RoleId], ct))?.Name ?? link.RoleId;
        var user = (db.Users.Local.FirstOrDefault(u => u.Id == link.UserId) ?? await db.Users.FindAsync([link.UserId], ct))?.UserName ?? link.UserId;
        var value = JsonSerializer.Serialize(new Dictionary<string, string> { ["Role"] = Roles.ChineseName(role) }, Json);
        return new AuditEntry
        {
            Actor = "", Subject = "用户角色", Target = user, Action = e.State == EntityState.Added ? "授予" : "撤销",
            Before = e.State == EntityState.Deleted ? value : null, After = e.State == EntityState.Added ? value : null,
        };
    }
}
