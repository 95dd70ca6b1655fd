using System.Globalization;
using System.Text.RegularExpressions;

namespace DashboardApp.Core.Periods;

/// <summary>
/// Reads the 统计期 as people type it in workbooks: 2025-03, 2025-3, 2025.3, 2025/03, 2025年3月,
/// 2025年03月, 二〇二五年三月, full-width digits, and quarter or year forms (returned as such, so the
/// importer can refuse them by name rather than misread them).
/// </summary>
public static partial class PeriodText
{
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = Normalize(text);

        if (Period.TryParse(t, out period)) return true;

        var m = MonthPattern().Match(t);
        if (m.Success)
            return Period.TryCreate(PeriodType.Month, Int(m.Groups["y"].Value), Int(m.Groups["m"].Value), out period);
        m = QuarterPattern().Match(t);
        if (m.Success)
            return Period.TryCreate(PeriodType.Quarter, Int(m.Groups["y"].Value), Int(m.Groups["q"].Value), out period);
        m = YearPattern().Match(t);
        if (m.Success)
            return Period.TryCreate(PeriodType.Year, Int(m.Groups["y"].Value), 1, out period);
        return false;
    }

    /// <summary>A date cell inside a month names that month.</summary>
    public static Period FromDate(DateTime date) => Period.Month(date.Year, date.Month);

    /// <summary>What a refusal says of a month that cannot be read: the one wording everywhere a month is asked for by its code.</summary>
    public const string MonthExpected = "统计期应为 2025-03 形式的月份";

    /// <summary>What a refusal says of a month, quarter or year that cannot be read.</summary>
    public const string PeriodExpected = "统计期应为 2025-03、2025-Q1 或 2025 形式";

    /// <summary>A month in its code (2025-03); false for anything else, a quarter or a year included.</summary>
    public static bool TryParseMonth(string? text, out Period month) => Period.TryParse(text ?? "", out month) && month.Type == PeriodType.Month;

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Full-width to half-width, Chinese digits to Arabic, spaces removed.</summary>
    internal static string Normalize(string text)
    {
        var s = TextForms.Compact(text);
        // 二〇二五年 → 2025年: year digits are written one by one.
        s = ChineseYear().Replace(s, y => string.Concat(y.Groups[1].Value.Select(DigitOf)) + "年");
        // 三月 / 十二月 / 第一季度: small numbers written as words.
        s = ChineseSmallNumber().Replace(s, n => SmallNumber(n.Groups[1].Value) + n.Groups[2].Value);
        return s;
    }

    private static char DigitOf(char c) => c switch
    {
        '〇' or '零' or 'O' or 'o' => '0',
        _ => (char)('0' + "一二三四五六七八九".IndexOf(c) + 1),
    };

    private static string SmallNumber(string words)
    {
        // 一..九, 十, 十一..十二
        if (words == "十") return "10";
        if (words.StartsWith('十')) return (10 + (DigitOf(words[1]) - '0')).ToString(CultureInfo.InvariantCulture);
        return (DigitOf(words[0]) - '0').ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-./]|年)(?<m>\d{1,2})(?:月份?)?(?:统计)?$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(?<y>\d{4})(?:-?[Qq]|年第?)(?<q>[1-4])(?:季度)?$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^(?<y>\d{4})年?度?$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"([〇零一二三四五六七八九]{4})年")]
    private static partial Regex ChineseYear();

    [GeneratedRegex(@"(十[一二]?|[一二三四五六七八九])(月|季度)")]
    private static partial Regex ChineseSmallNumber();
}
