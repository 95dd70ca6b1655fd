using DashboardApp.Core.Access;

namespace DashboardApp.Access;

/// <summary>Demo mode only: one account per role, with passwords made afresh at every start and printed.</summary>
public sealed class DemoAccounts
{
    public sealed record Account(string UserName, string Role, string? Scope, string Password);

    private readonly List<Account> _accounts = [];
    public IReadOnlyList<Account> Accounts => _accounts;

    public Account For(string role) => _accounts.First(a => a.Role == role);

    public async Task CreateAsync(UserAccounts users, string districtCode, string unitCode)
    {
        _accounts.Clear();
        (string Name, string Role, string? Scope, string Display)[] wanted =
        [
            ("admin", Roles.Admin, null, "组织部管理员"),
            ("district", Roles.DistrictAdmin, districtCode, "区级管理员"),
            ("reporter", Roles.Reporter, unitCode, "单位填报员"),
            ("leader", Roles.Viewer, null, "领导查看"),
        ];
        foreach (var (name, role, scope, display) in wanted)
            _accounts.Add(new Account(name, role, scope, await users.CreateOrResetAsync(UserAccounts.Demo, name, role, scope, display)));
    }
}
