using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
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

    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<List<AuditEntry>> CaptureAsync(DashboardDbContext db, string? actor, DateTime now, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        // Organisations are named by code: the tracked ones looked up once per save, not by a scan per organisation (a province is 200,000).
        var codes = new Lazy<Dictionary<int, string>>(() =>
            db.ChangeTracker.Entries<Organisation>().GroupBy(x => x.Entity.Id).ToDictionary(g => g.Key, g => g.First().Entity.Code));
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            var change = new AuditChange(db, e, actor, now, codes);
            var entry = e.Entity switch
            {
                IAudited audited => await audited.DescribeAsync(change, ct),
                // Identity's own link between an account and its role cannot describe itself.
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

    internal static AuditEntry? Describe(EntityEntry e, string subject, string target,
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

    /// <summary>Whether the change sets <paramref name="p"/>: every property of a new or removed entity, a modified one's changed ones.</summary>
    internal static bool Sets(EntityEntry e, PropertyEntry p) => e.State != EntityState.Modified || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue));

    /// <summary>For a modified entity, only what changed; for a new or removed one, everything.</summary>
    internal static (Dictionary<string, object?> Before, Dictionary<string, object?> After) Values(EntityEntry e, Func<string, bool> shown)
    {
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        foreach (var p in e.Properties.Where(p => shown(p.Metadata.Name) && !p.Metadata.IsShadowProperty()))
        {
            if (!Sets(e, p)) continue;
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

/// <summary>
/// An entity whose changes the audit log records, describing itself (docs/architecture.md, “The write boundary”): what the log calls it,
/// how it names this one, which values a reader sees. <see cref="AuditTrail"/> asks every changed entity that is one.
/// </summary>
public interface IAudited
{
    /// <summary>The record of this change, or null when it changed nothing a reader would see.</summary>
    ValueTask<AuditEntry?> DescribeAsync(AuditChange change, CancellationToken ct);
}

/// <summary>One change being saved, as <see cref="IAudited"/> describes it: its kind, its values, and the names of what it refers to.</summary>
public sealed class AuditChange
{
    private readonly EntityEntry _entry;
    private readonly Lazy<Dictionary<int, string>> _trackedCodes;

    internal AuditChange(DashboardDbContext db, EntityEntry entry, string? actor, DateTime now, Lazy<Dictionary<int, string>> trackedCodes) =>
        (Db, _entry, Actor, Now, _trackedCodes) = (db, entry, actor, now, trackedCodes);

    public DashboardDbContext Db { get; }

    /// <summary>Who saves the change (null: no one named, which only Identity's sign-in bookkeeping may do).</summary>
    public string? Actor { get; }

    public DateTime Now { get; }

    public bool IsAdded => _entry.State == EntityState.Added;

    public bool IsDeleted => _entry.State == EntityState.Deleted;

    public bool IsModified => _entry.State == EntityState.Modified;

    /// <summary>The names of the properties this change sets (all of them for a new or removed entity).</summary>
    public IReadOnlyList<string> Changed => _entry.Properties.Where(p => AuditTrail.Sets(_entry, p)).Select(p => p.Metadata.Name).ToList();

    /// <summary>The property's value as it is being saved.</summary>
    public object? Current(string property) => _entry.Property(property).CurrentValue;

    /// <summary>For a modified entity, only what changed; for a new or removed one, everything; <paramref name="exclude"/> left out.</summary>
    public (Dictionary<string, object?> Before, Dictionary<string, object?> After) Values(params IReadOnlyCollection<string> exclude) =>
        AuditTrail.Values(_entry, name => !exclude.Contains(name));

    /// <summary><see cref="Values"/> of only the properties in <paramref name="only"/>.</summary>
    public (Dictionary<string, object?> Before, Dictionary<string, object?> After) ValuesOf(IReadOnlySet<string> only) =>
        AuditTrail.Values(_entry, only.Contains);

    /// <summary>The usual record: 新增, 修改 or 删除 of <paramref name="target"/> with its values; null for a modification that changed none.</summary>
    public AuditEntry? Record(string subject, string target, (Dictionary<string, object?> Before, Dictionary<string, object?> After) values) =>
        AuditTrail.Describe(_entry, subject, target, values);

    /// <inheritdoc cref="Record(string, string, ValueTuple{Dictionary{string, object}, Dictionary{string, object}})"/>
    public AuditEntry? Record(string subject, string target, params IReadOnlyCollection<string> exclude) => Record(subject, target, Values(exclude));

    /// <summary>An organisation's code by id: one being saved with this change, else the stored one.</summary>
    public async Task<string?> OrganisationCodeAsync(int id, CancellationToken ct) =>
        _trackedCodes.Value.TryGetValue(id, out var code) ? code
        : await Db.Organisations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Code).FirstOrDefaultAsync(ct);
}
