namespace DashboardApp.Core.Workbooks;

/// <summary>The label texts that mark identifying fields in uploaded sheets (after <see cref="XlCells.Label"/>).</summary>
internal static class Labels
{
    public enum Field { UnitCode, UnitName, Period }

    private static readonly Dictionary<string, Field> Known = new()
    {
        ["单位代码"] = Field.UnitCode, ["组织代码"] = Field.UnitCode, ["党组织代码"] = Field.UnitCode,
        ["单位名称"] = Field.UnitName, ["组织名称"] = Field.UnitName, ["党组织名称"] = Field.UnitName,
        ["填报单位"] = Field.UnitName, ["报送单位"] = Field.UnitName,
        ["统计期"] = Field.Period, ["统计期间"] = Field.Period, ["统计月份"] = Field.Period,
        ["报表期间"] = Field.Period, ["报送期间"] = Field.Period, ["所属期"] = Field.Period, ["统计时间"] = Field.Period,
    };

    public static Field? Of(string label) => Known.TryGetValue(label, out var f) ? f : null;

    /// <summary>"统计期：2025年3月" in one cell: the field and the text after the colon.</summary>
    public static (Field Field, string Value)? Inline(string text)
    {
        var normalized = text.Replace('：', ':');
        var colon = normalized.IndexOf(':');
        if (colon <= 0 || colon == normalized.Length - 1) return null;
        var field = Of(XlCells.Label(normalized[..colon]));
        return field is null ? null : (field.Value, normalized[(colon + 1)..].Trim());
    }

    /// <summary>Text that is itself a label ("报送截止："), so it cannot be the value of the label to its left.</summary>
    public static bool LooksLikeLabel(string text)
    {
        var t = text.Trim();
        return t.EndsWith(':') || t.EndsWith('：') || Of(XlCells.Label(t)) is not null;
    }

    public static readonly HashSet<string> IndicatorNameHeaders = ["指标名称", "指标", "项目", "指标项目"];
    public static readonly HashSet<string> IndicatorCodeHeaders = ["指标代码", "指标编码"];
    public static readonly HashSet<string> ValueHeaders = ["本期数值", "数值", "本月数", "数量", "本期数", "本月数值", "本月完成", "本期完成"];
    public static readonly HashSet<string> NoteHeaders = ["备注", "说明", "备注说明", "情况说明"];
    public static readonly HashSet<string> TotalRowLabels = ["合计", "总计", "全区合计", "小计"];
    public static readonly string[] FooterPrefixes = ["填表人", "填报人", "审核人", "负责人", "联系电话", "联系人", "注:", "说明", "备注:", "制表"];
}
