using System.Security.Cryptography;
using System.Text;
using DashboardApp.Core;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Access;

/// <summary>A token as its lists show it: never its secret.</summary>
public sealed record TokenRow(int Id, string Kind, string Name, string Hint, string UserName, DateTime CreatedAtUtc, string CreatedBy,
    DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc, int? RotateSeconds, string? OrgCode)
{
    public string State(DateTime nowUtc) =>
        RevokedAtUtc is not null ? "已吊销" : ExpiresAtUtc is { } end && end <= nowUtc ? "已过期" : "有效";
}

/// <summary>A token made just now, with its secret: shown once, stored only as a hash.</summary>
public sealed record NewToken(TokenRow Row, string Secret);

/// <summary>Who a token stands for at this use, with the rights the database gives the account now, and the token as read (a 大屏
/// link's organisation and interval).</summary>
public sealed record TokenUse(UserScope.Info User, AccessToken Token);

/// <summary>
/// 个人访问令牌 and 大屏链接 (docs/product.md, “REST API”, “大屏”): made by their owner on 我的账号 or by the command line (an API
/// token), or by an administrator for a 领导查看 account (a display link); each shown once, stored as its SHA-256 only, revocable by
/// its owner or an administrator, expiring (API tokens), and acting at every use with the account's rights as they are then.
/// Making and revoking are audited under the actor; a use of a write is audited by what it writes.
/// </summary>
public sealed class AccessTokens(UserManager<AppUser> users, DashboardDbContext db, ReferenceData reference, TimeProvider clock)
{
    public const string ApiPrefix = "dpat_";
    public const string DisplayPrefix = "dscr_";
    public const int DefaultDays = 90;
    public const int MaxDays = 366;
    /// <summary>Tokens one account may hold that still open something.</summary>
    public const int MaxActive = 20;
    public const int MinRotateSeconds = 5;
    public const int MaxRotateSeconds = 600;

    /// <summary>A personal access token for <paramref name="userName"/>, made by the account itself or by the command line.</summary>
    public async Task<NewToken> CreateApiAsync(UserScope.Info actor, string userName, string? name, int? days)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        // Someone else's account reads like one that does not exist; only the command line makes tokens for others.
        if (user is null || actor.UserName != user.UserName && actor != UserAccounts.CommandLine)
            throw new InputRefusedException($"用户“{userName}”不存在");
        if (user.IsDisabled()) throw new InputRefusedException($"用户“{user.UserName}”已停用，不能创建访问令牌");
        var lifetime = days ?? DefaultDays;
        if (lifetime is < 1 or > MaxDays) throw new InputRefusedException($"有效期须为 1–{MaxDays} 天");
        var now = clock.GetUtcNow().UtcDateTime;
        return await CreateAsync(actor, user, TokenKinds.Api, Named(name, "访问令牌"), now.AddDays(lifetime), null, null);
    }

    /// <summary>A 大屏 display link for a 领导查看 account, made by an administrator.</summary>
    public async Task<NewToken> CreateDisplayAsync(UserScope.Info actor, string userName, string? name, string? orgCode, int rotateSeconds)
    {
        if (actor.Role != Roles.Admin) throw new InputRefusedException("只有管理员可以创建大屏链接");
        var user = await users.FindByNameAsync(userName.Trim()) ?? throw new InputRefusedException($"用户“{userName}”不存在");
        var account = await UserScope.OfAccountAsync(users, user) ?? throw new InputRefusedException($"用户“{user.UserName}”已停用");
        if (account.Role != Roles.Viewer)
            throw new InputRefusedException("大屏链接只能绑定“领导查看”角色的账号：大屏只读，不能绑定可以修改数据的账号");
        if (rotateSeconds is < MinRotateSeconds or > MaxRotateSeconds)
            throw new InputRefusedException($"轮播间隔须为 {MinRotateSeconds}–{MaxRotateSeconds} 秒");
        orgCode = string.IsNullOrWhiteSpace(orgCode) ? null : orgCode.Trim();
        if (orgCode is not null)
        {
            var (tree, _) = await reference.GetAsync(db);
            if (account.Find(tree, orgCode) is null)
                throw new InputRefusedException($"组织代码“{orgCode}”不存在或不在账号“{user.UserName}”的查看范围内");
        }
        return await CreateAsync(actor, user, TokenKinds.Display, Named(name, "大屏"), null, rotateSeconds, orgCode);
    }

    /// <summary>The tokens of one account (its 我的账号 page), newest first.</summary>
    public Task<List<TokenRow>> ListAsync(string userName, string kind) =>
        Rows(db.AccessTokens.Where(t => t.Kind == kind && db.Users.Any(u => u.Id == t.UserId && u.UserName == userName)));

    /// <summary>Every display link (管理员's 大屏链接 page), newest first.</summary>
    public Task<List<TokenRow>> ListDisplayAsync() => Rows(db.AccessTokens.Where(t => t.Kind == TokenKinds.Display));

    /// <summary>吊销: the token opens nothing from now on. Its owner's own, or any for an administrator; another's reads as missing.</summary>
    public async Task RevokeAsync(UserScope.Info actor, int id)
    {
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == id);
        var owner = token is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == token.UserId).Select(u => u.UserName).SingleOrDefaultAsync();
        if (token is null || owner != actor.UserName && actor.Role != Roles.Admin) throw new InputRefusedException("该令牌不存在");
        if (token.RevokedAtUtc is not null) return;
        token.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.Actor = actor.UserName;
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The account a secret stands for, read now, or null: an unknown, revoked or expired token, a disabled account, or (for a
    /// display link) an account that is no longer 领导查看. Every answer for a bad token is the same null.
    /// </summary>
    public async Task<TokenUse?> ResolveAsync(string? secret, string kind, CancellationToken ct = default)
    {
        var prefix = kind == TokenKinds.Display ? DisplayPrefix : ApiPrefix;
        if (string.IsNullOrEmpty(secret) || secret.Length > 100 || !secret.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.AccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash && t.Kind == kind, ct);
        if (token is null || !token.IsActive(now)) return null;
        if (await UserScope.OfAccountAsync(users, await users.FindByIdAsync(token.UserId)) is not { } account) return null;
        if (kind == TokenKinds.Display && account.Role != Roles.Viewer) return null;
        // Kept to the minute: a busy client does not write a row per request.
        if (token.LastUsedAtUtc is not { } last || now - last > TimeSpan.FromMinutes(1))
            await db.AccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), ct);
        return new TokenUse(account, token);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private async Task<NewToken> CreateAsync(UserScope.Info actor, AppUser user, string kind, string name, DateTime? expires, int? rotate,
        string? orgCode)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.AccessTokens.CountAsync(t => t.UserId == user.Id && t.Kind == kind && t.RevokedAtUtc == null
                                                           && (t.ExpiresAtUtc == null || t.ExpiresAtUtc > now));
        if (active >= MaxActive) throw new InputRefusedException($"账号“{user.UserName}”已有 {active} 个有效的{TokenKinds.ChineseName(kind)}，请先吊销不用的");
        // 32 random bytes (256 bits) in URL-safe Base64: guessing one is out of reach, so its plain SHA-256 is enough to store.
        var secret = (kind == TokenKinds.Display ? DisplayPrefix : ApiPrefix)
                     + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new AccessToken
        {
            UserId = user.Id, Kind = kind, Name = name, Hash = Hash(secret), Hint = secret[..9], CreatedAtUtc = now, CreatedBy = actor.UserName,
            ExpiresAtUtc = expires, RotateSeconds = rotate, OrgCode = orgCode,
        };
        db.AccessTokens.Add(token);
        db.Actor = actor.UserName;
        await db.SaveChangesAsync();
        return new NewToken(Row(token, user.UserName!), secret);
    }

    private async Task<List<TokenRow>> Rows(IQueryable<AccessToken> tokens)
    {
        var list = await tokens.AsNoTracking().OrderByDescending(t => t.Id)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.UserName }).ToListAsync();
        return list.Select(x => Row(x.Token, x.UserName!)).ToList();
    }

    private static TokenRow Row(AccessToken t, string userName) => new(t.Id, t.Kind, t.Name, t.Hint, userName, t.CreatedAtUtc, t.CreatedBy,
        t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc, t.RotateSeconds, t.OrgCode);

    private static string Named(string? name, string fallback)
    {
        var text = string.IsNullOrWhiteSpace(name) ? fallback : name.Trim();
        if (text.Length > 50 || text.Any(char.IsControl)) throw new InputRefusedException("名称不能超过 50 个字，且不能含控制字符");
        return text;
    }
}

/// <summary>
/// A change to tokens from a page (我的账号, 大屏链接): the account's rights read again on the server, then the change in a service scope
/// of its own (Identity's context must not live as long as the page). A refusal comes back as its Chinese message.
/// </summary>
public sealed class TokenChanges(UserScope scope, IServiceScopeFactory scopes)
{
    /// <returns>null when done, else why not.</returns>
    public async Task<string?> RunAsync(Func<AccessTokens, UserScope.Info, Task> change, params string[] roles)
    {
        try
        {
            var me = await scope.ForChangeAsync(roles);
            await using var services = scopes.CreateAsyncScope();
            await change(services.ServiceProvider.GetRequiredService<AccessTokens>(), me);
            return null;
        }
        catch (Exception e) when (e is InputRefusedException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
