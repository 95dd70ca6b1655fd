using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Assessment;

/// <summary>One target read from a workbook: whose, of what, which part of the year, and the cell it came from.</summary>
public sealed record TargetRow(Organisation Org, Indicator Indicator, int Quarter, decimal Value, string Sheet, string Cell);

/// <summary>
/// Reads a 目标任务 workbook (docs/product.md, “目标考核”) in either of its two forms, recognised by the header row:
/// the plain list <c>组织代码 | 指标 | 年度目标</c> (指标 by code, name or alias; optional 第一季度…第四季度 columns), or the
/// 目标分解表 this program writes — <c>组织代码 | 组织名称</c> and one column per indicator, each cell a year's target.
/// Every problem names its sheet and cell; an organisation outside the reader's scope reads like one that does not exist.
/// </summary>
public static partial class TargetWorkbook
{
    public const string SheetName = "目标分解表";
    private static readonly string[] IndicatorColumn = ["指标", "指标名称", "指标代码"];
    private static readonly string[] YearColumn = ["年度目标", "全年目标", "目标", "目标任务", "年度计划"];
    private static readonly string[] NotIndicators = ["组织代码", "组织名称", "单位名称", "序号", "备注", "说明"];

    public static (List<TargetRow> Rows, List<ImportProblem> Errors, List<ImportProblem> Warnings) Read(byte[] content, string fileName,
        IndicatorCatalogue catalogue, OrganisationTree tree, Actor actor)
    {
        if (WorkbookGuard.Check(content, fileName) is { } refusal) return ([], [refusal], []);
        try
        {
            using var reader = XlsxReader.Open(content);
            foreach (var grid in reader.VisibleSheets())
                foreach (var row in grid.RowNumbers.Take(20))
                {
                    var labels = grid.Row(row).Select(c => (c.Col, Label: grid.Label(row, c.Col))).ToList();
                    if (labels.FirstOrDefault(l => l.Label == "组织代码") is not { Label: not null } org) continue;
                    var reading = new Reading(grid, row, org.Col, catalogue, tree, actor);
                    if (labels.FirstOrDefault(l => IndicatorColumn.Contains(l.Label)) is { Label: not null } indicator)
                    {
                        var year = labels.FirstOrDefault(l => YearColumn.Contains(l.Label));
                        var quarters = labels.Select(l => (l.Col, Quarter: QuarterOf(l.Label))).Where(q => q.Quarter > 0).ToList();
                        if (year.Label is null && quarters.Count == 0)
                            return ([], [new ImportProblem(grid.Name, SheetGrid.Address(row, indicator.Col), "NO_TARGET_COLUMN",
                                "表头有“指标”列，但没有“年度目标”列（或第一季度至第四季度列）")], []);
                        reading.ReadList(indicator.Col, year.Label is null ? null : year.Col, quarters);
                    }
                    else
                    {
                        var columns = labels.Where(l => !NotIndicators.Contains(l.Label) && l.Label.Length > 0).ToList();
                        if (!reading.ReadWide(columns)) continue;
                    }
                    return (reading.Rows, reading.Errors, reading.Warnings);
                }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ([], [XlsxReader.Unreadable()], []);
        }
        return ([], [ImportProblem.File("NO_TABLE", "未找到目标任务表：表头须有“组织代码”，以及“指标”“年度目标”两列或以指标名称为列名的各列")], []);
    }

    private sealed class Reading(SheetGrid grid, int header, int orgCol, IndicatorCatalogue catalogue, OrganisationTree tree, Actor actor)
    {
        public List<TargetRow> Rows { get; } = [];
        public List<ImportProblem> Errors { get; } = [];
        public List<ImportProblem> Warnings { get; } = [];
        private readonly Dictionary<(int, int, int), string> _seen = [];

        private void Error(int row, int col, string code, string message) =>
            Errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, col), code, message));

        /// <summary>组织代码 | 指标 | 年度目标 (| 第一季度 …).</summary>
        public void ReadList(int indicatorCol, int? yearCol, List<(int Col, int Quarter)> quarters)
        {
            var valueCols = (yearCol is { } y ? new[] { (Col: y, Quarter: 0) } : []).Concat(quarters).ToList();
            foreach (var row in grid.RowNumbers.Where(r => r > header))
            {
                var name = grid.Text(row, indicatorCol);
                if (Organisation(row) is not { } org) continue;
                if (name.Length == 0) { Error(row, indicatorCol, "MISSING_INDICATOR", "缺少指标"); continue; }
                if (Indicator(name, row, indicatorCol) is not { } indicator) continue;
                foreach (var (col, quarter) in valueCols) Value(org, indicator, quarter, row, col);
            }
        }

        /// <summary>组织代码 | 组织名称 | one column per indicator. False when no column names an indicator (not this table).</summary>
        public bool ReadWide(List<(int Col, string Label)> columns)
        {
            var indicators = new List<(int Col, Indicator Indicator)>();
            foreach (var (col, label) in columns)
            {
                if (catalogue.Find(label) is not { } indicator) continue;
                if (indicator.Aggregation == Aggregation.Last)
                    Error(header, col, "NOT_SUM", $"“{indicator.Name}”取期末值（时点数），不设目标任务");
                else indicators.Add((col, indicator));
            }
            if (indicators.Count == 0 && Errors.Count == 0) return false;
            foreach (var row in grid.RowNumbers.Where(r => r > header))
            {
                if (Organisation(row) is not { } org) continue;
                foreach (var (col, indicator) in indicators) Value(org, indicator, 0, row, col);
            }
            return true;
        }

        /// <summary>The row's organisation; null for a row without a code or with one refused (the refusal recorded).</summary>
        private Organisation? Organisation(int row)
        {
            var code = grid.Text(row, orgCol);
            if (code.Length == 0)
            {
                if (grid.Row(row).Any(c => c.Col != orgCol && grid.Text(row, c.Col).Length > 0 && c.Value is RawCell.Number))
                    Error(row, orgCol, "MISSING_ORG", "填写了目标，但缺少组织代码");
                return null;
            }
            if (actor.Find(tree, code) is { } org) return org;
            Error(row, orgCol, "UNKNOWN_ORG", Actor.Unknown(code, "管理"));
            return null;
        }

        private Indicator? Indicator(string name, int row, int col)
        {
            if (catalogue.Find(name) is not { } indicator)
            {
                Error(row, col, "UNKNOWN_INDICATOR", catalogue.DerivedByCode(name) is not null || catalogue.Derived.Any(d => d.Name == name)
                    ? $"“{name}”是比率，由其分子分母算出，不设目标任务" : $"未知指标“{name}”");
                return null;
            }
            if (indicator.Aggregation != Aggregation.Last) return indicator;
            Error(row, col, "NOT_SUM", $"“{indicator.Name}”取期末值（时点数），不设目标任务");
            return null;
        }

        private void Value(Organisation org, Indicator indicator, int quarter, int row, int col)
        {
            var reading = CellValueParser.Parse(grid.Raw(row, col), indicator);
            var cell = SheetGrid.Address(row, col);
            switch (reading.Outcome)
            {
                case CellOutcome.NotReported: return;
                case CellOutcome.Error: Error(row, col, reading.Code!, reading.Message!); return;
            }
            // A month's ceiling says nothing of a year's plan.
            if (reading.HasWarning && reading.Code != "ABOVE_CEILING") Warnings.Add(new ImportProblem(grid.Name, cell, reading.Code!, reading.Message!));
            if (_seen.TryGetValue((org.Id, indicator.Id, quarter), out var first))
            {
                Error(row, col, "DUPLICATE_TARGET",
                    $"“{org.Name}”{(quarter == 0 ? "年度" : $"第{quarter}季度")}“{indicator.Name}”的目标已在 {first} 填写，同一目标只能填一次");
                return;
            }
            _seen[(org.Id, indicator.Id, quarter)] = cell;
            Rows.Add(new TargetRow(org, indicator, quarter, reading.Value!.Value, grid.Name, cell));
        }
    }

    /// <summary>1—4 for a quarter column (第一季度, 一季度, 第1季度, Q1, 1季度目标), else 0.</summary>
    private static int QuarterOf(string label)
    {
        var m = QuarterLabel().Match(label);
        if (!m.Success) return 0;
        var q = m.Groups["q"].Value;
        return q switch { "一" or "1" => 1, "二" or "2" => 2, "三" or "3" => 3, "四" or "4" => 4, _ => 0 };
    }

    [GeneratedRegex(@"^(第?(?<q>[1-4一二三四])季度|Q(?<q>[1-4]))(目标)?$", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterLabel();

    /// <summary>
    /// 目标分解表 of an organisation for a year: the organisation and its children, one column per SUM indicator on the dashboard, each
    /// target already set filled in — downloaded, filled and imported back as it is.
    /// </summary>
    public static byte[] Template(Organisation org, OrganisationTree tree, IndicatorCatalogue catalogue, TargetSet targets)
    {
        var indicators = catalogue.All.Where(i => i.Aggregation == Aggregation.Sum).OrderBy(i => i.IsHeadline ? 0 : 1).ThenBy(i => i.SortOrder).ToList();
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(SheetName);
        ws.Style.Font.FontName = "宋体";
        ws.Style.Font.FontSize = 11;
        ws.Range(1, 1, 1, indicators.Count + 2).Merge().SetValue($"{org.Name}{targets.Year}年目标任务分解表");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(16).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        ws.Cell(2, 1).SetValue($"说明：每格填写该组织{targets.Year}年的年度目标；不设目标的留空。下级目标之和应等于上级目标。");
        const int headerRow = 3;
        ws.Cell(headerRow, 1).SetValue("组织代码");
        ws.Cell(headerRow, 2).SetValue("组织名称");
        foreach (var (indicator, i) in indicators.Select((x, i) => (x, i)))
            ws.Cell(headerRow, i + 3).SetValue(string.IsNullOrEmpty(indicator.Unit) ? indicator.Name : $"{indicator.Name}（{indicator.Unit}）");
        var header = ws.Range(headerRow, 1, headerRow, indicators.Count + 2);
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2F2F2")).Alignment.SetWrapText(true);
        var orgs = new[] { org }.Concat(tree.ChildrenOf(org.Id).OrderBy(c => c.Code, StringComparer.Ordinal)).ToList();
        foreach (var (o, r) in orgs.Select((o, r) => (o, r + headerRow + 1)))
        {
            ws.Cell(r, 1).SetValue(o.Code);
            ws.Cell(r, 2).SetValue(o == org ? o.Name : "　" + o.Name);
            foreach (var (indicator, i) in indicators.Select((x, i) => (x, i)))
                if (targets.Own(o.Id, indicator.Id) is { } v) ws.Cell(r, i + 3).SetValue(v);
        }
        var all = ws.Range(headerRow, 1, headerRow + orgs.Count, indicators.Count + 2);
        all.Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        ws.Column(1).Width = 18;
        ws.Column(2).Width = 28;
        for (var c = 3; c <= indicators.Count + 2; c++) ws.Column(c).Width = 14;
        ws.SheetView.FreezeRows(headerRow);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
