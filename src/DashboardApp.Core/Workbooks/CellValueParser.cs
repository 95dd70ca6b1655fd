using System.Globalization;
using System.Text.RegularExpressions;
using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Workbooks;

/// <summary>What a value cell held, independent of the spreadsheet library.</summary>
public abstract record RawCell
{
    public sealed record Blank : RawCell;
    public sealed record Number(double Value) : RawCell;
    /// <summary>A number its cell's format shows as a percentage: 0.5 displayed "50%".</summary>
    public sealed record Percent(double Value) : RawCell;
    public sealed record Text(string Value) : RawCell;
    public sealed record Date(DateTime Value) : RawCell;
    public sealed record Boolean(bool Value) : RawCell;
    /// <summary>An Excel error such as #DIV/0!.</summary>
    public sealed record Error(string Value) : RawCell;
    /// <summary>A formula whose result was never calculated and saved.</summary>
    public sealed record UncalculatedFormula(string Formula) : RawCell;
}

public enum CellOutcome { NotReported, Value, Error }

/// <summary>The reading of one value cell: nothing reported, a value (perhaps with a warning), or an error.</summary>
/// <remarks>A struct: a large 汇总表 holds millions of readings at once.</remarks>
public readonly record struct CellReading(CellOutcome Outcome, decimal? Value = null, string? Code = null, string? Message = null)
{
    public bool HasWarning => Outcome == CellOutcome.Value && Code is not null;
    public static readonly CellReading NotReported = new(CellOutcome.NotReported);
    public static CellReading Of(decimal value) => new(CellOutcome.Value, value);
    public static CellReading Warn(decimal value, string code, string message) => new(CellOutcome.Value, value, code, message);
    public static CellReading Fail(string code, string message) => new(CellOutcome.Error, null, code, message);
}

/// <summary>
/// Turns a value cell into a number by the rules of docs/product.md, “Workbooks”: full-width digits, thousands
/// separators, trailing units, approximations (约30, 1732余人) and Chinese numerals are accepted
/// (the last two with a warning); negatives, fractions of whole-number indicators, dates,
/// percentages and free text are errors.
/// </summary>
public static partial class CellValueParser
{
    public static CellReading Parse(RawCell cell, Indicator indicator) => cell switch
    {
        RawCell.Blank => CellReading.NotReported,
        RawCell.Number n => Check(ToDecimal(n.Value), indicator, null),
        RawCell.Text t => ParseText(t.Value, indicator),
        RawCell.Date => CellReading.Fail("DATE_IN_VALUE", "数值单元格中填写的是日期，请填写数字"),
        RawCell.Percent p => CellReading.Fail("PERCENT", $"“{XlCells.Text(p)}”是百分比（单元格格式为百分比），请填写{indicator.Unit}数"),
        RawCell.Boolean => CellReading.Fail("NOT_A_NUMBER", "数值单元格中填写的是逻辑值，请填写数字"),
        RawCell.Error e => CellReading.Fail("FORMULA_ERROR", $"公式计算出错（{e.Value}），请在 Excel 中修正后重新保存"),
        RawCell.UncalculatedFormula => CellReading.Fail("FORMULA_NOT_CALCULATED", "公式未计算，请在 Excel 中重新计算并保存"),
        _ => throw new ArgumentOutOfRangeException(nameof(cell)),
    };

    private static decimal? ToDecimal(double d) =>
        double.IsFinite(d) && Math.Abs(d) < 1e15 ? Math.Round((decimal)d, 6) : null;

    private static CellReading ParseText(string text, Indicator indicator)
    {
        var s = TextForms.Compact(text);
        if (s.Length == 0 || NotReportedMarks().IsMatch(s)) return CellReading.NotReported;
        if (s is "无" or "没有") return CellReading.Of(0);
        if (s.Contains('%')) return CellReading.Fail("PERCENT", $"“{XlCells.Shown(text)}”是百分比，请填写{indicator.Unit}数");

        var m = NumberWithDecorations().Match(s);
        var approximate = m.Groups["pre"].Success || m.Groups["post"].Success;
        s = m.Groups["n"].Value;

        decimal? value = null;
        string? warningCode = null, warning = null;
        if (PlainNumber().IsMatch(s))
        {
            var digits = s.Replace(",", "");
            if (digits.StartsWith('-'))
                return CellReading.Fail("NEGATIVE", $"数值不能为负数（“{XlCells.Shown(text)}”）");
            if (decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) value = d;
        }
        else if (ChineseNumerals.TryParse(s, out var cn))
        {
            value = cn;
            warningCode = "CHINESE_NUMERAL";
            warning = $"“{XlCells.Shown(text)}”按中文数字读作 {cn}，请核对";
        }
        else if (FractionText().IsMatch(s))
        {
            return CellReading.Fail("FRACTION", $"“{XlCells.Shown(text)}”是分数，请填写{indicator.Unit}数");
        }
        if (value is null) return Unreadable(text);
        if (approximate)
        {
            warningCode = "APPROXIMATE";
            warning = $"“{XlCells.Shown(text)}”是约数，按 {value} 计入，请核对";
        }
        var checkedValue = Check(value, indicator, text.Trim());
        return checkedValue.Outcome == CellOutcome.Value && warningCode is not null && checkedValue.Code is null
            ? CellReading.Warn(checkedValue.Value!.Value, warningCode, warning!)
            : checkedValue;
    }

    private static CellReading Unreadable(string text) =>
        CellReading.Fail("NOT_A_NUMBER", $"无法识别为数字：“{XlCells.Shown(text)}”");

    private static CellReading Check(decimal? value, Indicator indicator, string? original)
    {
        var shown = original ?? value?.ToString(CultureInfo.InvariantCulture) ?? "";
        if (value is null) return CellReading.Fail("NOT_A_NUMBER", "数值超出可识别范围");
        if (value < 0) return CellReading.Fail("NEGATIVE", $"数值不能为负数（{shown}）");
        var v = value.Value;
        if (decimal.Round(v, indicator.Decimals) != v)
        {
            return indicator.Decimals == 0
                ? CellReading.Fail("FRACTION", $"应为整数，填写的是 {shown}")
                : CellReading.Fail("TOO_MANY_DECIMALS", $"最多保留 {indicator.Decimals} 位小数，填写的是 {shown}");
        }
        if (indicator.Ceiling is { } ceiling && v > ceiling)
            return CellReading.Warn(v, "ABOVE_CEILING", $"“{indicator.Name}”为 {v}{indicator.Unit}，超过单月合理上限 {ceiling}，请核对");
        return CellReading.Of(v);
    }

    [GeneratedRegex(@"^(?:[-/\\—–―~]+|－+|N/?A|n/?a|不适用)$")]
    private static partial Regex NotReportedMarks();

    /// <summary>约30, 1732余人, 12次, 3.5小时: an optional approximation word, the number, an optional unit.</summary>
    [GeneratedRegex(@"^(?<pre>约|大约|近|将近)?(?<n>.+?)(?<post>余|多|左右|以上)?(?:人次|小时|次|人|场|个|名|项|件|h)?$")]
    private static partial Regex NumberWithDecorations();

    [GeneratedRegex(@"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")]
    private static partial Regex PlainNumber();

    [GeneratedRegex(@"^\d+/\d+$")]
    private static partial Regex FractionText();
}
