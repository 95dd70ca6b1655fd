using System.Diagnostics;
using System.Security.Claims;
using DashboardApp.Core.Access;
using DashboardApp.Core.Organisations;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace DashboardApp.Access;

/// <summary>The signed-in user's role and the organisation subtree they may see (docs/product.md, “Roles and scope”).</summary>
public sealed class UserScope(AuthenticationStateProvider auth, IServiceScopeFactory scopes)
{
    public sealed record Info(string UserName, string DisplayName, string Role, string? ScopeOrgCode, bool SignedOut = false)
    {
        public bool CanUpload => Actor.CanSubmit;

        /// <summary>How the header names the account: "张三（单位填报员）", or the role once when the account's name is the role's.</summary>
        public string Label => Roles.ChineseName(Role) is var role && DisplayName == role ? role : $"{DisplayName}（{role}）";

        /// <summary>This account as the services that change something take it (they check its role and scope themselves).</summary>
        public Actor Actor => new(UserName, SignedOut ? "" : Role, ScopeOrgCode);

        /// <summary>The top of what this user may see in the tree: their scope, or the roots for everything.</summary>
        public IReadOnlyList<Organisation> Tops(OrganisationTree tree) =>
            SignedOut ? [] : ScopeOrgCode is { } code ? (tree.ByCode(code) is { } o ? [o] : []) : tree.Roots.ToList();

        /// <summary>The reporting units this user may see, or null for the whole tree.</summary>
        public IReadOnlyCollection<int>? VisibleUnitIds(OrganisationTree tree) => ScopeOrgCode is null && !SignedOut ? null
            : Tops(tree).SelectMany(t => tree.ReportingUnitsUnder(t.Id)).Select(u => u.Id).ToHashSet();

        public bool MaySee(Organisation org, OrganisationTree tree) => !SignedOut && Actor.MaySee(org, tree);

        /// <inheritdoc cref="Actor.Find(OrganisationTree, string?)"/>
        public Organisation? Find(OrganisationTree tree, string? code) => SignedOut ? null : Actor.Find(tree, code);

        /// <inheritdoc cref="Actor.Find(OrganisationTree, string?)"/>
        public Organisation? Find(OrganisationTree tree, int id) => SignedOut ? null : Actor.Find(tree, id);

        /// <summary>Whether this user may see the organisation's parent: what a rank among its siblings names (年度数据摘要).</summary>
        public bool MaySeeParentOf(Organisation org, OrganisationTree tree) =>
            org.ParentId is { } parent && tree.ById(parent) is { } p && MaySee(p, tree);

        /// <summary>
        /// The organisation a page was asked for by <paramref name="code"/> (from its URL) if this user may
        /// see it, else the top of their scope with a notice saying so; null, with a notice, when they see nothing.
        /// Unknown and out-of-scope codes get the same notice.
        /// </summary>
        public Organisation? Choose(OrganisationTree tree, string? code, ICollection<string> notices)
        {
            if (SignedOut)
            {
                notices.Add(EndedMessage);
                return null;
            }
            if (Tops(tree) is not [var top, ..])
            {
                notices.Add("您的账号没有可查看的组织，请联系管理员。");
                return null;
            }
            if (code is null) return top;
            if (Find(tree, code) is { } wanted) return wanted;
            notices.Add($"{Actor.Unknown(code)}，已显示“{top.Name}”。");
            return top;
        }

        /// <summary>The breadcrumb above an organisation: its ancestors this user may see, top first.</summary>
        public List<Organisation> VisibleAncestors(OrganisationTree tree, Organisation org) =>
            tree.AncestorsOf(org.Id).Reverse().Where(a => MaySee(a, tree)).ToList();
    }

    public const string EndedMessage = "您的登录已失效：账号已停用，或角色、所属组织已变更。请重新登录。";

    /// <summary>Someone whose sign-in no longer holds: no role, nothing in scope.</summary>
    public static readonly Info Nobody = new("", "", "", null, SignedOut: true);

    private Task<Info>? _info;
    private long _lookedUpAt;

    /// <summary>
    /// The signed-in user as the database has them now. Within one second the same lookup is shared: the
    /// layout and the page ask at the same moment while prerendering. Every later call looks again, so a
    /// page that loads or refreshes after an account was disabled, demoted or moved sees nothing of the old
    /// scope; the lookup uses a service scope of its own, because the circuit's Identity context would
    /// answer from the entity it tracked at the start.
    /// </summary>
    public Task<Info> GetAsync()
    {
        if (_info is { } shared && (!shared.IsCompleted || Stopwatch.GetElapsedTime(_lookedUpAt) < TimeSpan.FromSeconds(1)))
            return shared;
        _lookedUpAt = Stopwatch.GetTimestamp();
        return _info = LookUpAsync();
    }

    /// <summary>
    /// The user's rights read from the database for an action that changes something, never a cached copy;
    /// refused unless their role is one of <paramref name="roles"/> (any role when none is given).
    /// </summary>
    public async Task<Info> ForChangeAsync(params string[] roles)
    {
        _info = null;
        var info = await GetAsync();
        if (info.SignedOut) throw new UnauthorizedAccessException(EndedMessage);
        if (roles.Length > 0 && !roles.Contains(info.Role)) throw new UnauthorizedAccessException(Actor.NoRights);
        return info;
    }

    private async Task<Info> LookUpAsync()
    {
        var principal = (await auth.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated != true) return Nobody;
        if (await ForPrincipalAsync(scopes, principal) is { } info) return info;
        // The sign-in no longer holds: the open page shows nothing more and goes to the sign-in page, saying why.
        (auth as SignInRevalidation)?.End();
        return Nobody;
    }

    /// <summary>
    /// <see cref="ForPrincipalAsync(UserManager{AppUser}, ClaimsPrincipal)"/> in a service scope of its own, for a circuit,
    /// whose own Identity context would answer from the entity it tracked when it began.
    /// </summary>
    public static async Task<Info?> ForPrincipalAsync(IServiceScopeFactory scopes, ClaimsPrincipal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ForPrincipalAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), principal);
    }

    /// <summary>
    /// The account behind a sign-in, as the database has it now, or null when the sign-in no longer holds:
    /// the account is gone or disabled (停用), or its security stamp changed since the sign-in (a reset
    /// password, a changed role or scope).
    /// </summary>
    public static async Task<Info?> ForPrincipalAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var user = await users.GetUserAsync(principal);
        if (user is null) return null;
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
            return null;
        return await OfAccountAsync(users, user);
    }

    /// <summary>An account's role and scope as the database has them now, or null when it is missing or disabled (停用).</summary>
    public static async Task<Info?> OfAccountAsync(UserManager<AppUser> users, AppUser? user)
    {
        if (user is null || user.IsDisabled()) return null;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Viewer;
        return new Info(user.UserName!, string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName, role, user.ScopeOrgCode);
    }
}
