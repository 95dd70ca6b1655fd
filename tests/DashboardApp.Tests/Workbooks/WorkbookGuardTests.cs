using System.IO.Compression;
using System.Text;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

public class WorkbookGuardTests
{
    private static ImportProblem RefusalOf(byte[] content, string name = "上报.xlsx")
    {
        var result = WorkbookParser.Parse(content, name, TestWorkbooks.Context());
        Assert.Empty(result.Submissions);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void AnXlsFileIsRefusedWithHowToSaveItAsXlsx()
    {
        var xls = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(xls, 0);
        var error = RefusalOf(xls, "上报.xls");
        Assert.Equal("XLS_FORMAT", error.Code);
        Assert.Equal("不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx", error.Message);
    }

    [Fact]
    public void APasswordProtectedWorkbookIsRefusedAsSuch()
    {
        var encrypted = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(encrypted, 0);
        Encoding.Unicode.GetBytes("EncryptedPackage").CopyTo(encrypted, 1024);
        Assert.Equal("PASSWORD_PROTECTED", RefusalOf(encrypted).Code);
    }

    [Theory]
    [InlineData("单位代码,集中学习研讨次数\nD2-U3,3\n", "CSV_FILE")]
    [InlineData("%PDF-1.7 ...", "PDF_FILE")]
    public void TextAndPdfFilesAreNamedForWhatTheyAre(string content, string code) =>
        Assert.Equal(code, RefusalOf(Encoding.UTF8.GetBytes(content)).Code);

    [Fact]
    public void AnImageIsRefusedAsAnImage() =>
        Assert.Equal("IMAGE_FILE", RefusalOf([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]).Code);

    [Fact]
    public void AWordDocumentIsRefusedAsAWordDocument() =>
        Assert.Equal("WORD_FILE", RefusalOf(Zip(("word/document.xml", Encoding.UTF8.GetBytes("<w:document/>")))).Code);

    [Fact]
    public void ATruncatedWorkbookIsRefusedAsCorrupt()
    {
        var good = TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D2-U3"), Period.Month(2025, 3),
            new Dictionary<string, object> { ["STUDY_SESSIONS"] = 1 });
        Assert.Equal("CORRUPT_FILE", RefusalOf(good[..(good.Length / 2)]).Code);
    }

    [Fact]
    public void AZipBombIsRefusedBeforeAnythingIsUnpacked()
    {
        var zeros = new byte[300 * 1024 * 1024];
        var error = RefusalOf(Zip(("xl/workbook.xml", [1]), ("xl/worksheets/sheet1.xml", zeros)));
        Assert.Equal("ZIP_BOMB", error.Code);
    }

    [Fact]
    public void AFileOverTenMegabytesIsRefused() =>
        Assert.Equal("FILE_TOO_LARGE", RefusalOf(new byte[WorkbookGuard.MaxFileBytes + 1]).Code);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
