using System.Security.Cryptography;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Access;

/// <summary>One account as the user management page lists it.</summary>
public sealed record UserRow(string UserName, string DisplayName, string Role, string? ScopeOrgCode, string? ScopeName, bool Disabled,
    bool LockedOut);

/// <summary>
/// 用户管理 (docs/product.md, “Roles and scope”): create, list, disable, reset and change accounts. Who may do what is decided
/// here, on the server, for every caller: an administrator manages every account; a 区级/街道管理员
/// only 单位填报员 inside their own subtree; nobody disables or demotes themselves. Passwords are
/// generated, never chosen or defaulted, and shown once. Every change is audited under the actor.
/// </summary>
public sealed class UserAccounts(UserManager<AppUser> users, RoleManager<IdentityRole> roles, DashboardDbContext db, ReferenceData reference,
    TimeProvider clock)
{
    /// <summary>Who acts when no one is signed in: the command line.</summary>
    public static readonly UserScope.Info CommandLine = new("命令行", "命令行", Roles.Admin, null);

    /// <summary>Who creates the demo accounts.</summary>
    public static readonly UserScope.Info Demo = new("系统（演示模式）", "系统", Roles.Admin, null);

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>The accounts <paramref name="actor"/> may manage.</summary>
    public async Task<List<UserRow>> ListAsync(UserScope.Info actor)
    {
        var (tree, _) = await reference.GetAsync(db);
        var roleOf = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name!);
        var now = clock.GetUtcNow();
        return (await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync())
            .Select(u => (User: u, Role: roleOf.GetValueOrDefault(u.Id) ?? Roles.Viewer))
            .Where(x => MayManage(actor, x.Role, x.User.ScopeOrgCode, tree))
            .Select(x => new UserRow(x.User.UserName!, x.User.DisplayName, x.Role, x.User.ScopeOrgCode,
                x.User.ScopeOrgCode is { } code ? tree.ByCode(code)?.Name : null,
                x.User.IsDisabled(), x.User.LockoutEnd is { } end && end > now && end != DateTimeOffset.MaxValue))
            .ToList();
    }

    /// <summary>Creates an account and returns its generated password.</summary>
    public async Task<string> CreateAsync(UserScope.Info actor, string userName, string role, string? scopeCode, string? displayName = null)
    {
        userName = userName.Trim();
        if (userName.Length is < 2 or > 50 || userName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new InputRefusedException("用户名须为 2–50 个字符，不含空格");
        var roleName = await CheckAsync(actor, role, scopeCode);
        if (await users.FindByNameAsync(userName) is not null) throw new InputRefusedException($"用户“{userName}”已存在");
        await EnsureRolesAsync();
        var password = GeneratePassword();
        return await AuditedAsync(actor, async () =>
        {
            var user = new AppUser
            {
                UserName = userName, DisplayName = Blank(displayName) ?? userName, ScopeOrgCode = Blank(scopeCode),
                EmailConfirmed = true
            };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, roleName));
            return password;
        });
    }

    /// <summary>Demo mode only: the account exists with this role and scope and a fresh password.</summary>
    public async Task<string> CreateOrResetAsync(UserScope.Info actor, string userName, string role, string? scopeCode, string displayName)
    {
        if (await users.FindByNameAsync(userName) is null) return await CreateAsync(actor, userName, role, scopeCode, displayName);
        await UpdateAsync(actor, userName, role, scopeCode, displayName);
        await SetEnabledAsync(actor, userName, enabled: true);
        return await ResetPasswordAsync(actor, userName);
    }

    /// <summary>Changes an account's role, scope and display name.</summary>
    public async Task UpdateAsync(UserScope.Info actor, string userName, string role, string? scopeCode, string? displayName)
    {
        var user = await ManagedAsync(actor, userName);
        var roleName = await CheckAsync(actor, role, scopeCode);
        if (user.UserName == actor.UserName && roleName != actor.Role) throw new InputRefusedException("不能更改自己的角色");
        await AuditedAsync(actor, async () =>
        {
            var scopeChanged = user.ScopeOrgCode != Blank(scopeCode);
            user.ScopeOrgCode = Blank(scopeCode);
            user.DisplayName = Blank(displayName) ?? user.UserName!;
            Check(await users.UpdateAsync(user));
            var current = await users.GetRolesAsync(user);
            var roleChanged = !current.SequenceEqual([roleName]);
            if (roleChanged)
            {
                foreach (var old in current) Check(await users.RemoveFromRoleAsync(user, old));
                Check(await users.AddToRoleAsync(user, roleName));
            }
            // Other rights than the sign-in was made with: a new security stamp ends the account's open sign-ins.
            if (scopeChanged || roleChanged) Check(await users.UpdateSecurityStampAsync(user));
            return 0;
        });
    }

    /// <summary>停用 / 启用: a disabled account cannot sign in, and its open pages lose their data at the next check.</summary>
    public async Task SetEnabledAsync(UserScope.Info actor, string userName, bool enabled)
    {
        var user = await ManagedAsync(actor, userName);
        if (!enabled && user.UserName == actor.UserName) throw new InputRefusedException("不能停用自己的账号");
        await AuditedAsync(actor, async () =>
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = enabled ? null : DateTimeOffset.MaxValue;
            if (enabled) user.AccessFailedCount = 0;
            Check(await users.UpdateAsync(user));
            // A new security stamp ends the account's existing sign-ins; its API tokens and 大屏 links are revoked, so enabling it
            // again does not bring them back.
            if (!enabled)
            {
                Check(await users.UpdateSecurityStampAsync(user));
                await RevokeTokensAsync(user);
            }
            return 0;
        });
    }

    /// <summary>Gives the account a new generated password (shown once), unlocks it, and ends its sign-ins.</summary>
    public async Task<string> ResetPasswordAsync(UserScope.Info actor, string userName)
    {
        var user = await ManagedAsync(actor, userName);
        var password = GeneratePassword();
        return await AuditedAsync(actor, async () =>
        {
            // One save (one audit record): a reset through Identity's own token rather than remove-then-add.
            Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
            if (user.LockoutEnd != DateTimeOffset.MaxValue)
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                Check(await users.UpdateAsync(user));
            }
            // Whoever knew the old password may have made tokens with it: they stop with it.
            await RevokeTokensAsync(user);
            return password;
        });
    }

    /// <summary>May <paramref name="actor"/> manage an account with this role and scope?</summary>
    public static bool MayManage(UserScope.Info actor, string role, string? scopeCode, OrganisationTree tree) => actor.Role switch
    {
        Roles.Admin => true,
        Roles.DistrictAdmin => role == Roles.Reporter && scopeCode is not null && tree.ByCode(scopeCode) is { } org && actor.MaySee(org, tree),
        _ => false,
    };

    private async Task<AppUser> ManagedAsync(UserScope.Info actor, string userName)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        // An account the actor may not manage reads exactly like one that does not exist.
        if (user is null
            || !MayManage(actor, (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Viewer, user.ScopeOrgCode, (await reference.GetAsync(db)).Tree))
            throw new InputRefusedException($"用户“{userName}”不存在或不在您的管理范围内");
        return user;
    }

    private async Task<string> CheckAsync(UserScope.Info actor, string role, string? scopeCode)
    {
        var roleName = Roles.Parse(role)
            ?? throw new InputRefusedException($"未知角色“{role}”，可选：{string.Join("、", Roles.All.Select(r => $"{r}（{Roles.ChineseName(r)}）"))}");
        scopeCode = Blank(scopeCode);
        var (tree, _) = await reference.GetAsync(db);
        if (scopeCode is not null && tree.ByCode(scopeCode) is null) throw new InputRefusedException($"组织代码“{scopeCode}”不存在");
        if (scopeCode is null && roleName is Roles.DistrictAdmin or Roles.Reporter)
            throw new InputRefusedException($"{Roles.ChineseName(roleName)}必须指定所属组织");
        if (roleName == Roles.Reporter && scopeCode is not null && !tree.IsReportingUnit(tree.ByCode(scopeCode)!.Id))
            throw new InputRefusedException($"单位填报员的所属组织须是基层党组织，“{scopeCode}”下还有下级组织");
        if (!MayManage(actor, roleName, scopeCode, tree))
            throw new InputRefusedException(actor.Role == Roles.DistrictAdmin
                ? "区级/街道管理员只能管理本范围内基层党组织的单位填报员"
                : "您无权管理用户");
        return roleName;
    }

    /// <summary>One transaction on the context Identity's stores use, so the change and its audit record land together.</summary>
    private async Task<T> AuditedAsync<T>(UserScope.Info actor, Func<Task<T>> change)
    {
        db.Actor = actor.UserName;
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await change();
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Revokes every API token and 大屏 link of the account still in force (audited, in the caller's transaction).</summary>
    private async Task RevokeTokensAsync(AppUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var token in await db.AccessTokens.Where(t => t.UserId == user.Id && t.RevokedAtUtc == null).ToListAsync())
            token.RevokedAtUtc = now;
        await db.SaveChangesAsync();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InputRefusedException(string.Join("；", result.Errors.Select(e => e.Description)));
    }

    /// <summary>16 characters from every class the password policy asks for.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%*-_+=";
        const string all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)], lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 16) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(1000))]);
    }
}
