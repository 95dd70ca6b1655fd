using System.Globalization;
using ClosedXML.Excel;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// Writes the templates of docs/product.md, “Workbooks” — 单位月报表 for one unit, 汇总表 for the units under a
/// district or street: header cells locked, value cells validated, a 说明 sheet, and a very-hidden
/// metadata sheet. Column widths are set by hand: AdjustToContents
/// reaches System.Drawing, which does not work on Linux.
/// </summary>
public static class TemplateWriter
{
    public const string TemplateVersion = "1";
    public const string UnitSheetName = "月报表";
    public const string SummarySheetName = "汇总表";
    public const int SummaryHeaderRow = 4;
    public const int SummaryFirstValueColumn = 4;
    public const string MetaSheetName = "_meta";
    public const int FirstValueRow = 6;
    public const int ValueColumn = 6;

    /// <summary>The template an organisation fills for a month: 单位月报表 for a reporting unit, else 汇总表 of the units under it.</summary>
    public static (byte[] Content, string FileName) For(Organisation org, OrganisationTree tree, Period period,
        IndicatorCatalogue catalogue, DateOnly? deadline = null)
    {
        if (tree.IsReportingUnit(org.Id))
            return (WriteUnitTemplate(org, period, catalogue, deadline), $"{org.Code}_{period}_月报表.xlsx");
        var units = tree.ReportingUnitsUnder(org.Id).Where(u => u.IsOpenDuring(period))
            .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        return (WriteSummaryTemplate(org, units, period, catalogue, deadline), $"{org.Code}_{period}_汇总表.xlsx");
    }

    public static byte[] WriteUnitTemplate(Organisation unit, Period period, IndicatorCatalogue catalogue, DateOnly? deadline = null)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(UnitSheetName);
        ws.Style.Font.FontName = "宋体";
        ws.Style.Font.FontSize = 11;

        ws.Range(1, 1, 1, 7).Merge().SetValue("党建工作指标月报表");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(16).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        Label(ws.Cell(2, 1), "单位代码：");
        Text(ws.Cell(2, 2), unit.Code);
        Label(ws.Cell(2, 3), "单位名称：");
        ws.Range(2, 4, 2, 7).Merge();
        Text(ws.Cell(2, 4), unit.Name);
        Label(ws.Cell(3, 1), "统计期：");
        Text(ws.Cell(3, 2), period.ToString());
        Label(ws.Cell(3, 3), "报送截止：");
        Text(ws.Cell(3, 4), (deadline ?? period.Deadline()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        string[] headers = ["序号", "类别", "指标代码", "指标名称", "计量单位", "本期数值", "备注"];
        for (var c = 0; c < headers.Length; c++) Text(ws.Cell(FirstValueRow - 1, c + 1), headers[c]);
        var head = ws.Range(FirstValueRow - 1, 1, FirstValueRow - 1, headers.Length);
        head.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);

        var row = FirstValueRow;
        foreach (var (indicator, n) in catalogue.All.Select((i, n) => (i, n + 1)))
        {
            ws.Cell(row, 1).SetValue(n);
            Text(ws.Cell(row, 2), indicator.Category);
            Text(ws.Cell(row, 3), indicator.Code);
            Text(ws.Cell(row, 4), indicator.Name);
            Text(ws.Cell(row, 5), indicator.Unit);
            ValueCells(ws.Range(row, ValueColumn, row, ValueColumn), indicator);
            ws.Cell(row, 7).Style.Protection.SetLocked(false);
            row++;
        }
        var table = ws.Range(FirstValueRow - 1, 1, row - 1, headers.Length);
        table.Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.SheetView.FreezeRows(FirstValueRow - 1);
        SetWidths(ws, 6, 10, 22, 24, 9, 12, 24);
        ws.Protect();

        return Finish(wb, UnitSheetName, "unit", unit.Code, period,
        [
            $"1. 本表为“{unit.Name}”{period.ToChinese()}党建工作指标月报表，请于 {(deadline ?? period.Deadline()):yyyy年M月d日} 前上传。",
            "2. 只需在“本期数值”列（浅黄色单元格）填写本月发生数；党员总数填写月末人数。",
            "6. 请勿修改表头、单位代码和指标名称；如需报送其他月份，请下载对应月份的模板。",
        ]);
    }

    /// <summary>
    /// 汇总表 for a district or street: one row per reporting unit open during the period, one
    /// column per indicator under merged category cells, and a 合计 row of formulas that the
    /// importer checks but never stores.
    /// </summary>
    public static byte[] WriteSummaryTemplate(Organisation org, IReadOnlyList<Organisation> units, Period period,
        IndicatorCatalogue catalogue, DateOnly? deadline = null)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(SummarySheetName);
        ws.Style.Font.FontName = "宋体";
        ws.Style.Font.FontSize = 11;
        // Indicators of a category side by side, so that each category cell can be merged over them.
        var indicators = catalogue.All.GroupBy(i => i.Category).SelectMany(g => g).ToList();
        var lastCol = SummaryFirstValueColumn + indicators.Count - 1;

        ws.Range(1, 1, 1, lastCol).Merge().SetValue($"{org.Name}党建工作指标汇总表");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(16).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        Label(ws.Cell(2, 1), "统计期：");
        Text(ws.Cell(2, 2), period.ToString());
        Label(ws.Cell(2, 3), "汇总单位：");
        Text(ws.Cell(2, 4), $"{org.Name}（{org.Code}）");
        Label(ws.Cell(3, 1), "报送截止：");
        Text(ws.Cell(3, 2), (deadline ?? period.Deadline()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        // Two header rows: 序号/单位代码/单位名称 span both; categories are merged over their indicators.
        int top = SummaryHeaderRow, bottom = SummaryHeaderRow + 1;
        string[] fixedHeaders = ["序号", "单位代码", "单位名称"];
        for (var c = 0; c < fixedHeaders.Length; c++)
        {
            ws.Range(top, c + 1, bottom, c + 1).Merge();
            Text(ws.Cell(top, c + 1), fixedHeaders[c]);
        }
        var col = SummaryFirstValueColumn;
        foreach (var group in indicators.GroupBy(i => i.Category))
        {
            var width = group.Count();
            ws.Range(top, col, top, col + width - 1).Merge();
            Text(ws.Cell(top, col), group.Key);
            foreach (var indicator in group) Text(ws.Cell(bottom, col++), $"{indicator.Name}（{indicator.Unit}）");
        }
        var head = ws.Range(top, 1, bottom, lastCol);
        head.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2DCDB")).Alignment.SetWrapText()
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        ws.Row(bottom).Height = 45;

        var firstRow = bottom + 1;
        var row = firstRow;
        foreach (var unit in units)
        {
            ws.Cell(row, 1).SetValue(row - firstRow + 1);
            Text(ws.Cell(row, 2), unit.Code);
            Text(ws.Cell(row, 3), unit.Name);
            row++;
        }
        var lastUnitRow = row - 1;
        if (units.Count > 0)
            for (var i = 0; i < indicators.Count; i++)
                ValueCells(ws.Range(firstRow, SummaryFirstValueColumn + i, lastUnitRow, SummaryFirstValueColumn + i), indicators[i]);

        ws.Range(row, 1, row, 3).Merge();
        Text(ws.Cell(row, 1), "合计");
        ws.Cell(row, 1).Style.Font.SetBold().Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        if (units.Count > 0)
            for (var c = SummaryFirstValueColumn; c <= lastCol; c++)
            {
                var column = XLHelper.GetColumnLetterFromNumber(c);
                ws.Cell(row, c).FormulaA1 = $"SUM({column}{firstRow}:{column}{lastUnitRow})";
            }
        ws.Range(top, 1, row, lastCol).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.SheetView.Freeze(bottom, 3);
        SetWidths(ws, [6, 14, 30, .. indicators.Select(_ => 12.0)]);
        ws.Protect();

        return Finish(wb, SummarySheetName, "summary", org.Code, period,
        [
            $"1. 本表为“{org.Name}”{period.ToChinese()}党建工作指标汇总表，列出该期应报送的 {units.Count} 个基层党组织，请于 {(deadline ?? period.Deadline()):yyyy年M月d日} 前上传。",
            "2. 每行一个基层党组织，在浅黄色单元格填写该组织本月发生数；党员总数填写月末人数。",
            "6. 请勿修改表头和单位代码；“合计”行自动求和，仅供核对，不作为数据导入；上传时如合计与各行之和不符会给出提示。",
        ]);
    }

    private static readonly string[] CommonRules =
    [
        "3. 未开展的工作请填 0；不清楚或未统计的请留空，留空表示未报送，不会覆盖之前已报送的数据。",
        "4. 请填写整数（志愿服务时长可保留 1 位小数），不要填写百分比、文字或日期。",
        "5. 同一单位同一月份重复上传时，以最后一次上传的数值为准，历史记录会保留。",
    ];

    /// <summary>Unlocked, tinted value cells that accept only what the indicator allows.</summary>
    private static void ValueCells(IXLRange range, Indicator indicator)
    {
        range.Style.Protection.SetLocked(false);
        range.Style.Fill.SetBackgroundColor(XLColor.FromHtml("#FFFDE7"));
        var validation = range.SetDataValidation();
        if (indicator.ValueType == IndicatorValueType.Integer) validation.WholeNumber.EqualOrGreaterThan(0);
        else validation.Decimal.EqualOrGreaterThan(0);
        validation.ErrorTitle = "数值不正确";
        validation.ErrorMessage = indicator.ValueType == IndicatorValueType.Integer
            ? "请填写不小于 0 的整数；未开展请填 0，未报送请留空"
            : $"请填写不小于 0 的数字，最多 {indicator.Decimals} 位小数";
    }

    /// <summary>The 说明 sheet (rules 1–2 and 6 of the layout around the common 3–5), the hidden metadata, and the bytes.</summary>
    private static byte[] Finish(XLWorkbook wb, string activeSheet, string kind, string orgCode, Period period, string[] ownRules)
    {
        WriteInstructions(wb.Worksheets.Add("说明"), [.. ownRules[..2], .. CommonRules, .. ownRules[2..]]);
        WriteMetadata(wb, kind, orgCode, period);
        wb.Worksheet(activeSheet).SetTabActive();
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteInstructions(IXLWorksheet ws, IReadOnlyList<string> rules)
    {
        string[] lines = ["填报说明", .. rules];
        for (var i = 0; i < lines.Length; i++) ws.Cell(i + 1, 1).SetValue(lines[i]);
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        ws.Column(1).Width = 100;
        ws.Protect();
    }

    private static void WriteMetadata(XLWorkbook wb, string kind, string orgCode, Period period)
    {
        var meta = wb.Worksheets.Add(MetaSheetName);
        string[,] pairs = { { "generator", "DashboardApp" }, { "templateVersion", TemplateVersion }, { "kind", kind }, { "org", orgCode },
            { "period", period.ToString() } };
        for (var i = 0; i < pairs.GetLength(0); i++)
        {
            Text(meta.Cell(i + 1, 1), pairs[i, 0]);
            Text(meta.Cell(i + 1, 2), pairs[i, 1]);
        }
        meta.Visibility = XLWorksheetVisibility.VeryHidden;
    }

    private static void Label(IXLCell cell, string text)
    {
        Text(cell, text);
        cell.Style.Font.SetBold();
    }

    /// <summary>Writes text as text: ClosedXML would otherwise turn "2025-03" into a date.</summary>
    public static void Text(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
    }

    internal static void SetWidths(IXLWorksheet ws, params double[] widths)
    {
        for (var c = 0; c < widths.Length; c++) ws.Column(c + 1).Width = widths[c];
    }
}
