using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Core.Access;

/// <summary>A person who signs in. Role is an Identity role; scope is the organisation subtree they work in.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Code of the organisation at the top of the user's scope; null means the whole tree.</summary>
    public string? ScopeOrgCode { get; set; }

    /// <summary>停用: locked out for ever (<see cref="DateTimeOffset.MaxValue"/>); a lockout after wrong passwords ends.</summary>
    public bool IsDisabled() => LockoutEnd == DateTimeOffset.MaxValue;
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
