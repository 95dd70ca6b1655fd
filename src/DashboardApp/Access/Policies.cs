namespace DashboardApp.Access;

public static class Policies
{
    /// <summary>May upload workbooks: 管理员, 区级/街道管理员, 单位填报员.</summary>
    public const string Upload = "Upload";
}
