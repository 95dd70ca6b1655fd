using System.IO.Compression;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class AnnualSummaryPageTests(DemoAppFixture app)
{
    private async Task<AnnualSummary> SummaryAsync(int year)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        return await app.Services.GetRequiredService<AnnualSummaryQueries>().GetAsync(tree.ByCode("D01")!, year, await db.LoadCatalogueAsync(), tree);
    }

    [Fact]
    public async Task AYearsSummaryReadsAsReportParagraphsCopiesAndExportsTheSameToExcelAndWord()
    {
        var year = app.DemoMonth.Year - 1;
        var summary = await SummaryAsync(year);
        Assert.All(summary.Lines, l => Assert.NotNull(l.Value));

        var page = await app.SignedInPageAsync(Roles.Admin);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseUrl });
        await app.GoInteractiveAsync(page, $"/summary?org=D01&year={year}");

        var paragraphs = page.Locator("[data-testid=summary-text] p");
        await Assertions.Expect(paragraphs).ToHaveTextAsync(summary.Paragraphs.ToArray());
        Assert.StartsWith($"{year}年，东城区委所属", summary.Paragraphs[0]);
        Assert.Contains("问题整改完成率", summary.Text);
        Assert.Contains("在示范市委所属6个组织中", summary.Text);

        // 复制: the paragraphs reach the clipboard as one text.
        await page.ClickAsync("[data-testid=summary-copy]");
        await Assertions.Expect(page.Locator("[data-testid=summary-copy]")).ToContainTextAsync("已复制");
        Assert.Equal(summary.Text, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=summary-export]"));
        using (var wb = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync()))))
        {
            var ws = wb.Worksheet("年度数据摘要");
            Assert.Equal(summary.Paragraphs, Enumerable.Range(2, summary.Paragraphs.Count).Select(r => ws.Cell(r, 1).GetString()));
        }

        // The Word download: its document.xml holds the title and every paragraph.
        var word = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=summary-docx]"));
        Assert.EndsWith(".docx", word.SuggestedFilename);
        using var zip = new ZipArchive(new MemoryStream(await File.ReadAllBytesAsync(await word.PathAsync())));
        var xml = new StreamReader(zip.GetEntry("word/document.xml")!.Open()).ReadToEnd();
        Assert.Contains($"东城区委{year}年党建工作数据摘要", xml);
        foreach (var paragraph in summary.Paragraphs) Assert.Contains(paragraph, xml);
    }

    [Fact]
    public async Task AYearNotOverSaysThroughWhichMonth()
    {
        // This calendar year, which is not over; in January none of its months has ended yet, so last year's December is
        // still being collected and its year is the one not complete.
        var today = DateTime.Now;
        var year = today.Month == 1 ? today.Year - 1 : today.Year;
        var summary = await SummaryAsync(year);
        if (today.Month == 1) return; // last year is over on 1 January: nothing here is "not over"
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, $"/summary?org=D01&year={year}");
        var paragraphs = page.Locator("[data-testid=summary-text] p");
        await Assertions.Expect(paragraphs.First).ToHaveTextAsync(summary.Paragraphs[0]);
        // A month still being collected is left out and the text says so: its figures are not final.
        var collecting = summary.Collecting is [var c, ..] ? $"（{c.Month.Index}月数据仍在报送中，未计入）" : "";
        Assert.StartsWith($"截至{summary.Span.Last.Index}月底{collecting}，{year}年", summary.Paragraphs[0]);
        Assert.DoesNotContain("全年", summary.Text);
        Assert.All(summary.Collecting, m => Assert.False(m.Included));
    }
}
