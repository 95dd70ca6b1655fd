using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Periods;

public static class Deadlines
{
    /// <summary>报送截止日期 of a month: the date an administrator set for it, else <paramref name="defaultDays"/> after it ends (docs/product.md, “Periods
    /// and 同比”).</summary>
    public static async Task<DateOnly> DeadlineAsync(this DashboardDbContext db, Period month, int defaultDays, CancellationToken ct = default) =>
        await db.PeriodDeadlines.AsNoTracking().Where(d => d.Period == month).Select(d => (DateOnly?)d.Deadline).FirstOrDefaultAsync(ct)
        ?? month.Deadline(defaultDays);
}
