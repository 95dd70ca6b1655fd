using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Organisations;

/// <summary>组织: a node of the organisation tree (市 → 区/县 → 街道/乡镇 → 基层党组织, any depth).</summary>
public sealed class Organisation : Access.IAudited
{
    public int Id { get; set; }
    /// <summary>组织代码, unique and stable, e.g. D01-S03-U012.</summary>
    public required string Code { get; set; }
    /// <summary>组织名称.</summary>
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public Organisation? Parent { get; set; }
    /// <summary>Depth in the tree: 0 for the root.</summary>
    public int Level { get; set; }
    /// <summary>组织类型: 党委, 党总支, 党支部, 区委, 街道党工委…</summary>
    public string Type { get; set; } = "";
    /// <summary>成立日期.</summary>
    public DateOnly? OpenedOn { get; set; }
    /// <summary>撤销日期.</summary>
    public DateOnly? ClosedOn { get; set; }
    /// <summary>联系人: who to call about the unit's figures.</summary>
    public string? ContactName { get; set; }
    /// <summary>联系电话.</summary>
    public string? ContactPhone { get; set; }
    /// <summary>电子邮箱: where 催报 and 退回 are mailed.</summary>
    public string? Email { get; set; }

    public OrganisationContact Contact => new(ContactName, ContactPhone, Email);

    public bool IsOpenDuring(Period period) =>
        (OpenedOn is null || OpenedOn <= period.End) && (ClosedOn is null || ClosedOn >= period.Start);

    /// <summary>组织, named by code and name; its parent by code (ids mean nothing to a reader), its depth (derived) left out.</summary>
    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var (before, after) = change.Values(nameof(Id), nameof(Level));
        foreach (var side in new[] { before, after })
        {
            if (!side.Remove(nameof(ParentId), out var id)) continue;
            side["ParentCode"] = id is int parentId ? await change.OrganisationCodeAsync(parentId, ct) : null;
        }
        return change.Record("组织", $"{Code}（{Name}）", (before, after));
    }
}

/// <summary>联系人, 联系电话 and 电子邮箱 of an organisation; each may be empty.</summary>
public sealed record OrganisationContact(string? Name, string? Phone, string? Email)
{
    public const int MaxName = 50;
    public const int MaxPhone = 30;
    public const int MaxEmail = 254;

    public static readonly OrganisationContact None = new(null, null, null);

    /// <summary>Empty text as null, the rest trimmed.</summary>
    public OrganisationContact Normalised() => new(Clean(Name), Clean(Phone), Clean(Email));

    private static string? Clean(string? text) => FreeText.Clean(text) is { Length: > 0 } t ? t : null;

    /// <summary>What is wrong with each field, by its Chinese column name.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Name is { Length: > MaxName }) yield return ("联系人", $"联系人不能超过 {MaxName} 个字");
        if (Phone is { } phone && (phone.Length > MaxPhone || !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')' or '转')))
            yield return ("联系电话", $"联系电话“{phone}”只能含数字、空格和 - + ( ) 转，且不超过 {MaxPhone} 个字符");
        if (Email is { } email && !IsEmail(email)) yield return ("电子邮箱", $"电子邮箱“{email}”格式不正确，应如 name@example.gov.cn");
    }

    /// <summary>One plain address: local part, @, a domain with a dot; no display name, spaces or a second address.</summary>
    public static bool IsEmail(string text)
    {
        if (text.Length > MaxEmail || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"')) return false;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1) return false;
        var domain = text[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
               && System.Net.Mail.MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }
}
