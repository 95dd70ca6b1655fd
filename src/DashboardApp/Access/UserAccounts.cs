using System.Security.Cryptography;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Access;

/// <summary>Creates users with a role and scope; passwords are generated, never defaulted.</summary>
public sealed class UserAccounts(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>Creates the user, or resets the password of an existing one when <paramref name="resetIfExists"/>. Returns the password.</summary>
    public async Task<string> CreateAsync(string userName, string role, string? scopeCode, string? displayName = null, bool resetIfExists = false)
    {
        var roleName = Roles.Parse(role) ?? throw new ArgumentException($"未知角色“{role}”，可选：{string.Join("、", Roles.All.Select(r => $"{r}（{Roles.ChineseName(r)}）"))}");
        if (scopeCode is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (!await db.Organisations.AnyAsync(o => o.Code == scopeCode))
                throw new ArgumentException($"组织代码“{scopeCode}”不存在");
        }
        else if (roleName is Roles.DistrictAdmin or Roles.Reporter)
        {
            throw new ArgumentException($"{Roles.ChineseName(roleName)}必须用 --scope 指定所属组织");
        }
        await EnsureRolesAsync();
        var password = GeneratePassword();
        var user = await users.FindByNameAsync(userName);
        if (user is not null)
        {
            if (!resetIfExists) throw new ArgumentException($"用户“{userName}”已存在");
            user.ScopeOrgCode = scopeCode;
            user.DisplayName = displayName ?? userName;
            Check(await users.UpdateAsync(user));
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            foreach (var old in await users.GetRolesAsync(user)) Check(await users.RemoveFromRoleAsync(user, old));
        }
        else
        {
            user = new AppUser { UserName = userName, DisplayName = displayName ?? userName, ScopeOrgCode = scopeCode, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password));
        }
        Check(await users.AddToRoleAsync(user, roleName));
        return password;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("；", result.Errors.Select(e => e.Description)));
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
