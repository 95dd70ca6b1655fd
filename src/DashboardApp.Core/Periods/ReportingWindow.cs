using System.ComponentModel.DataAnnotations;

namespace DashboardApp.Core.Periods;

/// <summary>When a month may be reported, and by when it must be: configuration section "Dashboard:Periods" (and "Dashboard:DeadlineDays").</summary>
public sealed class ReportingWindow
{
    public const string Section = "Dashboard:Periods";

    /// <summary>
    /// How many days before a month ends its figures may be uploaded; 0 (the default): only once it has ended.
    /// A month's figures are not final before then, and a month uploaded early would become every page's latest.
    /// </summary>
    [Range(0, 31)]
    public int ReportFromDaysBeforeEnd { get; set; }

    /// <summary>The configuration key of <see cref="DeadlineDays"/>, outside this section.</summary>
    public const string DeadlineDaysKey = "Dashboard:DeadlineDays";

    /// <summary>报送截止 of a month with no date set for it: this many days after it ends (configuration key <see cref="DeadlineDaysKey"/>).</summary>
    [Range(0, 60)]
    public int DeadlineDays { get; set; } = 10;

    /// <summary>The first day on which <paramref name="month"/> may be reported.</summary>
    public static DateOnly FirstReportingDay(Period month, int daysBeforeEnd) => month.End.AddDays(1 - daysBeforeEnd);
}
