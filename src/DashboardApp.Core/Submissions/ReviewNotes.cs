using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Submissions;

/// <summary>
/// 复核提示: a warning an accepted file carried (an approximation, a value above its ceiling, a 合计
/// that does not add up…), kept with the unit, month, indicator and cell it concerns so that 数据复核
/// lists it long after the upload page was closed.
/// </summary>
public sealed class ReviewNote
{
    public long Id { get; set; }
    public int StoredFileId { get; set; }
    /// <summary>The submission the cell belongs to; null for a cell outside any unit's figures (a 合计 row).</summary>
    public int? SubmissionId { get; set; }
    /// <summary>The unit; for a cell outside any unit's figures, the lowest organisation above every unit of the sheet.</summary>
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    public int? IndicatorId { get; set; }
    public decimal? Value { get; set; }
    public required string Sheet { get; set; }
    public required string Cell { get; set; }
    public required string Code { get; set; }
    public required string Message { get; set; }
}

/// <summary>A warning of an accepted file with what it is about.</summary>
public sealed record LocatedWarning(ImportProblem Warning, ParsedSubmission? Submission, Organisation Organisation, Period Period,
    Indicator? Indicator, decimal? Value);

/// <summary>Finds what each warning of an accepted file is about, from its sheet and cell alone.</summary>
public static class WarningLocator
{
    /// <summary>
    /// A warning on a value's own cell belongs to that value. Otherwise the column tells the
    /// indicator (a 合计 cell lies under the values of its indicator), and the submission is the
    /// sheet's only one or the one whose values share the row (a unit's code cell in a 汇总表).
    /// What belongs to no single unit is filed under the lowest organisation above them all.
    /// </summary>
    public static List<LocatedWarning> Locate(ParsedWorkbook parsed, OrganisationTree tree)
    {
        var located = new List<LocatedWarning>();
        if (parsed.Submissions.Count == 0) return located;
        foreach (var warning in parsed.Warnings)
        {
            var inSheet = parsed.Submissions.Where(s => s.Sheet == warning.Sheet).ToList();
            if (inSheet.Count == 0) inSheet = [.. parsed.Submissions];
            var at = CellRef.Parse(warning.Cell);
            // A cell by its address; a form field (在线填报) by its name.
            var exact = at is { } cell
                ? inSheet.SelectMany(s => s.Values.Where(v => v.Field is null && v.At == cell).Select(v => (Submission: s, Value: v))).FirstOrDefault()
                : inSheet.SelectMany(s => s.Values.Where(v => v.Field == warning.Cell).Select(v => (Submission: s, Value: v))).FirstOrDefault();
            if (exact.Submission is not null)
            {
                located.Add(new LocatedWarning(warning, exact.Submission, exact.Submission.Unit, exact.Submission.Period, exact.Value.Indicator,
                    exact.Value.Value));
                continue;
            }
            var indicator = at is { } c ? inSheet.SelectMany(s => s.Values).FirstOrDefault(v => v.At.Col == c.Col)?.Indicator : null;
            var submission = inSheet.Count == 1 ? inSheet[0]
                : at is { } r ? inSheet.FirstOrDefault(s => s.Values.Any(v => v.At.Row == r.Row)) : null;
            if (submission is not null)
            {
                located.Add(new LocatedWarning(warning, submission, submission.Unit, submission.Period, indicator, null));
                continue;
            }
            var above = LowestCommonAncestor(inSheet.Select(s => s.Unit).Distinct().ToList(), tree);
            located.Add(new LocatedWarning(warning, null, above, inSheet.Min(s => s.Period), indicator, null));
        }
        return located;
    }

    private static Organisation LowestCommonAncestor(List<Organisation> units, OrganisationTree tree)
    {
        if (units.Count == 1) return units[0];
        // Ancestors of the first unit, nearest first; the first of them above every other unit.
        foreach (var candidate in tree.AncestorsOf(units[0].Id))
            if (units.All(u => tree.IsWithin(u.Id, candidate.Id))) return candidate;
        return tree.AncestorsOf(units[0].Id).LastOrDefault() ?? units[0];
    }
}

/// <summary>
/// 已核实: a reviewer looked at a 数据复核 flag and found the value right (or sent it back, once that exists). A flag is
/// the same flag while its kind, organisation, month, indicator, cell and value are: a new submission with another
/// value is a new flag, to be looked at again.
/// </summary>
public sealed class ReviewMark : Access.IAudited
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public int OrganisationId { get; set; }
    public Period Period { get; set; }
    public int? IndicatorId { get; set; }
    public required string Cell { get; set; }
    public decimal? Value { get; set; }
    /// <summary>退回: the reviewer sent the value back to the unit instead of confirming it.</summary>
    public bool SentBack { get; set; }
    public required string Note { get; set; }
    public required string MarkedBy { get; set; }
    public DateTime MarkedAtUtc { get; set; }

    /// <summary>数据复核, named "D01-S01-U001 2026-10 集中学习研讨次数 F7 数值异常": which flag was checked.</summary>
    public async ValueTask<Access.AuditEntry?> DescribeAsync(Access.AuditChange change, CancellationToken ct)
    {
        var org = await change.OrganisationCodeAsync(OrganisationId, ct);
        var indicator = IndicatorId is { } id
            ? await change.Db.Indicators.AsNoTracking().Where(i => i.Id == id).Select(i => i.Name).FirstOrDefaultAsync(ct) : null;
        var target = string.Join(" ",
            new[] { org, Period.ToString(), indicator, Cell, Review.ReviewKinds.ChineseName(Kind) }.Where(x => !string.IsNullOrEmpty(x)));
        return change.Record("数据复核", target, nameof(Id), nameof(OrganisationId), nameof(IndicatorId), nameof(MarkedBy));
    }
}
