using DashboardApp.Access;
using DashboardApp.Core.Access;

namespace DashboardApp.Tests.Web;

public class UserLabelTests
{
    [Theory]
    [InlineData("张三", Roles.Reporter, "张三（单位填报员）")]
    [InlineData("单位填报员", Roles.Reporter, "单位填报员")]
    [InlineData("组织部管理员", Roles.Admin, "组织部管理员（管理员）")]
    public void TheHeaderNamesTheRoleOnce(string displayName, string role, string expected) =>
        Assert.Equal(expected, new UserScope.Info("u", displayName, role, null).Label);
}
