namespace DashboardApp.Core.Workbooks;

/// <summary>Reads whole numbers written in Chinese: 十二, 二十六, 一百零五, 两千, 三万五千.</summary>
public static class ChineseNumerals
{
    private const string Digits = "零一二三四五六七八九";

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        long total = 0, section = 0, digit = -1;
        var sawAny = false;
        foreach (var raw in text)
        {
            var c = raw switch { '两' => '二', '〇' => '零', '壹' => '一', '贰' => '二', '叁' => '三', '拾' => '十', '佰' => '百', '仟' => '千', _ => raw };
            var d = Digits.IndexOf(c);
            if (d >= 0)
            {
                if (digit > 0) return false; // two digits in a row such as 二三
                digit = d;
                sawAny = true;
                continue;
            }
            long unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (unit > 0)
            {
                if (digit < 0 && unit != 10) return false; // 百 without a digit before it
                section += (digit < 0 ? 1 : digit) * unit;
                digit = -1;
                sawAny = true;
                continue;
            }
            long big = c switch { '万' => 10_000, '亿' => 100_000_000, _ => 0 };
            if (big == 0) return false;
            section += Math.Max(digit, 0);
            if (section == 0) return false;
            total += section * big;
            section = 0;
            digit = -1;
        }
        if (!sawAny) return false;
        value = total + section + Math.Max(digit, 0);
        return true;
    }
}
