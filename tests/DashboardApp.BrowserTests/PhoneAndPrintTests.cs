using System.Text.RegularExpressions;
using DashboardApp.Core.Access;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class PhoneAndPrintTests(DemoAppFixture app)
{
    [Fact]
    public async Task OnAPhoneTheRankingShowsTheFiguresBesideTheNames()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await page.SetViewportSizeAsync(390, 844);
        await app.GoInteractiveAsync(page, $"/ranking?org=D01&period={app.DemoMonth}&indicator=STUDY_SESSIONS");
        var row = page.Locator("[data-testid=ranking-grid] .rz-data-row").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        // 排名, 组织, 本期 and 同比 lie within the screen's width.
        foreach (var header in new[] { "排名", "组织", "本期", "同比" })
        {
            var box = await page.Locator("[data-testid=ranking-grid] th").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{header}") }).First.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box!.X >= 0 && box.X + box.Width <= 390, $"{header} at {box.X}–{box.X + box.Width}");
        }
        await Assertions.Expect(page.Locator("[data-testid=ranking-grid] th").Filter(new() { HasText = "组织代码" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task APrintedPageIsTheFiguresWithoutTheMenuOrHeader()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/?org=D01");
        await Assertions.Expect(page.Locator("[data-testid=kpi-STUDY_SESSIONS]")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".rz-sidebar")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".rz-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=kpi-STUDY_SESSIONS]")).ToBeVisibleAsync();
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }

    [Fact]
    public async Task ThePrintedBulletinIsADocumentWithItsIssuingLineAndPageNumbersAndNoFormOrButton()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/bulletin?org=D01");
        await Assertions.Expect(page.Locator("[data-testid=bulletin-recipients]")).ToBeVisibleAsync();
        var lead = await page.Locator("[data-testid=bulletin-lead]").InnerTextAsync();
        var title = await page.Locator(".bulletin-title").InnerTextAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });

        using var document = PdfDocument.Open(pdf);
        // The text as a reader sees it, without the spaces and line breaks the PDF puts between runs.
        var pages = document.GetPages().Select(p => Regex.Replace(p.Text, @"\s+", "")).ToList();
        var text = string.Concat(pages);
        Assert.Contains(Regex.Replace(title, @"\s+", ""), text);
        Assert.Contains(Regex.Replace(lead, @"\s+", "")[..40], text);
        // 落款: the organisation and the day, after the text; the page number at each foot, as "— 1 —".
        var today = DateTime.Now;
        Assert.Contains($"东城区委{today.Year}年{today.Month}月{today.Day}日", text);
        for (var i = 0; i < pages.Count; i++) Assert.Contains($"—{i + 1}—", pages[i]);
        // Nothing of the page around the document: no filters, no 定时发送 panel or its e-mail box, no buttons or downloads.
        foreach (var word in new[] { "定时发送", "收件人", "导出Excel", "打印", "统计期", "党建指标看板" }) Assert.DoesNotContain(word, text);
        // Numbers in the running text as a document writes them: no 千分位.
        Assert.DoesNotMatch(@"\d,\d", lead);
    }

    [Fact]
    public async Task OnAPhone报送情况ShowsEachUnitAsACardWithItsStateOnScreen()
    {
        var (status, _) = await app.MonthWithAMissingUnitAsync("D01");
        var page = await app.SignedInPageAsync(Roles.Admin);
        await page.SetViewportSizeAsync(390, 844);
        await app.GoInteractiveAsync(page, $"/reporting?org=D01&period={status.Month}");
        // Each unit a card: its state on a line of its own, inside the screen's width.
        var state = page.Locator("[data-testid=reporting-units] td[data-label='报送']").First;
        await Assertions.Expect(state).ToBeVisibleAsync();
        var box = (await state.BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= 390, $"the state ends at {box.X + box.Width} px on a 390 px screen");
        Assert.True(await page.EvaluateAsync<bool>("document.scrollingElement.scrollWidth <= 390"), "报送情况 scrolls sideways at 390 px");
    }
}
