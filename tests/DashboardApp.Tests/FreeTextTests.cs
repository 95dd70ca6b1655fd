using DashboardApp.Core;

namespace DashboardApp.Tests;

public class FreeTextTests
{
    [Theory]
    [InlineData("已电话核实\u0000，数据无误", false, "已电话核实，数据无误")]
    [InlineData("\u0007响铃\u001b[31m红字", false, "响铃[31m红字")]
    [InlineData("报告\u202Efdp.exe", false, "报告fdp.exe")]
    [InlineData("\u2066隔离\u2069与\u200F标记\u061C", false, "隔离与标记")]
    [InlineData("第一行\r\n第二行\r第三行", false, "第一行 第二行 第三行")]
    [InlineData("第一行\r\n第二行\n", true, "第一行\n第二行")]
    [InlineData("  制表\t符  ", false, "制表 符")]
    [InlineData("张三（党支部书记）", false, "张三（党支部书记）")]
    public void ControlAndDirectionCharactersAreTakenOutAndLinesKeptOnlyWhereALineIsExpected(string text, bool lines, string expected) =>
        Assert.Equal(expected, FreeText.Clean(text, lines));

    [Fact]
    public void NothingStaysNothing() => Assert.Null(FreeText.Clean(null));
}

/// <summary>The shortcut past NFKC (<see cref="Core.TextForms.AlreadyFolded"/>) is taken only where NFKC changes nothing.</summary>
public class TextFormsTests
{
    [Theory]
    [InlineData("甲街道幸福社区党委", true)]
    [InlineData("D1-S1-U001 2025-03", true)]
    [InlineData("㐀䶵一龥", true)]
    [InlineData("１２ 次", false)]
    [InlineData("（次）", false)]
    [InlineData("发展党员\u3000数", false)]
    [InlineData("⑫", false)]
    [InlineData("\uF900", false)]
    public void TheShortcutIsTakenOnlyWhereNormalisingChangesNothing(string text, bool shortcut)
    {
        Assert.Equal(shortcut, Core.TextForms.AlreadyFolded(text));
        if (shortcut) Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormKC), text);
    }

    [Fact]
    public void EveryCharacterTheShortcutAcceptsIsItsOwnNormalForm()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            var text = ((char)c).ToString();
            if (Core.TextForms.AlreadyFolded(text)) Assert.Equal(text, text.Normalize(System.Text.NormalizationForm.FormKC));
        }
    }
}
