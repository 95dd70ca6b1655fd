using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Rollups;

/// <summary>
/// The rollup's proofs: incremental rollups equal a full rebuild after every submission; a run stopped
/// half-way leaves its work queued and a later run does it once; transient failures are retried and
/// permanent ones recorded.
/// </summary>
public class IncrementalRollupTests
{
    /// <summary>The engine these tests run on; <see cref="IncrementalRollupTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly string[] Indicators = ["STUDY_SESSIONS", "NEW_MEMBERS", "MEMBERS_TOTAL", "VOLUNTEER_HOURS", "INSPECTIONS"];

    /// <summary>A random tree: 1–3 top organisations, each branch 1–4 levels deep, units at the leaves of uneven depth.</summary>
    private static List<(string Code, string? Parent)> RandomTree(Random random)
    {
        var rows = new List<(string, string?)> { ("C", null) };
        void Grow(string parent, int depthLeft)
        {
            var children = random.Next(1, 4);
            for (var i = 1; i <= children; i++)
            {
                var code = $"{parent}-{i}";
                rows.Add((code, parent));
                if (depthLeft > 1 && random.NextDouble() < 0.7) Grow(code, depthLeft - 1);
            }
        }
        Grow("C", random.Next(1, 5));
        return rows;
    }

    [Fact]
    public async Task AQueryOverAProvincesUnitsIsNotLimitedByTheEnginesParameterCount()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4 });
        // 报送情况 and 数据复核 filter by every unit of the scope: a province has 50,000, SQLite takes 32,766 parameters.
        var ids = Enumerable.Range(1, 50_000).ToList();
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.CurrentValues.Where(v => ids.Contains(v.OrganisationId)).Select(v => v.OrganisationId).Distinct().CountAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task AfterEverySubmissionAndCorrectionIncrementalRollupsEqualAFullRebuild(int seed)
    {
        var random = new Random(seed);
        await using var database = await ServicesDatabase.CreateAsync(RandomTree(random), Provider);
        var units = database.Tree.All.Where(o => database.Tree.IsReportingUnit(o.Id)).Select(o => o.Code).ToList();
        var months = Enumerable.Range(8,
            8).Select(i => Period.Month(2024 + i / 12, 1 + i % 12)).ToList(); // 2024-09 … 2025-04: two quarters, two years
        var rollups = database.Rollups();

        for (var step = 0; step < 25; step++)
        {
            // One to three uploads queued before the run (units of different depths, perhaps under one another's parents):
            // random unit and month; some correct a month already sent, some leave indicators blank. 党员总数 is at least
            // 10, above any 发展党员数 drawn: the 校验规则 发展党员数 ≤ 党员总数 is an error, and refused uploads are not what this tests.
            for (var upload = random.Next(1, 4); upload > 0; upload--)
            {
                var values = Indicators.Where(_ => random.NextDouble() < 0.7)
                    .ToDictionary(i => i, i => (object)(i switch
                    {
                        "VOLUNTEER_HOURS" => Math.Round(random.NextDouble() * 50, 1),
                        "MEMBERS_TOTAL" => random.Next(10, 40),
                        _ => random.Next(0, 9),
                    }));
                if (values.Count == 0) values["STUDY_SESSIONS"] = random.Next(0, 9);
                await database.ImportAsync(units[random.Next(units.Count)], months[random.Next(months.Count)], values);
            }

            var run = await rollups.RunIncrementalAsync();

            Assert.True(run.Outcome == Core.Rollups.RollupOutcome.Succeeded, run.Error);
            Assert.Equal(0, await database.QueuedAsync());
            Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
        }
        var full = await rollups.RunFullAsync();
        Assert.True(full.Outcome == Core.Rollups.RollupOutcome.Succeeded, full.Error);
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
    }

    [Fact]
    public async Task AValueThatIsGoneLeavesNoRollupBehindIt()
    {
        // Uploads only add or replace values; should one ever be removed, the units behind each figure fall by one,
        // and a figure no unit stands behind any more disappears, as the full rebuild would have it.
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4, ["NEW_MEMBERS"] = 1 });
        await database.ImportAsync("D1-S1-U2", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 2 });
        var rollups = database.Rollups();
        await rollups.RunIncrementalAsync();
        var unit = database.Tree.ByCode("D1-S1-U1")!.Id;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.CurrentValues.Where(v => v.OrganisationId == unit).ExecuteDeleteAsync();
            db.RollupQueue.Add(new Core.Rollups.RollupQueueItem
            {
                OrganisationId = unit, Month = Period.Month(2025, 3),
                QueuedAtUtc = DateTime.UtcNow
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(Core.Rollups.RollupOutcome.Succeeded, (await rollups.RunIncrementalAsync()).Outcome);

        var stored = await database.StoredAsync();
        Assert.Equal(await database.ExpectedAsync(), stored);
        Assert.DoesNotContain(stored, r => r.Units <= 0);
        Assert.Contains(stored, r => r.Org == database.Tree.ByCode("C")!.Id && r.Period == "2025" && r.Units == 1 && r.Value == 2m);
    }

    [Fact]
    public async Task AFullRebuildPutsRightWhatIsStoredWronglyAndWritesNothingElse()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4, ["MEMBERS_TOTAL"] = 30 });
        await database.ImportAsync("D1-S1-U2", Period.Month(2025, 4), new() { ["STUDY_SESSIONS"] = 2 });
        await database.ImportAsync("D2-U3", Period.Month(2025, 3), new() { ["NEW_MEMBERS"] = 1 });
        var rollups = database.Rollups();
        var expected = await database.ExpectedAsync();

        var first = await rollups.RunFullAsync();
        Assert.Equal((Core.Rollups.RollupOutcome.Succeeded, expected.Count), (first.Outcome, first.Rows));
        var again = await rollups.RunFullAsync();
        Assert.Equal((Core.Rollups.RollupOutcome.Succeeded, 0), (again.Outcome, again.Rows));
        Assert.Equal(expected, await database.StoredAsync());

        // Stored wrongly: a changed figure, a missing one, and rows no value stands behind — for a reporting unit,
        // for a period nobody reported, for an indicator nobody reported in a period that has others, and for an
        // indicator that is not in the catalogue.
        var (city, district, unit) = (database.Tree.ByCode("C")!.Id, database.Tree.ByCode("D1")!.Id, database.Tree.ByCode("D1-S1-U1")!.Id);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var ids = await db.Indicators.ToDictionaryAsync(i => i.Code, i => i.Id);
            var (march, april) = (Period.Month(2025, 3), Period.Month(2025, 4));
            await db.RollupValues.Where(r => r.OrganisationId == city && r.Period == march && r.IndicatorId == ids["STUDY_SESSIONS"])
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Value, 40m));
            await db.RollupValues.Where(r => r.OrganisationId == district && r.Period == april).ExecuteDeleteAsync();
            db.RollupValues.AddRange(
                new Core.Rollups.RollupValue
                {
                    OrganisationId = unit, Period = march, IndicatorId = ids["STUDY_SESSIONS"], Value = 4m,
                    ReportingUnits = 1
                },
                new Core.Rollups.RollupValue
                {
                    OrganisationId = city, Period = Period.Month(2019, 1), IndicatorId = ids["STUDY_SESSIONS"], Value = 1m,
                    ReportingUnits = 1
                },
                new Core.Rollups.RollupValue
                {
                    OrganisationId = district, Period = march, IndicatorId = ids["INSPECTIONS"], Value = 3m,
                    ReportingUnits = 2
                },
                new Core.Rollups.RollupValue
                {
                    OrganisationId = district, Period = march, IndicatorId = ids.Values.Max() + 1, Value = 3m,
                    ReportingUnits = 2
                });
            await db.SaveChangesAsync();
        }
        Assert.NotEqual(expected, await database.StoredAsync());

        var repair = await rollups.RunFullAsync();

        Assert.Equal(expected, await database.StoredAsync());
        Assert.Equal((Core.Rollups.RollupOutcome.Succeeded, 1 + 1 + 4), (repair.Outcome, repair.Rows));
    }

    [Fact]
    public async Task ARunStoppedHalfWayLeavesItsWorkQueuedAndTheNextRunDoesItOnce()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4 });
        await database.Rollups().RunFullAsync();
        await database.ImportAsync("D1-S1-U2", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 2 });
        await database.ImportAsync("D2-U3", Period.Month(2024, 12), new() { ["STUDY_SESSIONS"] = 7 });
        var before = await database.StoredAsync();

        // The process stops after the rows of one year have been written, before the other's (the host's stopping token fires).
        var writes = 0;
        var stopping = database.Rollups(new FaultInjector((command, _) =>
            command.CommandText.Contains("INSERT INTO \"RollupValues\"", StringComparison.Ordinal) && ++writes == 2
                ? new OperationCanceledException("host stopping") : null));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopping.RunIncrementalAsync());

        Assert.Equal(2, await database.QueuedAsync());
        Assert.Equal(before, await database.StoredAsync());

        // Started again: the queued work is done once, and nothing is counted twice.
        var restarted = database.Rollups();
        Assert.Equal(Core.Rollups.RollupOutcome.Succeeded, (await restarted.RunIncrementalAsync()).Outcome);
        Assert.Equal(0, await database.QueuedAsync());
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
        var city = database.Tree.ByCode("C")!.Id;
        Assert.Equal(6m, (await database.StoredAsync()).Single(r => r.Org == city && r.Period == "2025" && r.Units == 2).Value);
        Assert.Equal(7m, (await database.StoredAsync()).Single(r => r.Org == city && r.Period == "2024" && r.Units == 1).Value);
        await restarted.RunIncrementalAsync();
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
    }

    [Fact]
    public async Task ATransientDatabaseFailureIsRetriedAndTheRunSucceeds()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4 });
        var busy = 0;
        var rollups = database.Rollups(new FaultInjector((command, _) =>
                command.CommandText.Contains("\"RollupValues\"", StringComparison.Ordinal) && ++busy <= 2
                    ? new SqliteException("database is locked", 5) : null),
            Core.Rollups.RollupService.TransientRetry(attempts: 3, delay: TimeSpan.FromMilliseconds(10)));

        var run = await rollups.RunIncrementalAsync();

        Assert.Equal(Core.Rollups.RollupOutcome.Succeeded, run.Outcome);
        Assert.True(busy > 2);
        Assert.Equal(await database.ExpectedAsync(), await database.StoredAsync());
    }

    [Fact]
    public async Task APermanentFailureIsRecordedAsFailedWithItsErrorAndTheWorkStaysQueued()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        await database.ImportAsync("D1-S1-U1", Period.Month(2025, 3), new() { ["STUDY_SESSIONS"] = 4 });
        var rollups = database.Rollups(new FaultInjector((command, _) =>
                command.CommandText.Contains("INSERT INTO \"RollupValues\"", StringComparison.Ordinal) ? new SqliteException("disk I/O error", 10)
                    : null),
            Core.Rollups.RollupService.TransientRetry(attempts: 3, delay: TimeSpan.FromMilliseconds(10)));

        var run = await rollups.RunIncrementalAsync();

        Assert.Equal(Core.Rollups.RollupOutcome.Failed, run.Outcome);
        Assert.Contains("disk I/O error", run.Error);
        Assert.Equal(1, await database.QueuedAsync());
        await using var db = await database.Factory.CreateDbContextAsync();
        var recorded = Assert.Single(db.RollupRuns.Where(r => r.Id == run.Id));
        Assert.Equal((Core.Rollups.RollupOutcome.Failed, false), (recorded.Outcome, recorded.Full));
        Assert.NotNull(recorded.FinishedAtUtc);
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each (docs/product.md, “Engines and scale”).</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class IncrementalRollupTestsOnPostgreSql : IncrementalRollupTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
