using System.Globalization;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rules;

namespace DashboardApp.Core.Workbooks;

/// <summary>
/// The checks every entry of figures goes through, whatever it came from — a workbook's sheets or the 在线填报 form: the
/// unit (scope first, then 有下级组织, 未成立/已撤销), the month (future, not yet ended, locked), each value's reading, a
/// value given twice, and the 校验规则 of each unit-month. One outcome: the submissions to store whole, or the errors
/// that refuse them all.
/// </summary>
internal static class SubmissionChecks
{
    public static ParsedWorkbook Check(IReadOnlyList<FoundUnitFigures> found, ProblemLog errors, ProblemLog warnings, ImportContext context,
        CancellationToken ct)
    {
        // A list per (unit, period), not a dictionary: at most one value per indicator, and millions of values in a large file.
        var submissions = new Dictionary<(int UnitId, Period Period), (ParsedSubmission Submission, List<ParsedValue> Values)>();
        // The rows of a 汇总表 share the 统计期 written above the table: it is resolved, and a problem with it reported, once.
        (PeriodSource Source, Period? Period)? shared = null;

        foreach (var unitFigures in found)
        {
            ct.ThrowIfCancellationRequested();
            var unit = ResolveUnit(unitFigures, context, errors.Add, warnings);
            if (shared is not { } last || !ReferenceEquals(last.Source, unitFigures.Period))
                shared = (unitFigures.Period, ResolvePeriod(unitFigures, context, errors.Add));
            var period = shared.Value.Period;
            foreach (var v in unitFigures.Values)
            {
                if (v.Reading.Outcome == CellOutcome.Error)
                    errors.Add(new ImportProblem(unitFigures.Sheet, v.Where, v.Reading.Code!, $"“{v.Indicator.Name}”：{v.Reading.Message}"));
                else if (v.Reading.HasWarning)
                    warnings.Add(new ImportProblem(unitFigures.Sheet, v.Where, v.Reading.Code!, v.Reading.Message!));
            }
            if (unit is null || period is null) continue;
            if (!unit.IsOpenDuring(period.Value))
            {
                errors.Add(new ImportProblem(unitFigures.Sheet, unitFigures.UnitCell, "UNIT_NOT_OPEN",
                    $"单位“{unit.Name}”（{unit.Code}）在 {period.Value.ToChinese()} {(unit.OpenedOn > period.Value.End ? "尚未成立" : "已撤销")}，不能报送该期数据"));
                continue;
            }
            var key = (unit.Id, period.Value);
            if (!submissions.TryGetValue(key, out var entry))
            {
                entry = (new ParsedSubmission(unit, period.Value, unitFigures.Sheet, []), []);
                submissions[key] = entry;
            }
            foreach (var v in unitFigures.Values.Where(v => v.Reading.Outcome == CellOutcome.Value))
            {
                var value = new ParsedValue(v.Indicator, v.Reading.Value!.Value, v.Cell, v.Origin);
                if (entry.Values.Find(e => e.Indicator == v.Indicator) is { } earlier)
                {
                    if (earlier.Value != value.Value)
                        errors.Add(new ImportProblem(unitFigures.Sheet, v.Where, "DUPLICATE_UNIT",
                            $"单位“{unit.Name}”{period.Value.ToChinese()}的“{v.Indicator.Name}”出现两次且数值不同（{earlier.Cell} 为 {earlier.Value}，此处为 {value.Value}）"));
                    continue;
                }
                entry.Values.Add(value);
            }
        }

        var result = submissions.Values
            .Where(e => e.Values.Count > 0)
            .Select(e =>
            {
                e.Values.Sort((a, b) => a.Indicator.SortOrder.CompareTo(b.Indicator.SortOrder));
                return e.Submission with { Values = e.Values };
            })
            .ToList();
        if (errors.Count == 0 && result.Count == 0)
            errors.Add(ImportProblem.File("NO_VALUES", "没有填写任何数值（空白表示未报送）"));
        foreach (var submission in result)
        {
            ct.ThrowIfCancellationRequested();
            RuleChecks.Check(submission, context.Rules, errors.Add, warnings.Add);
        }
        return new ParsedWorkbook(errors.Count == 0 ? result : [], errors.ToList(), warnings.ToList());
    }

    private static Organisation? ResolveUnit(FoundUnitFigures f, ImportContext context, Action<ImportProblem> error, ProblemLog warnings)
    {
        // Scope first: an organisation outside the uploader's scope is not looked at any further, and what they are
        // told about it reads exactly as for a code that does not exist (no name, no 有下级组织, no 已撤销).
        var tree = context.Tree;
        bool Visible(Organisation o) => context.ScopeOrgId is not { } scope || tree.IsWithin(o.Id, scope);
        var notFound = context.ScopeOrgId is null ? "不存在" : "不存在或不在您的报送范围内";
        Organisation? unit = null;
        if (f.UnitCode is { } code)
        {
            unit = tree.ByCode(code) is { } o && Visible(o) ? o : null;
            if (unit is null)
            {
                error(new ImportProblem(f.Sheet, f.UnitCell, "UNKNOWN_UNIT", $"单位代码“{XlCells.Shown(code)}”{notFound}，请核对或联系组织部门"));
                return null;
            }
            if (f.UnitName is { } name && XlCells.Label(name) != XlCells.Label(unit.Name))
                warnings.Add(new ImportProblem(f.Sheet, f.UnitCell, "UNIT_NAME_MISMATCH",
                    $"单位代码 {code} 对应“{unit.Name}”，表中名称为“{XlCells.Shown(name)}”，已按代码导入"));
        }
        else if (f.UnitName is { } name)
        {
            var label = XlCells.Label(name);
            var matches = tree.All.Where(o => XlCells.Label(o.Name) == label && Visible(o)).Take(2).ToList();
            if (matches.Count != 1)
            {
                error(new ImportProblem(f.Sheet, f.UnitCell, matches.Count == 0 ? "UNKNOWN_UNIT" : "AMBIGUOUS_UNIT",
                    matches.Count == 0 ? $"单位名称“{XlCells.Shown(name)}”{notFound}，请核对或填写单位代码" : $"单位名称“{XlCells.Shown(name)}”对应多个组织，请填写单位代码"));
                return null;
            }
            unit = matches[0];
        }
        if (unit is null) return null;
        if (!tree.IsReportingUnit(unit.Id))
        {
            error(new ImportProblem(f.Sheet, f.UnitCell, "NOT_REPORTING_UNIT",
                $"“{unit.Name}”（{unit.Code}）有下级组织，其数据由下级汇总生成，不能直接报送"));
            return null;
        }
        return unit;
    }

    private static Period? ResolvePeriod(FoundUnitFigures f, ImportContext context, Action<ImportProblem> error)
    {
        var source = f.Period;
        Period period;
        switch (source.Raw)
        {
            case RawCell.Blank:
                error(new ImportProblem(f.Sheet, source.Cell, "MISSING_PERIOD", "未填写统计期，请填写如 2025-03 或 2025年3月"));
                return null;
            case RawCell.Date d:
                period = PeriodText.FromDate(d.Value);
                break;
            // A number 2025.1 may have been typed as 2025.10 and lost its zero.
            case RawCell.Number n when n.Value.ToString("0.####", CultureInfo.InvariantCulture).EndsWith(".1", StringComparison.Ordinal):
                error(new ImportProblem(f.Sheet, source.Cell, "AMBIGUOUS_PERIOD",
                    $"统计期“{n.Value.ToString(CultureInfo.InvariantCulture)}”可能是 1 月也可能是 10 月，请写作 {Math.Floor(n.Value)}-01 或 {Math.Floor(n.Value)}-10"));
                return null;
            default:
                var text = source.Raw switch
                {
                    RawCell.Text t => t.Value,
                    RawCell.Number n => n.Value.ToString("0.##", CultureInfo.InvariantCulture),
                    _ => "",
                };
                if (!PeriodText.TryParse(text, out period))
                {
                    error(new ImportProblem(f.Sheet, source.Cell, "BAD_PERIOD", $"无法识别统计期“{XlCells.Shown(text)}”，请填写如 2025-03 或 2025年3月"));
                    return null;
                }
                break;
        }
        if (period.Type != PeriodType.Month)
        {
            error(new ImportProblem(f.Sheet, source.Cell, "NOT_MONTHLY",
                $"本系统按月报送，该表的统计期是{(period.Type == PeriodType.Quarter ? "季度" : "年度")}（{period}），请按月份填写，以免重复统计"));
            return null;
        }
        if (period.Start > context.Today)
        {
            error(new ImportProblem(f.Sheet, source.Cell, "FUTURE_PERIOD", $"统计期 {period.ToChinese()} 尚未开始，不能报送"));
            return null;
        }
        var firstDay = ReportingWindow.FirstReportingDay(period, context.ReportFromDaysBeforeEnd);
        if (context.Today < firstDay)
        {
            error(new ImportProblem(f.Sheet, source.Cell, "PERIOD_NOT_ENDED",
                $"统计期 {period.ToChinese()} 尚未结束，{firstDay.Month}月{firstDay.Day}日起才能报送该月数据"));
            return null;
        }
        if (context.LockedPeriods.Contains(period))
        {
            error(new ImportProblem(f.Sheet, source.Cell, "LOCKED_PERIOD", $"统计期 {period.ToChinese()} 已锁定，不再接收报送；如需更正请联系管理员解锁"));
            return null;
        }
        return period;
    }
}
