using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Core.Access;

/// <summary>A person who signs in. Role is an Identity role; scope is the organisation subtree they work in.</summary>
public sealed class AppUser : IdentityUser, IAudited
{
    public string DisplayName { get; set; } = "";
    /// <summary>Code of the organisation at the top of the user's scope; null means the whole tree.</summary>
    public string? ScopeOrgCode { get; set; }

    /// <summary>停用: locked out for ever (<see cref="DateTimeOffset.MaxValue"/>); a lockout after wrong passwords ends.</summary>
    public bool IsDisabled() => LockoutEnd == DateTimeOffset.MaxValue;

    /// <summary>Properties Identity changes by itself when someone signs in, never worth a record unless they lock the account.</summary>
    private static readonly HashSet<string> SignInBookkeeping =
        [nameof(AccessFailedCount), nameof(LockoutEnd), nameof(ConcurrencyStamp), nameof(SecurityStamp), nameof(PasswordHash)];

    /// <summary>What of an account the log records; secrets, Identity's bookkeeping and unused fields are left out.</summary>
    private static readonly HashSet<string> AuditedFields = [nameof(UserName), nameof(DisplayName), nameof(ScopeOrgCode), nameof(LockoutEnd)];

    /// <summary>用户: its name, display name, scope and state (正常 / 已停用), a reset password as such; a lockout by wrong passwords as 系统's.</summary>
    public ValueTask<AuditEntry?> DescribeAsync(AuditChange change, CancellationToken ct)
    {
        var changed = change.Changed;
        if (change.Actor is null && change.IsModified && changed.All(SignInBookkeeping.Contains))
        {
            // Repeated wrong passwords lock an account: a security event worth a line, with no one to attribute it to.
            var locked = changed.Contains(nameof(LockoutEnd)) && change.Current(nameof(LockoutEnd)) is DateTimeOffset end && end > change.Now;
            return ValueTask.FromResult(locked
                ? new AuditEntry { Actor = AuditTrail.System, Subject = "用户", Action = "登录失败锁定", Target = UserName ?? "" } : null);
        }
        var (before, after) = change.ValuesOf(AuditedFields);
        foreach (var side in new[] { before, after })
            if (side.TryGetValue(nameof(LockoutEnd), out var value))
                side[nameof(LockoutEnd)] = value is "9999-12-31 23:59" ? "已停用" : value ?? "正常";
        if (changed.Contains(nameof(PasswordHash)) && change.IsModified)
        {
            before["Password"] = "******";
            after["Password"] = "（已重置）";
        }
        return ValueTask.FromResult(change.Record("用户", UserName ?? "", (before, after)));
    }
}

/// <summary>The four roles of docs/product.md, “Roles and scope”.</summary>
public static class Roles
{
    /// <summary>管理员.</summary>
    public const string Admin = "Admin";
    /// <summary>区级/街道管理员.</summary>
    public const string DistrictAdmin = "DistrictAdmin";
    /// <summary>单位填报员.</summary>
    public const string Reporter = "Reporter";
    /// <summary>领导查看.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, DistrictAdmin, Reporter, Viewer];

    public static string ChineseName(string role) => role switch
    {
        Admin => "管理员",
        DistrictAdmin => "区级/街道管理员",
        Reporter => "单位填报员",
        Viewer => "领导查看",
        _ => role,
    };

    /// <summary>Accepts the English code or the Chinese name.</summary>
    public static string? Parse(string text) =>
        All.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase) || ChineseName(r) == text);

    public static bool CanUpload(string role) => role is Admin or DistrictAdmin or Reporter;

    /// <summary>Who may mark 数据复核 flags checked (within their scope): the department and district or street officers.</summary>
    public static bool CanReview(string role) => role is Admin or DistrictAdmin;
}
