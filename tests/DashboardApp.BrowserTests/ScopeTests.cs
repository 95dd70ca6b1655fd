using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Workbooks;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class ScopeTests(DemoAppFixture app)
{
    [Fact]
    public async Task AUnitReporterAskingForAnotherDistrictSeesOnlyTheirOwnUnit()
    {
        var reporter = app.Accounts.For(Roles.Reporter);
        var page = await app.SignedInPageAsync(Roles.Reporter);

        await app.GoInteractiveAsync(page, "/?org=D02&period=2099-01");

        await Assertions.Expect(page.GetByText("组织代码“D02”不存在或不在您的查看范围内")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("统计期“2099-01”无法识别或尚未开始")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".context-line")).Not.ToContainTextAsync("西城区委");
        await Assertions.Expect(page.Locator(".context-line")).ToContainTextAsync("1 / 1 个基层党组织");
        Assert.NotNull(reporter.Scope);
    }

    [Fact]
    public async Task AReporterDownloadsTheirTemplateFillsItAndUploadsIt()
    {
        var reporter = app.Accounts.For(Roles.Reporter);
        var page = await app.SignedInPageAsync(Roles.Reporter);
        await app.GoInteractiveAsync(page, "/upload");
        await page.Locator("[data-upload-ready=true]").WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=template-link]"));
        Assert.StartsWith(reporter.Scope!, download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".xlsx");
        await download.SaveAsAsync(path);
        using (var wb = new XLWorkbook(path))
        {
            wb.Worksheet(TemplateWriter.UnitSheetName).Cell(TemplateWriter.FirstValueRow, TemplateWriter.ValueColumn).SetValue(2);
            wb.Save();
        }

        await DemoAppFixture.ChooseFilesAsync(page, new FilePayload
        {
            Name = Path.GetFileName(path), MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = await File.ReadAllBytesAsync(path),
        });
        await page.ClickAsync("[data-testid=upload-button]");
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveTextAsync("已接收", new() { Timeout = 60_000 });
        File.Delete(path);
    }

    [Fact]
    public async Task ALeaderReadsButHasNoUploadPage()
    {
        var page = await app.SignedInPageAsync(Roles.Viewer);
        await app.GoInteractiveAsync(page, "/");
        await Assertions.Expect(page.GetByText("数据上传")).ToHaveCountAsync(0);
        await page.GotoAsync(app.BaseUrl + "/upload");
        await Assertions.Expect(page.Locator("[data-testid=upload-button]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("没有访问该页面的权限")).ToBeVisibleAsync();
    }
}
