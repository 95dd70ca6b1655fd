using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Submissions;

/// <summary>Parallel uploads for one unit-month: the one in force is the one accepted last, and its recorded time says so.</summary>
public class AcceptanceOrderTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task TheValueInForceIsTheLastAcceptedOfTwentyParallelUploads()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider);
        var month = Period.Month(2025, 3);
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() =>
            database.ImportAsync("D1-S1-U1", month, new() { ["STUDY_SESSIONS"] = i }))));

        await using var db = await database.Factory.CreateDbContextAsync();
        var unit = database.Tree.ByCode("D1-S1-U1")!.Id;
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.OrganisationId == unit && s.Period == month)
            .Select(s => new { s.Id, s.AcceptedAtUtc, Value = s.Values.Single().Value }).ToListAsync();
        Assert.Equal(20, submissions.Count);
        var current = await db.CurrentValues.AsNoTracking().SingleAsync(v => v.OrganisationId == unit && v.Period == month);
        var inForce = submissions.Single(s => s.Id == current.SubmissionId);
        Assert.Equal(inForce.Value, current.Value);
        // No submission was accepted after the one in force; acceptance times follow the order of the ids they were given.
        Assert.DoesNotContain(submissions, s => s.AcceptedAtUtc > inForce.AcceptedAtUtc);
        Assert.Equal(submissions.Max(s => s.Id), inForce.Id);
        Assert.Equal(submissions.OrderBy(s => s.Id).Select(s => s.AcceptedAtUtc),
            submissions.OrderBy(s => s.AcceptedAtUtc).ThenBy(s => s.Id).Select(s => s.AcceptedAtUtc));
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class AcceptanceOrderTestsOnPostgreSql : AcceptanceOrderTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
