using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

/// <summary>消息: an account's inbox — what it was sent, newest first, and how many are unread.</summary>
public sealed class Inbox(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock)
{
    public const int PageSize = 100;

    public async Task<int> UnreadCountAsync(string userName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboxMessages.CountAsync(m => m.UserName == userName && m.ReadAtUtc == null, ct);
    }

    public async Task<List<InboxMessage>> ListAsync(string userName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboxMessages.AsNoTracking().Where(m => m.UserName == userName).OrderByDescending(m => m.SentAtUtc)
            .ThenByDescending(m => m.Id).Take(PageSize).ToListAsync(ct);
    }

    /// <summary>Marks one message (or all when <paramref name="id"/> is null) of this account read; another account's message is left alone.</summary>
    public async Task MarkReadAsync(string userName, long? id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.InboxMessages.Where(m => m.UserName == userName && m.ReadAtUtc == null && (id == null || m.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAtUtc, now), ct);
    }
}
