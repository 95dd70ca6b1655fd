using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Review;
using DashboardApp.Core.Submissions;
using Microsoft.Extensions.Options;

namespace DashboardApp.Core.Cycle;

/// <summary>One unit's month on a reporter's 待办: due, overdue or reported, with its deadline and review state.</summary>
public sealed record DueMonth(Organisation Unit, Period Month, DateOnly Deadline, UnitStatus Status)
{
    public bool Reported => Status.State != ReportState.Missing;

    /// <summary>Days until the deadline (negative once it has passed).</summary>
    public int DaysLeft(DateOnly today) => Deadline.DayNumber - today.DayNumber;

    public string DeadlineText(DateOnly today) => Deadlines.Text(Deadline, today);
}

public sealed record ReporterTodo(DateOnly Today, IReadOnlyList<DueMonth> Months, IReadOnlyList<OpenReturn> Returns,
    IReadOnlyList<SubmissionRow> Recent);

/// <summary>An officer's 待办 for their subtree and the month being collected.</summary>
public sealed record OfficerTodo(ReportingCounts Status, bool Collecting, int OpenFlags)
{
    public int Reported => Status.Reported;

    public int SentBack => Status.SentBack;

    public int ToVerify => Status.ToVerify;

    /// <summary>Missing units once the deadline has passed: 逾期未报.</summary>
    public int Overdue(DateOnly today) => today > Status.Deadline ? Status.Total.Missing : 0;
}

/// <summary>待办 (docs/product.md, “The monthly cycle”): what each role has to do now.</summary>
public sealed class TodoQueries(ReportingStatusQueries status, MonthReviews reviews, SubmissionQueries submissions, ReviewQueries flags,
    IOptions<OutlierThresholds> thresholds)
{
    /// <summary>How many months back a reporter's 待办 looks for months still missing.</summary>
    public const int LookBack = 3;

    /// <summary>The month being collected and any of the months before it still missing, for each unit; what was sent back; recent submissions.</summary>
    public async Task<ReporterTodo> ForReporterAsync(IReadOnlyList<Organisation> units, OrganisationTree tree, CalendarToday calendar,
        CancellationToken ct = default)
    {
        var months = new List<DueMonth>();
        foreach (var month in calendar.RecentMonths(LookBack))
        {
            foreach (var unit in units.Where(u => u.IsOpenDuring(month)))
            {
                var s = await status.GetAsync(unit, month, tree, ct);
                if (s.Units is not [var one]) continue;
                if (month == calendar.LatestReportable || one.State == ReportState.Missing)
                    months.Add(new DueMonth(unit, month, s.Deadline, one));
            }
        }
        var returns = await reviews.OpenReturnsAsync(units, ct);
        var recent = await submissions.ListAsync(units.Select(u => u.Id).ToList(), null, take: 5, ct: ct);
        return new ReporterTodo(calendar.Today, months, returns, recent);
    }

    /// <summary>Collection progress of <paramref name="top"/>'s subtree for the latest month that may be reported.</summary>
    public async Task<OfficerTodo> ForOfficerAsync(Organisation top, OrganisationTree tree, IndicatorCatalogue catalogue, CalendarToday calendar,
        CancellationToken ct = default)
    {
        var month = calendar.LatestReportable;
        var s = await status.CountsAsync(top, month, tree, ct);
        var open = (await flags.GetAsync(top, month, tree, catalogue, thresholds.Value, ct)).Count(i => !i.Checked);
        return new OfficerTodo(s, calendar.IsCollecting(month), open);
    }
}
