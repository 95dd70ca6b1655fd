using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Submissions;

/// <summary>
/// An upload large enough to fill several of the store's multi-row statements (and leave a remainder in each table) stores every row as EF
/// itself would: each submission with its own id, every value with its cell, the current values replaced by the later upload and the
/// others kept, times written in the same form as EF writes them (SQLite compares them as text), one queue row per unit-month.
/// </summary>
public class BulkStoreTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly Period[] Months = [Period.Month(2025, 1), Period.Month(2025, 2), Period.Month(2025, 3)];

    [Fact]
    public async Task AHistoryWorkbookOfManyRowsIsStoredRowForRow()
    {
        var units = Enumerable.Range(1, 110).Select(i => ($"D1-S{1 + i % 2}-U{i:000}", (string?)$"D1-S{1 + i % 2}")).ToList();
        await using var database = await ServicesDatabase.CreateAsync(
            [("C", null), ("D1", "C"), ("D1-S1", "D1"), ("D1-S2", "D1"), .. units], Provider);
        var catalogue = await database.CatalogueAsync();
        var indicators = catalogue.All.Take(6).ToList();
        int Value(int unit, int month, int indicator, int round) => (unit * 7 + month * 3 + indicator + round) % 40;

        // 330 unit-months × 6 values, then the same units' March again with other values.
        var first = History(units.Select(u => u.Item1).ToList(), Months, indicators.Select(i => i.Name).ToList(), round: 0, Value);
        var report = await database.Importer.ImportAsync(first, "历史数据.xlsx", Actor.System("test"));
        Assert.True(report.Status == ImportStatus.Accepted, string.Join("\n", report.Errors.Select(e => e.Describe())));
        var again = History(units.Select(u => u.Item1).ToList(), [Months[2]], indicators.Select(i => i.Name).ToList(), round: 1, Value);
        Assert.Equal(ImportStatus.Accepted, (await database.Importer.ImportAsync(again, "三月更正.xlsx", Actor.System("test"))).Status);

        await using var db = await database.Factory.CreateDbContextAsync();
        var submissions = await db.Submissions.AsNoTracking().Include(s => s.Values).Include(s => s.StoredFile).ToListAsync();
        Assert.Equal(units.Count * 4, submissions.Count);
        Assert.Equal(submissions.Count, submissions.Select(s => s.Id).Distinct().Count());
        Assert.All(submissions, s => Assert.Equal(indicators.Count, s.Values.Count));
        var byCode = database.Tree;
        foreach (var s in submissions)
        {
            var unit = units.FindIndex(u => u.Item1 == byCode.ById(s.OrganisationId)!.Code);
            var round = s.StoredFile!.FileName == "三月更正.xlsx" ? 1 : 0;
            foreach (var v in s.Values)
                Assert.Equal(Value(unit, s.Period.Start.Month, indicators.FindIndex(i => i.Id == v.IndicatorId), round), v.Value);
            Assert.All(s.Values, v => Assert.Matches("^[A-Z]+[0-9]+$", v.Cell));
        }

        // Current: March from the second file, January and February from the first.
        var current = await db.CurrentValues.AsNoTracking().ToListAsync();
        Assert.Equal(units.Count * Months.Length * indicators.Count, current.Count);
        var bySubmission = submissions.ToDictionary(s => s.Id);
        Assert.All(current, c =>
        {
            var s = bySubmission[c.SubmissionId];
            Assert.Equal((s.OrganisationId, s.Period), (c.OrganisationId, c.Period));
            Assert.Equal(c.Period == Months[2] ? "三月更正.xlsx" : "历史数据.xlsx", s.StoredFile!.FileName);
            Assert.Equal(s.Values.Single(v => v.IndicatorId == c.IndicatorId).Value, c.Value);
        });
        Assert.Equal(units.Count * 4, await db.RollupQueue.CountAsync());

        // The acceptance time reads back as written, and is stored in the form EF writes its parameters (SQLite compares the text).
        var accepted = submissions.Select(s => s.AcceptedAtUtc).Distinct().ToList();
        Assert.Equal(2, accepted.Count);
        var later = accepted.Max();
        Assert.Equal(units.Count, await db.Submissions.CountAsync(s => s.AcceptedAtUtc >= later));
        Assert.Equal(units.Count * 3, await db.Submissions.CountAsync(s => s.AcceptedAtUtc < later));
        Assert.Equal(units.Count, await db.Submissions.CountAsync(s => s.AcceptedAtUtc == later));
    }

    /// <summary>One sheet, a row per unit and month: 统计期, 单位代码, then the indicators.</summary>
    private static byte[] History(List<string> units, IReadOnlyList<Period> months, List<string> indicators, int round,
        Func<int, int, int, int, int> value)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("历史数据");
        ws.Cell(1, 1).SetValue("统计期");
        ws.Cell(1, 2).SetValue("单位代码");
        for (var i = 0; i < indicators.Count; i++) ws.Cell(1, 3 + i).SetValue(indicators[i]);
        var r = 2;
        foreach (var month in months)
            for (var u = 0; u < units.Count; u++, r++)
            {
                ws.Cell(r, 1).SetValue(month.ToString());
                ws.Cell(r, 2).SetValue(units[u]);
                for (var i = 0; i < indicators.Count; i++) ws.Cell(r, 3 + i).SetValue(value(u, month.Start.Month, i, round));
            }
        return TestTree.Save(wb);
    }
}

[Trait("Engine", "PostgreSQL")]
public sealed class BulkStoreTestsOnPostgreSql : BulkStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
