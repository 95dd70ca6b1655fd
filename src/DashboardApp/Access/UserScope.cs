using System.Security.Claims;
using DashboardApp.Core.Access;
using DashboardApp.Core.Organisations;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Access;

/// <summary>The signed-in user's role and the organisation subtree they may see (SPEC §8).</summary>
public sealed class UserScope(AuthenticationStateProvider auth, UserManager<AppUser> users)
{
    public sealed record Info(string UserName, string DisplayName, string Role, string? ScopeOrgCode)
    {
        public bool CanUpload => Roles.CanUpload(Role);

        /// <summary>The top of what this user may see in the tree: their scope, or the roots for everything.</summary>
        public IReadOnlyList<Organisation> Tops(OrganisationTree tree) =>
            ScopeOrgCode is { } code ? (tree.ByCode(code) is { } o ? [o] : []) : tree.Roots.ToList();

        /// <summary>The reporting units this user may see, or null for the whole tree.</summary>
        public IReadOnlyCollection<int>? VisibleUnitIds(OrganisationTree tree) => ScopeOrgCode is null ? null
            : Tops(tree).SelectMany(t => tree.ReportingUnitsUnder(t.Id)).Select(u => u.Id).ToHashSet();

        public bool MaySee(Organisation org, OrganisationTree tree) =>
            ScopeOrgCode is null || (tree.ByCode(ScopeOrgCode) is { } top && tree.IsWithin(org.Id, top.Id));

        /// <summary>
        /// The organisation a page was asked for by <paramref name="code"/> (from its URL) if this user may
        /// see it, else the top of their scope with a notice saying so; null, with a notice, when they see nothing.
        /// Unknown and out-of-scope codes get the same notice.
        /// </summary>
        public Organisation? Choose(OrganisationTree tree, string? code, ICollection<string> notices)
        {
            if (Tops(tree) is not [var top, ..])
            {
                notices.Add("您的账号没有可查看的组织，请联系管理员。");
                return null;
            }
            if (code is null) return top;
            if (tree.ByCode(code) is { } wanted && MaySee(wanted, tree)) return wanted;
            notices.Add($"组织代码“{code}”不存在或不在您的查看范围内，已显示“{top.Name}”。");
            return top;
        }

        /// <summary>The breadcrumb above an organisation: its ancestors this user may see, top first.</summary>
        public List<Organisation> VisibleAncestors(OrganisationTree tree, Organisation org) =>
            tree.AncestorsOf(org.Id).Reverse().Where(a => MaySee(a, tree)).ToList();
    }

    private Task<Info>? _info;

    /// <summary>
    /// The signed-in user, looked up once per circuit or request. The layout and the page ask at the
    /// same moment while prerendering; they share one lookup, since Identity's DbContext takes one query at a time.
    /// </summary>
    public Task<Info> GetAsync() => _info ??= LookUpAsync();

    private async Task<Info> LookUpAsync()
    {
        var principal = (await auth.GetAuthenticationStateAsync()).User;
        return await ForPrincipalAsync(users, principal) ?? throw new UnauthorizedAccessException("未登录");
    }

    public static async Task<Info?> ForPrincipalAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var user = await users.GetUserAsync(principal);
        // A disabled account (停用) sees nothing, even through a sign-in made before it was disabled.
        if (user is null || user.LockoutEnd == DateTimeOffset.MaxValue) return null;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Viewer;
        return new Info(user.UserName!, string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName, role, user.ScopeOrgCode);
    }
}
