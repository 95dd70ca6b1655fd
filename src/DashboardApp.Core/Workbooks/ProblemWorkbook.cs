using ClosedXML.Excel;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// The problem list of one upload as a workbook the clerk can print or pass on: every error and
/// warning with its sheet, cell, code and message, in the order found. Widths set by hand
/// (AdjustToContents reaches System.Drawing).
/// </summary>
public static class ProblemWorkbook
{
    public const string SheetName = "问题清单";

    public static byte[] Write(string fileName, DateTimeOffset checkedAt, IReadOnlyList<ImportProblem> errors, IReadOnlyList<ImportProblem> warnings)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(SheetName);
        ws.Style.Font.FontName = "宋体";
        ws.Range(1, 1, 1, 6).Merge().SetValue($"上传文件问题清单：{fileName}");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        TemplateWriter.Text(ws.Cell(2, 1),
            $"检查时间：{checkedAt:yyyy-MM-dd HH:mm}　错误 {errors.Count} 项{(errors.Count > 0 ? "（文件未导入）" : "")}，提示 {warnings.Count} 项");
        ws.Range(2, 1, 2, 6).Merge();

        string[] headers = ["序号", "类别", "工作表", "单元格", "代码", "说明"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(4, c + 1), headers[c]);
        ws.Range(4, 1, 4, headers.Length).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"));

        var row = 5;
        foreach (var (kind, problem) in errors.Select(e => ("错误", e)).Concat(warnings.Select(w => ("提示", w))))
        {
            ws.Cell(row, 1).SetValue(row - 4);
            TemplateWriter.Text(ws.Cell(row, 2), kind);
            TemplateWriter.Text(ws.Cell(row, 3), problem.Sheet.Length > 0 ? problem.Sheet : "（整个文件）");
            TemplateWriter.Text(ws.Cell(row, 4), problem.Cell);
            TemplateWriter.Text(ws.Cell(row, 5), problem.Code);
            TemplateWriter.Text(ws.Cell(row, 6), problem.Message);
            if (kind == "错误") ws.Cell(row, 2).Style.Font.SetFontColor(XLColor.FromHtml("#B71C1C"));
            row++;
        }
        ws.Range(4, 1, Math.Max(4, row - 1),
            headers.Length).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.Column(6).Style.Alignment.SetWrapText();
        ws.SheetView.FreezeRows(4);
        TemplateWriter.SetWidths(ws, 6, 6, 16, 9, 22, 80);

        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
