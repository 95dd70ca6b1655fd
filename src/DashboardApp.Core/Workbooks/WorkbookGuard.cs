using System.IO.Compression;
using System.Text;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Whole-file checks made before any spreadsheet library touches the bytes (docs/product.md, “Workbooks”): size,
/// file type by content, password protection, and zip entries whose uncompressed size or ratio
/// is abnormal (zip bombs).
/// </summary>
public static class WorkbookGuard
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const long MaxUncompressedBytes = 200L * 1024 * 1024;
    public const double MaxCompressionRatio = 100;
    public const int MaxEntries = 10_000;

    public static ImportProblem? Check(ReadOnlySpan<byte> content, string fileName)
    {
        if (TooLarge(content.Length) is { } tooLarge) return tooLarge;
        if (content.Length == 0)
            return ImportProblem.File("EMPTY_FILE", "文件为空");

        if (StartsWith(content, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // An OLE container is either a legacy .xls/.doc or an encrypted (password-protected) OOXML file.
            return Contains(content, Encoding.Unicode.GetBytes("EncryptedPackage"))
                ? ImportProblem.File("PASSWORD_PROTECTED", "文件设置了打开密码，请在 Excel/WPS 中取消密码后另存为 .xlsx 再上传")
                : fileName.EndsWith(".doc", StringComparison.OrdinalIgnoreCase)
                    ? ImportProblem.File("WORD_FILE", "这是 Word 文档，不是 Excel 工作簿，请上传 .xlsx 文件")
                    : ImportProblem.File("XLS_FORMAT", "不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx");
        }
        if (StartsWith(content, "%PDF"u8))
            return ImportProblem.File("PDF_FILE", "这是 PDF 文件，不是 Excel 工作簿，请上传 .xlsx 文件");
        if (StartsWith(content, [0x89, 0x50, 0x4E, 0x47]) || StartsWith(content, [0xFF, 0xD8, 0xFF])
            || StartsWith(content, "GIF8"u8) || StartsWith(content, "BM"u8))
            return ImportProblem.File("IMAGE_FILE", "这是图片文件，不是 Excel 工作簿；请上传填写好的 .xlsx 文件，不要上传截图或照片");
        if (!StartsWith(content, "PK"u8))
        {
            return LooksLikeText(content)
                ? ImportProblem.File("CSV_FILE", "这是文本（CSV）文件，不是 Excel 工作簿，请在 Excel/WPS 中另存为 .xlsx")
                : ImportProblem.File("NOT_XLSX", "无法识别的文件格式，请上传 Excel 工作簿（.xlsx）");
        }
        return CheckZip(content.ToArray());
    }

    /// <summary>The refusal for a file over 10 MB; callers that have only the length check it before reading the file.</summary>
    public static ImportProblem? TooLarge(long length) => length > MaxFileBytes
        ? ImportProblem.File("FILE_TOO_LARGE", $"文件大小为 {length / 1024.0 / 1024.0:F1} MB，超过 10 MB 上限")
        : null;

    private static ImportProblem? CheckZip(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
                return ImportProblem.File("ZIP_BOMB", "文件结构异常（压缩包内文件过多），已拒收");
            long total = 0;
            var hasWorkbook = false;
            var hasWord = false;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                var ratio = e.CompressedLength > 0 ? (double)e.Length / e.CompressedLength : (e.Length > 0 ? double.PositiveInfinity : 1);
                if (e.Length > 1024 * 1024 && ratio > MaxCompressionRatio || total > MaxUncompressedBytes)
                    return ImportProblem.File("ZIP_BOMB", "文件解压后体积异常（疑似压缩炸弹），已拒收");
                hasWorkbook |= e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase);
                hasWord |= e.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase);
            }
            if (hasWord) return ImportProblem.File("WORD_FILE", "这是 Word 文档，不是 Excel 工作簿，请上传 .xlsx 文件");
            if (!hasWorkbook) return ImportProblem.File("NOT_XLSX", "压缩文件中没有 Excel 工作簿，请上传 .xlsx 文件");
            return null;
        }
        catch (InvalidDataException)
        {
            return ImportProblem.File("CORRUPT_FILE", "文件已损坏，无法打开，请重新保存后上传");
        }
    }

    private static bool StartsWith(ReadOnlySpan<byte> content, ReadOnlySpan<byte> prefix) =>
        content.Length >= prefix.Length && content[..prefix.Length].SequenceEqual(prefix);

    private static bool Contains(ReadOnlySpan<byte> content, byte[] needle) => content.IndexOf(needle) >= 0;

    private static bool LooksLikeText(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, 4096)];
        return !sample.Contains((byte)0);
    }
}
