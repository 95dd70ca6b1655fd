using DashboardApp.Core.Organisations;

namespace DashboardApp.Core.Access;

/// <summary>
/// Who asks to see or change something, as the database has them now: an account's name, role and the organisation at the top
/// of their scope (null: the whole tree). Every service that changes something takes one and checks it itself
/// (docs/architecture.md, “The write boundary”); the web host reads it afresh for each change (<c>UserScope.ForChangeAsync</c>),
/// the command line and the demo loader act as <see cref="System"/>.
/// </summary>
public sealed record Actor(string UserName, string Role, string? ScopeOrgCode)
{
    /// <summary>The command line, the demo loader and scheduled jobs: 管理员 rights over the whole tree, recorded under <paramref name="name"/>.</summary>
    public static Actor System(string name) => new(name, Roles.Admin, null);

    /// <summary>What a refusal for want of rights says: the account lost the role since the page was opened, or never had it.</summary>
    public const string NoRights = "您的账号已无权进行此操作，请重新登录。";

    public bool CanSubmit => Roles.CanUpload(Role);

    /// <summary>数据复核, 退回, 更正 and the 通报: the department and district or street officers.</summary>
    public bool CanReview => Roles.CanReview(Role);

    /// <summary>The organisation a submission's units must lie under: none for an administrator, else the account's (a missing one reads as "").</summary>
    public string? SubmitScope => Role == Roles.Admin ? null : ScopeOrgCode ?? "";

    public bool MaySee(Organisation org, OrganisationTree tree) =>
        ScopeOrgCode is null || (tree.ByCode(ScopeOrgCode) is { } top && tree.IsWithin(org.Id, top.Id));

    /// <summary>
    /// The organisation with <paramref name="code"/> if this account may see it, else null: a code outside the scope reads exactly
    /// like one that does not exist. Every lookup of a code someone typed or sent goes through here.
    /// </summary>
    public Organisation? Find(OrganisationTree tree, string? code) =>
        code is not null && tree.ByCode(code) is { } org && MaySee(org, tree) ? org : null;

    /// <inheritdoc cref="Find(OrganisationTree, string?)"/>
    public Organisation? Find(OrganisationTree tree, int id) => tree.ById(id) is { } org && MaySee(org, tree) ? org : null;

    /// <summary>The one answer for a code <see cref="Find(OrganisationTree, string?)"/> did not find, naming what the scope is for (查看, 管理, 填报, 报送).</summary>
    public static string Unknown(string? code, string scope = "查看") => $"组织代码“{code}”不存在或不在您的{scope}范围内";
}
