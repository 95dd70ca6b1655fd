using System.Text.Json;

namespace DashboardApp.Core.Access;

/// <summary>An audit entry's before/after values as a reader wants them: "名称：…；上级组织：…", in Chinese.</summary>
public static class AuditText
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["Code"] = "代码", ["Name"] = "名称", ["ParentCode"] = "上级组织", ["Type"] = "类型", ["OpenedOn"] = "成立日期", ["ClosedOn"] = "撤销日期",
        ["Unit"] = "计量单位", ["Category"] = "类别", ["Aggregation"] = "汇总方式", ["ValueType"] = "数值类型", ["Decimals"] = "小数位数",
        ["Aliases"] = "别名", ["Ceiling"] = "合理上限", ["Headline"] = "看板标题", ["SortOrder"] = "排序", ["Deadline"] = "截止日期", ["Period"] = "统计期",
        ["UserName"] = "用户名", ["DisplayName"] = "姓名", ["ScopeOrgCode"] = "所属组织", ["LockoutEnd"] = "状态", ["Password"] = "密码", ["Role"] = "角色",
        ["SHA256"] = "SHA-256", ["Submissions"] = "报送份数", ["Values"] = "数值个数", ["Periods"] = "统计期", ["Units"] = "单位",
        ["ContactName"] = "联系人", ["ContactPhone"] = "联系电话", ["Email"] = "电子邮箱", ["Reason"] = "原因", ["Indicators"] = "指标", ["SentBack"] = "退回",
        ["Note"] = "说明",
    };

    public static string Describe(string? json)
    {
        if (string.IsNullOrEmpty(json)) return "";
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return json;
            return string.Join("；", doc.RootElement.EnumerateObject().Select(p => $"{Labels.GetValueOrDefault(p.Name, p.Name)}：{Value(p.Value)}"));
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "（空）",
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : "（空）",
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        _ => v.GetRawText(),
    };
}
