using System.Globalization;
using System.Text.Json;

namespace DashboardApp.Core.Access;

/// <summary>An audit entry's before/after values as a reader wants them: "名称：…；上级组织：…", in Chinese.</summary>
public static class AuditText
{
    /// <summary>Every field an audit record may carry, by the name an officer knows it by.</summary>
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["Code"] = "代码", ["Name"] = "名称", ["ParentCode"] = "上级组织", ["Type"] = "类型", ["OpenedOn"] = "成立日期", ["ClosedOn"] = "撤销日期",
        ["Unit"] = "计量单位", ["Category"] = "类别", ["Aggregation"] = "汇总方式", ["ValueType"] = "数值类型", ["Decimals"] = "小数位数",
        ["Aliases"] = "别名", ["Ceiling"] = "合理上限", ["Headline"] = "看板标题", ["SortOrder"] = "排序", ["Deadline"] = "截止日期", ["Period"] = "统计期",
        ["UserName"] = "用户名", ["DisplayName"] = "姓名", ["ScopeOrgCode"] = "所属组织", ["LockoutEnd"] = "状态", ["Password"] = "密码", ["Role"] = "角色",
        ["SHA256"] = "SHA-256", ["Submissions"] = "报送份数", ["Values"] = "数值个数", ["Periods"] = "统计期", ["Units"] = "单位",
        ["ContactName"] = "联系人", ["ContactPhone"] = "联系电话", ["Email"] = "电子邮箱", ["Reason"] = "原因", ["Indicators"] = "指标", ["SentBack"] = "退回",
        ["Note"] = "说明", ["Phrase"] = "摘要用语", ["Numerator"] = "分子", ["Denominator"] = "分母", ["Display"] = "显示方式",
        ["Left"] = "左边", ["Operator"] = "关系", ["Right"] = "右边", ["Severity"] = "级别", ["Message"] = "提示语", ["Enabled"] = "启用",
        ["Kind"] = "类型", ["Cell"] = "单元格", ["Value"] = "数值", ["MarkedAtUtc"] = "核实时间", ["Decision"] = "结论", ["DecidedAtUtc"] = "复核时间",
        ["DecidedBy"] = "复核人", ["CreatedAtUtc"] = "创建时间", ["ExpiresAtUtc"] = "有效期至", ["RevokedAtUtc"] = "吊销时间", ["OrgCode"] = "组织",
        ["RotateSeconds"] = "切换间隔（秒）", ["Hint"] = "令牌前缀", ["CreatedBy"] = "创建人", ["Token"] = "令牌", ["File"] = "文件", ["Via"] = "方式",
        ["Status"] = "结果", ["Errors"] = "错误数", ["First"] = "第一个问题",
        ["Year"] = "年度", ["Quarter"] = "季度", ["Min"] = "最低要求", ["Per"] = "周期", ["Json"] = "细则内容", ["Item"] = "考核项目", ["Score"] = "得分",
        ["PublishedAtUtc"] = "发布时间",
    };

    /// <summary>Values stored as the program names them, as an officer reads them (by field).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["Aggregation"] = new() { ["Sum"] = "累加", ["Last"] = "取期末值" },
        ["ValueType"] = new() { ["Integer"] = "整数", ["Decimal"] = "小数" },
        ["Severity"] = new() { ["Error"] = "错误（拒收）", ["Warning"] = "提示（接收）" },
        ["Decision"] = new() { ["Verified"] = "已核实", ["SentBack"] = "退回" },
        ["Display"] = new() { ["Percent"] = "百分比", ["Ratio"] = "比值" },
        ["Per"] = new() { ["Month"] = "每月", ["Quarter"] = "每季度", ["Year"] = "每年" },
        ["Status"] = new() { ["refused"] = "未通过", ["accepted"] = "检查通过", ["unchanged"] = "未更改" },
    };

    /// <summary>The Chinese label of a recorded field, or null when it has none.</summary>
    public static string? Label(string field) => Labels.GetValueOrDefault(field);

    /// <param name="zone">The time zone times are shown in (a stored time is UTC): the server's own when not given.</param>
    public static string Describe(string? json, TimeZoneInfo? zone = null)
    {
        if (string.IsNullOrEmpty(json)) return "";
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return json;
            return string.Join("；", doc.RootElement.EnumerateObject()
                .Select(p => $"{Labels.GetValueOrDefault(p.Name, p.Name)}：{Value(p.Name, p.Value, zone ?? TimeZoneInfo.Local)}"));
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Value(string field, JsonElement v, TimeZoneInfo zone)
    {
        if (v.ValueKind != JsonValueKind.String) return v.ValueKind switch
        {
            JsonValueKind.Null => "（空）",
            JsonValueKind.True => "是",
            JsonValueKind.False => "否",
            _ => v.GetRawText(),
        };
        var s = v.GetString() ?? "";
        if (s.Length == 0) return "（空）";
        if (Words.TryGetValue(field, out var words) && words.TryGetValue(s, out var word)) return word;
        if (field == "Operator") return Rules.RuleOperators.Shown(s);
        if (field == "Kind" && Review.ReviewKinds.Listed.Contains(s)) return Review.ReviewKinds.ChineseName(s);
        // A moment stored in UTC ("2026-12-07T13:20:32.7412385Z"), as local time to the second.
        if (field.EndsWith("Utc", StringComparison.Ordinal)
            && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return s;
    }
}
