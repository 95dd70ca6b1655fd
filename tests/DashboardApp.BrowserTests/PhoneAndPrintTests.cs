using DashboardApp.Core.Access;
using Microsoft.Playwright;

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
}
