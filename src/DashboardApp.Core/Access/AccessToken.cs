using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Access;

/// <summary>What a token opens: the REST API (a personal access token), or the 大屏 (a display link).</summary>
public static class TokenKinds
{
    /// <summary>个人访问令牌: sent as <c>Authorization: Bearer</c> to <c>/api/v1</c>, acting as its account.</summary>
    public const string Api = "api";

    /// <summary>大屏链接: opens the wall screen of a 领导查看 account's scope without signing in; reads only.</summary>
    public const string Display = "display";

    public static string ChineseName(string kind) => kind == Display ? "大屏链接" : "访问令牌";
}

/// <summary>
/// A secret that stands for an account (docs/product.md, “REST API” and “大屏”). Only the SHA-256 of the secret is stored; the
/// secret itself is shown once when it is made. It acts with the account's rights as the database has them at each use —
/// a disabled account, or one whose role no longer allows what it opens, has tokens that open nothing.
/// </summary>
public sealed class AccessToken : IAudited
{
    public int Id { get; set; }
    /// <summary>The account it acts as.</summary>
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    /// <summary>What its owner calls it: "省平台同步", "会议室大屏".</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the secret, lower-case hex.</summary>
    public required string Hash { get; set; }
    /// <summary>The secret's first characters, to tell tokens apart in a list ("dpat_3kF9…").</summary>
    public required string Hint { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Who made it: the owner, an administrator, or 命令行.</summary>
    public required string CreatedBy { get; set; }
    /// <summary>After this it opens nothing; null: until revoked (display links).</summary>
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    /// <summary>Last use, kept to the minute (not audited).</summary>
    public DateTime? LastUsedAtUtc { get; set; }
    /// <summary>大屏: seconds each panel shows before the next.</summary>
    public int? RotateSeconds { get; set; }
    /// <summary>大屏: the organisation shown, within the account's scope; null: the top of the scope.</summary>
    public string? OrgCode { get; set; }

    public bool IsActive(DateTime nowUtc) => RevokedAtUtc is null && (ExpiresAtUtc is not { } end || end > nowUtc);

    /// <summary>Named "clerk 省平台同步（dpat_3kF9）": the account and the token's name and hint, never its secret or hash.</summary>
    public async ValueTask<AuditEntry?> DescribeAsync(AuditChange change, CancellationToken ct)
    {
        var user = change.Db.Users.Local.FirstOrDefault(u => u.Id == UserId)?.UserName
                   ?? await change.Db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        return change.Record(TokenKinds.ChineseName(Kind), $"{user} {Name}（{Hint}）",
            nameof(Id), nameof(UserId), nameof(Hash), nameof(Kind), nameof(LastUsedAtUtc));
    }
}
