using DashboardApp.Core.Data;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Periods;

/// <summary>A month as the 统计期 maintenance page lists it.</summary>
public sealed record PeriodRow(Period Month, DateOnly Deadline, bool DeadlineSet, bool Locked, string? LockedBy, DateTime? LockedAtUtc,
    int Submissions);

/// <summary>
/// 统计期管理 (docs/product.md, “Periods and 同比”): a month's 报送截止日期 and its lock. A locked month refuses every upload for
/// it; the lock and every deadline change are audited under the administrator who made them.
/// </summary>
public sealed class PeriodAdmin(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The months from <paramref name="latest"/> back, newest first; a month with no date set has <paramref name="defaultDeadline"/>'s
    /// (<see cref="ReportingCalendar.DefaultDeadline"/>).</summary>
    public async Task<List<PeriodRow>> ListAsync(Period latest, int months, Func<Period, DateOnly> defaultDeadline, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = latest.AndEarlierMonths().Take(months).ToList();
        var locks = await db.PeriodLocks.AsNoTracking().Where(l => list.Contains(l.Period)).ToDictionaryAsync(l => l.Period, ct);
        var deadlines = await db.PeriodDeadlines.AsNoTracking().Where(d => list.Contains(d.Period)).ToDictionaryAsync(d => d.Period, d => d.Deadline,
            ct);
        var counts = await db.Submissions.AsNoTracking().Where(s => list.Contains(s.Period)).GroupBy(s => s.Period)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return list.Select(m => new PeriodRow(m, deadlines.TryGetValue(m, out var d) ? d : defaultDeadline(m), deadlines.ContainsKey(m),
            locks.ContainsKey(m), locks.GetValueOrDefault(m)?.LockedBy, locks.GetValueOrDefault(m)?.LockedAtUtc,
                counts.GetValueOrDefault(m))).ToList();
    }

    /// <summary>锁定 or 解锁 a month; doing what is already so changes nothing.</summary>
    public async Task SetLockedAsync(string actor, Period month, bool locked, CancellationToken ct = default)
    {
        if (month.Type != PeriodType.Month) throw new InputRefusedException("只能锁定月份");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var existing = await db.PeriodLocks.FirstOrDefaultAsync(l => l.Period == month, ct);
        if (locked && existing is null)
            db.PeriodLocks.Add(new PeriodLock { Period = month, LockedAtUtc = clock.GetUtcNow().UtcDateTime, LockedBy = actor });
        else if (!locked && existing is not null)
            db.PeriodLocks.Remove(existing);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets a month's 报送截止日期, or with null goes back to the default.</summary>
    public async Task SetDeadlineAsync(string actor, Period month, DateOnly? deadline, CancellationToken ct = default)
    {
        if (month.Type != PeriodType.Month) throw new InputRefusedException("只能为月份设置截止日期");
        if (deadline is { } d && d <= month.End) throw new InputRefusedException($"{month.ToChinese()}的截止日期须晚于该月最后一天（{month.End:yyyy-MM-dd}）");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var existing = await db.PeriodDeadlines.FirstOrDefaultAsync(x => x.Period == month, ct);
        if (deadline is { } date)
        {
            if (existing is null) db.PeriodDeadlines.Add(new PeriodDeadline { Period = month, Deadline = date });
            else existing.Deadline = date;
        }
        else if (existing is not null) db.PeriodDeadlines.Remove(existing);
        await db.SaveChangesAsync(ct);
    }
}
