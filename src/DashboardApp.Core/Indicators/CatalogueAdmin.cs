using System.Text.RegularExpressions;
using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Indicators;

/// <summary>An indicator as the catalogue page edits it.</summary>
public sealed record IndicatorEdit(
    string Code, string Name, string Unit, string Category, Aggregation Aggregation, IndicatorValueType ValueType, int Decimals,
    IReadOnlyList<string> Aliases, decimal? Ceiling, string? Headline);

/// <summary>
/// 指标目录维护 (docs/product.md, “Indicators”): add an indicator or change its name, unit, category, aliases, ceiling and
/// headline — no code change. What values mean (aggregation, value type, decimals) cannot change
/// once values have been reported for it: the stored figures and rollups would no longer agree.
/// </summary>
public sealed partial class CatalogueAdmin(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task SaveAsync(string actor, IndicatorEdit edit, bool isNew, CancellationToken ct = default)
    {
        var code = edit.Code.Trim().ToUpperInvariant();
        var problems = new List<string>();
        if (!CodeFormat().IsMatch(code)) problems.Add("指标代码须以大写字母开头，由大写字母、数字和下划线组成（2–64 个字符），如 STUDY_SESSIONS");
        if (string.IsNullOrWhiteSpace(edit.Name)) problems.Add("请填写指标名称");
        if (string.IsNullOrWhiteSpace(edit.Unit)) problems.Add("请填写计量单位");
        if (string.IsNullOrWhiteSpace(edit.Category)) problems.Add("请填写类别");
        var decimals = edit.ValueType == IndicatorValueType.Integer ? 0 : edit.Decimals;
        if (decimals is < 0 or > 4) problems.Add("小数位数须在 1–4 之间");
        if (edit.ValueType == IndicatorValueType.Decimal && decimals == 0) problems.Add("小数型指标的小数位数须在 1–4 之间");
        if (edit.Ceiling is < 0) problems.Add("合理上限不能为负数");
        if (problems.Count > 0) throw new InputRefusedException(string.Join("；", problems));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var all = await db.Indicators.ToListAsync(ct);
        var indicator = all.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase));
        if (isNew && indicator is not null) throw new InputRefusedException($"指标代码“{code}”已存在");
        if (!isNew && indicator is null) throw new InputRefusedException($"指标代码“{code}”不存在");
        if (indicator is null)
        {
            indicator = new Indicator
            {
                Code = code, Name = "", Unit = "", Category = "", SortOrder = all.Count == 0 ? 1 : all.Max(i => i.SortOrder)
                + 1
            };
            db.Indicators.Add(indicator);
            all.Add(indicator);
        }
        else if ((indicator.Aggregation, indicator.ValueType, indicator.Decimals) != (edit.Aggregation, edit.ValueType, decimals)
                 && await db.CurrentValues.AnyAsync(v => v.IndicatorId == indicator.Id, ct))
        {
            throw new InputRefusedException($"“{indicator.Name}”已有报送数据，不能更改汇总方式、数值类型或小数位数；如需不同口径，请新增指标");
        }
        indicator.Name = edit.Name.Trim();
        indicator.Unit = edit.Unit.Trim();
        indicator.Category = edit.Category.Trim();
        indicator.Aggregation = edit.Aggregation;
        indicator.ValueType = edit.ValueType;
        indicator.Decimals = decimals;
        indicator.Aliases = edit.Aliases.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct().ToList();
        indicator.Ceiling = edit.Ceiling;
        indicator.Headline = string.IsNullOrWhiteSpace(edit.Headline) ? null : edit.Headline.Trim();
        // The catalogue refuses a name or alias that two indicators share: a sheet header must mean one indicator.
        try { _ = new IndicatorCatalogue(all); }
        catch (InvalidDataException e) { throw new InputRefusedException(e.Message); }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Aliases as typed in one box: separated by 、，, ; or new lines.</summary>
    public static List<string> SplitAliases(string? text) =>
        (text ?? "").Split(['、', '，', ',', ';', '；', '\n', '\r'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    private static partial Regex CodeFormat();
}
