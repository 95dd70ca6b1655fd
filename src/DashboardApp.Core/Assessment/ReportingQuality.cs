using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Data.Sql;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>
/// 报送质量 of a unit (or the units under an organisation, added up) over some months: of the unit-months it was expected, how many it
/// reported by the deadline; how often its months were sent back (退回), corrected by an officer (更正), and resubmitted after an officer
/// had verified them (核实后改数).
/// </summary>
public sealed record QualityFigures(int Expected, int OnTime, int SentBack, int Corrections, int ChangedAfterVerified)
{
    public static readonly QualityFigures None = new(0, 0, 0, 0, 0);

    /// <summary>按时报送率: on time ÷ expected; null when nothing was expected.</summary>
    public decimal? OnTimeRate => Expected == 0 ? null : (decimal)OnTime / Expected;

    public static QualityFigures operator +(QualityFigures a, QualityFigures b) => new(a.Expected + b.Expected, a.OnTime + b.OnTime,
        a.SentBack + b.SentBack, a.Corrections + b.Corrections, a.ChangedAfterVerified + b.ChangedAfterVerified);
}

/// <summary>Reads <see cref="QualityFigures"/> for every reporting unit under an organisation at once.</summary>
public sealed class ReportingQuality(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar)
{
    /// <summary>Months a statement judges at once: bit i of a 64-bit mask for the i-th.</summary>
    private const int MonthsAtOnce = 60;

    /// <summary>Each reporting unit under <paramref name="org"/>, over <paramref name="months"/> (those it was open for).</summary>
    public Task<Dictionary<int, QualityFigures>> PerUnitAsync(Organisation org, IReadOnlyList<Period> months, OrganisationTree tree,
        CancellationToken ct = default) => PerUnitAsync(tree.ReportingUnitsUnder(org.Id).ToList(), months, tree.ReportingUnitCount, ct);

    /// <summary>These reporting units, over <paramref name="months"/> (those each was open for): a page of 报送情况's list.</summary>
    /// <param name="all">How many units the tree holds: when <paramref name="units"/> are most of them, the months' every row is read.</param>
    public async Task<Dictionary<int, QualityFigures>> PerUnitAsync(IReadOnlyList<Organisation> units, IReadOnlyList<Period> months,
        int all = int.MaxValue, CancellationToken ct = default)
    {
        var result = units.ToDictionary(u => u.Id, _ => QualityFigures.None);
        if (units.Count == 0) return result;
        var wanted = units.Select(u => u.Id).ToHashSet();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in months.Distinct().Chunk(MonthsAtOnce))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = SqlDialect.QualityPerUnit(chunk, SqlDialect.Narrowed(wanted, all));
            for (var i = 0; i < chunk.Length; i++)
            {
                var deadline = await calendar.DeadlineAsync(db, chunk[i], ct);
                command.Add($"@c{i}", Deadlines.EndUtc(deadline));
            }
            command.Add("@correction", Provenance.Correction);
            command.Add("@sentBack", MonthDecision.SentBack.ToString());
            command.Add("@verified", MonthDecision.Verified.ToString());
            var counted = new Dictionary<int, (long OnTime, int Corrections, int SentBack, int Changed)>();
            await db.Database.OpenConnectionAsync(ct);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    if (wanted.Contains(reader.Int(0))) counted[reader.Int(0)] = (reader.Long(1), reader.Int(2), reader.Int(3), reader.Int(4));
            // Which months each unit was expected for is the tree's: a month counts on time only among those.
            foreach (var unit in units)
            {
                var open = Mask(chunk, unit.IsOpenDuring);
                var c = counted.GetValueOrDefault(unit.Id);
                result[unit.Id] += new QualityFigures(System.Numerics.BitOperations.PopCount((ulong)open), System.Numerics.BitOperations.PopCount((ulong)(c.OnTime & open)),
                    c.SentBack, c.Corrections, c.Changed);
            }
        }
        return result;
    }

    /// <summary>Bit i set where the i-th period passes <paramref name="test"/>.</summary>
    internal static long Mask(IReadOnlyList<Period> periods, Func<Period, bool> test)
    {
        var mask = 0L;
        for (var i = 0; i < periods.Count; i++)
            if (test(periods[i])) mask |= 1L << i;
        return mask;
    }

    /// <summary>The units' figures added up for each of <paramref name="groups"/> (organisations under the one the figures were read for).</summary>
    public static QualityFigures Sum(Organisation group, IReadOnlyDictionary<int, QualityFigures> perUnit, OrganisationTree tree) =>
        tree.ReportingUnitsUnder(group.Id).Aggregate(QualityFigures.None, (sum, u) => sum + perUnit.GetValueOrDefault(u.Id, QualityFigures.None));
}
