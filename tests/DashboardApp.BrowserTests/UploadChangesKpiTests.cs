using System.Globalization;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardApp.BrowserTests;

[Collection(DemoAppCollection.Name)]
public class UploadChangesKpiTests(DemoAppFixture app)
{
    [Fact]
    public async Task AnAdministratorUploadsAUnitWorkbookAndSeesTheDistrictKpiChange()
    {
        var (unitCode, month, before, file) = await WorkbookRaisingStudySessionsByFiveAsync();
        var page = await app.SignedInPageAsync(Roles.Admin);
        var overview = $"/?org=D01&period={month}&indicator=STUDY_SESSIONS";
        var kpi = page.Locator("[data-testid=kpi-STUDY_SESSIONS] [data-testid=kpi-value]");

        await app.GoInteractiveAsync(page, overview);
        await Assertions.Expect(kpi).ToHaveTextAsync(Shown(before));
        await Assertions.Expect(page.Locator("[data-testid=trend-chart]")).ToBeVisibleAsync();

        await app.GoInteractiveAsync(page, "/upload");
        await DemoAppFixture.ChooseFilesAsync(page, new FilePayload
        {
            Name = $"{unitCode}_{month}.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = file,
        });
        await page.ClickAsync("[data-testid=upload-button]");
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveTextAsync("已接收", new() { Timeout = 60_000 });

        await app.GoInteractiveAsync(page, overview);
        await Assertions.Expect(kpi).ToHaveTextAsync(Shown(before + 5));
    }

    [Fact]
    public async Task ARefusedUploadListsTheProblemWithItsSheetAndCell()
    {
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/upload");
        await DemoAppFixture.ChooseFilesAsync(page, new FilePayload { Name = "旧表.xls", MimeType = "application/vnd.ms-excel", Buffer = Xls() });
        await page.ClickAsync("[data-testid=upload-button]");
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveTextAsync("已拒收", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByText("不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheProblemListOfARefusedWorkbookDownloadsAsExcelWithTheProblemsOnScreen()
    {
        var file = await WorkbookWithCellErrorsAsync();
        var page = await app.SignedInPageAsync(Roles.Admin);
        await app.GoInteractiveAsync(page, "/upload");
        await DemoAppFixture.ChooseFilesAsync(page, new FilePayload
        {
            Name = "错误较多.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file,
        });
        await page.ClickAsync("[data-testid=upload-button]");
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveTextAsync("已拒收", new() { Timeout = 60_000 });
        var onScreen = await page.Locator("[data-testid=upload-result] .rz-data-row").AllInnerTextsAsync();
        Assert.Contains(onScreen, r => r.Contains($"F{TemplateWriter.FirstValueRow}") && r.Contains("负数"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=problems-download]"));
        Assert.Equal("错误较多_问题清单.xlsx", download.SuggestedFilename);
        using var wb = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync())));
        var rows = wb.Worksheet(ProblemWorkbook.SheetName).RowsUsed().Where(r => r.RowNumber() > 4)
            .Select(r => (Sheet: r.Cell(3).GetString(), Cell: r.Cell(4).GetString())).ToList();
        Assert.Equal(onScreen.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(TemplateWriter.UnitSheetName, r.Sheet));
        Assert.All(onScreen, r => Assert.Contains(rows, x => r.Contains(x.Cell)));
    }

    [Fact]
    public async Task AnAnonymousVisitorSeesOnlyTheSignInPage()
    {
        var page = await app.Browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/upload");
        Assert.Contains("/account/login", page.Url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("党建指标看板");
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");
    }

    private static string Shown(decimal value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static byte[] Xls()
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A D01 unit's template for the latest month with its study sessions five higher than now.</summary>
    private async Task<(string Unit, Period Month, decimal DistrictBefore, byte[] File)> WorkbookRaisingStudySessionsByFiveAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var tree = await db.LoadTreeAsync();
        var study = catalogue.ByCode("STUDY_SESSIONS")!;
        var month = app.DemoMonth;
        var district = tree.ByCode("D01")!;
        var unit = tree.ReportingUnitsUnder(district.Id).Where(u => u.IsOpenDuring(month)).OrderBy(u => u.Code).Last();
        var current = await db.CurrentValues.Where(v => v.OrganisationId == unit.Id && v.Period == month && v.IndicatorId == study.Id)
            .Select(v => (decimal?)v.Value).FirstOrDefaultAsync() ?? 0;
        var before = await db.RollupValues.Where(v => v.OrganisationId == district.Id && v.Period == month && v.IndicatorId == study.Id)
            .Select(v => v.Value).SingleAsync();

        return (unit.Code, month, before, DemoAppFixture.UnitWorkbook(unit, month, catalogue, current + 5));
    }

    /// <summary>A D01 unit's template with a negative number, a percentage and free text typed in.</summary>
    private async Task<byte[]> WorkbookWithCellErrorsAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var tree = await db.LoadTreeAsync();
        var month = app.DemoMonth;
        var unit = tree.ReportingUnitsUnder(tree.ByCode("D01")!.Id).Where(u => u.IsOpenDuring(month)).OrderBy(u => u.Code).First();
        using var wb = new XLWorkbook(new MemoryStream(TemplateWriter.WriteUnitTemplate(unit, month, await db.LoadCatalogueAsync())));
        var ws = wb.Worksheet(TemplateWriter.UnitSheetName);
        ws.Cell(TemplateWriter.FirstValueRow, TemplateWriter.ValueColumn).SetValue(-3);
        ws.Cell(TemplateWriter.FirstValueRow + 1, TemplateWriter.ValueColumn).SetValue("50%");
        ws.Cell(TemplateWriter.FirstValueRow + 2, TemplateWriter.ValueColumn).SetValue("见附件");
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
