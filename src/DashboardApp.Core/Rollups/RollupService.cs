using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Rollups;

/// <summary>Recomputes the materialised rollups from the current values and records the run.</summary>
public sealed class RollupService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock)
{
    public event Action<RollupRun>? Finished;

    public async Task<RollupRun> RunFullAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = new RollupRun { Full = true, StartedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.RollupRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            var tree = await db.LoadTreeAsync(ct);
            var aggregationOf = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Aggregation, ct);
            var values = await db.CurrentValues.AsNoTracking()
                .Select(v => new UnitMonthValue(v.OrganisationId, v.Period, v.IndicatorId, v.Value)).ToListAsync(ct);
            var rows = RollupCalculator.Compute(tree, aggregationOf, values);

            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await db.RollupValues.ExecuteDeleteAsync(ct);
                foreach (var chunk in rows.Chunk(5000))
                {
                    db.RollupValues.AddRange(chunk);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                await tx.CommitAsync(ct);
            }
            run.Rows = rows.Count;
            run.Outcome = "succeeded";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Outcome = "failed";
            run.Error = e.Message;
        }
        run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.RollupRuns.Attach(run).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        Finished?.Invoke(run);
        return run;
    }
}
