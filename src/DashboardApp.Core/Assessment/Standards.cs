using System.Text.Json.Serialization;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Data.Sql;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Assessment;

/// <summary>Where a reporting unit stands against a standard over a span.</summary>
public enum StandardState { Met, NotMet, NotReported }

/// <summary>One unit's result: its state and its value in each period judged (null where it reported nothing).</summary>
public sealed record StandardUnit(string Org, string OrgName, StandardState State, IReadOnlyList<StandardPeriodValue> Values)
{
    [JsonIgnore]
    public string StateText => State switch { StandardState.Met => "达标", StandardState.NotMet => "未达标", _ => "未报" };
}

public sealed record StandardPeriodValue(string Period, decimal? Value);

/// <summary>
/// 达标 of an organisation's reporting units over a span: how many met the standard in every final period of the span they were open for,
/// how many fell short in one (未达标), how many met it where they reported but left a period unreported (未报), and 达标率 = met ÷ all judged.
/// </summary>
public sealed record StandardResult(decimal Min, [property: JsonIgnore] StandardPer PerValue, int Met, int NotMet, int NotReported)
{
    /// <summary>"month", "quarter" or "year", as <c>standards set --per</c> takes it.</summary>
    public string Per => PerValue.ToString().ToLowerInvariant();

    public decimal? Rate => Met + NotMet + NotReported == 0 ? null : (decimal)Met / (Met + NotMet + NotReported);

    /// <summary>The periods judged ("2026-01" … or "2026-Q1" …): only final ones, whole within the span.</summary>
    [JsonIgnore]
    public IReadOnlyList<Period> Periods { get; init; } = [];

    /// <summary>Every unit judged that did not meet it (未达标 first, then 未报), with its values.</summary>
    [JsonIgnore]
    public IReadOnlyList<StandardUnit> Falling { get; init; } = [];

    /// <summary>"集中学习研讨次数 ≥ 1 每月".</summary>
    public static string Describe(string indicatorName, decimal min, StandardPer per) => $"{indicatorName} ≥ {Format.Number(min)} {Standard.PerText(per)}";
}

/// <summary>达标标准: set and removed by an administrator (audited), and evaluated for any organisation and period at query time.</summary>
public sealed class Standards(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference, FigureQueries figures)
{
    public async Task<List<Standard>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Standards.AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Sets the standard of an indicator (or with <paramref name="min"/> null removes it). The Chinese reason it is refused, or null.</summary>
    public async Task<string?> SetAsync(Actor actor, string indicatorCode, decimal? min, StandardPer per, CancellationToken ct = default)
    {
        if (actor.Role != Roles.Admin) return Actor.NoRights;
        var (_, catalogue) = await reference.GetAsync(dbFactory, ct);
        if (catalogue.Find(indicatorCode) is not { } indicator) return $"未知指标“{indicatorCode}”";
        if (min is < 0) return "达标标准的最低要求不能为负数";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor.UserName;
        var standard = await db.Standards.FirstOrDefaultAsync(s => s.IndicatorId == indicator.Id, ct);
        if (min is null)
        {
            if (standard is null) return $"“{indicator.Name}”没有达标标准";
            db.Standards.Remove(standard);
        }
        else if (standard is null) db.Standards.Add(new Standard { IndicatorId = indicator.Id, Min = min.Value, Per = per });
        else (standard.Min, standard.Per) = (min.Value, per);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The standard of <paramref name="indicator"/> judged for the units under <paramref name="org"/> over <paramref name="period"/>'s
    /// final months (and the months being collected when asked); null when the indicator has none.</summary>
    public async Task<StandardResult?> EvaluateAsync(Organisation org, Period period, Indicator indicator, OrganisationTree tree,
        bool includeProvisional = false, CancellationToken ct = default) =>
        (await EvaluateAsync(org, [org], period, indicator, tree, includeProvisional, ct))?[org.Id];

    /// <summary>The standard judged for each of <paramref name="groups"/> (organisations under <paramref name="org"/>, or itself) over the
    /// span of <paramref name="period"/> for <paramref name="org"/>, the values read once; null when the indicator has none.</summary>
    public async Task<Dictionary<int, StandardResult>?> EvaluateAsync(Organisation org, IReadOnlyList<Organisation> groups, Period period,
        Indicator indicator, OrganisationTree tree, bool includeProvisional = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Standards.AsNoTracking().FirstOrDefaultAsync(s => s.IndicatorId == indicator.Id, ct) is not { } standard) return null;
        var span = await figures.SpanAsync(org, period, tree, includeProvisional, ct);
        var months = span.Span.Months().ToList();
        var ids = tree.ReportingUnitsUnder(org.Id).Select(u => u.Id).ToList();
        var rows = await db.CurrentValues.AsNoTracking()
            .Where(v => v.IndicatorId == indicator.Id && months.Contains(v.Period) && ids.Contains(v.OrganisationId))
            .Select(v => new { v.OrganisationId, v.Period, v.Value }).ToListAsync(ct);
        var values = rows.ToDictionary(r => (r.OrganisationId, r.Period), r => r.Value);
        return groups.ToDictionary(g => g.Id, g => Evaluate(standard, indicator.Aggregation, months, tree.ReportingUnitsUnder(g.Id),
            (u, m) => values.TryGetValue((u, m), out var v) ? v : null));
    }

    /// <summary>
    /// The counts of <see cref="EvaluateAsync(Organisation, IReadOnlyList{Organisation}, Period, Indicator, OrganisationTree, bool, CancellationToken)"/>
    /// (达标, 未达标, 未报 per group; no list of the falling units), judged in the database (<see cref="SqlDialect.StandardPerUnit"/>): the
    /// province's year is 2.4 million values, and what comes back is a row a unit. The same rule as <see cref="Evaluate"/>.
    /// </summary>
    public async Task<Dictionary<int, StandardResult>?> CountAsync(Organisation org, IReadOnlyList<Organisation> groups, Period period,
        Indicator indicator, OrganisationTree tree, bool includeProvisional = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Standards.AsNoTracking().FirstOrDefaultAsync(s => s.IndicatorId == indicator.Id, ct) is not { } standard) return null;
        var span = await figures.SpanAsync(org, period, tree, includeProvisional, ct);
        var periods = JudgedPeriods(standard, span.Span.Months().ToList());
        // The periods in chunks of a 64-bit mask; each unit's masks of periods below the line and reported.
        var units = tree.ReportingUnitsUnder(org.Id).ToList();
        var wanted = units.Select(u => u.Id).ToHashSet();
        var judged = new Dictionary<int, List<(long Open, long Below, long Reported)>>();
        foreach (var u in units) judged[u.Id] = [];
        foreach (var chunk in periods.Chunk(60))
        {
            var found = new Dictionary<int, (long Below, long Reported)>();
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.CommandText = SqlDialect.StandardPerUnit([.. chunk.Select(p => (IReadOnlyList<Period>)p.Months().ToList())],
                    SqlDialect.Narrowed(wanted, tree.ReportingUnitCount));
                command.Add("@indicator", indicator.Id);
                command.Add("@last", indicator.Aggregation == Aggregation.Last ? 1 : 0);
                command.Add("@min", ScaledDecimalConverter.ToStored(standard.Min));
                await db.Database.OpenConnectionAsync(ct);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    if (wanted.Contains(reader.Int(0))) found[reader.Int(0)] = (reader.Long(1), reader.Long(2));
            }
            foreach (var u in units)
            {
                var (below, reported) = found.GetValueOrDefault(u.Id);
                judged[u.Id].Add((ReportingQuality.Mask(chunk, u.IsOpenDuring), below, reported));
            }
        }
        return groups.ToDictionary(g => g.Id, g =>
        {
            var (met, notMet, notReported) = (0, 0, 0);
            foreach (var unit in tree.ReportingUnitsUnder(g.Id))
            {
                var masks = judged[unit.Id];
                // Judged over the periods it was open for: below the line in any, short of one, or every one met.
                if (masks.All(m => m.Open == 0)) continue;
                if (masks.Any(m => (m.Below & m.Open) != 0)) notMet++;
                else if (masks.Any(m => (m.Reported & m.Open) != m.Open)) notReported++;
                else met++;
            }
            return new StandardResult(standard.Min, standard.Per, met, notMet, notReported) { Periods = periods };
        });
    }

    /// <summary>The figure with its indicator's standard counted over the same period (unchanged for a rate or an indicator without one).</summary>
    public async Task<Figure> AttachAsync(Figure figure, Organisation org, Period period, Measure measure, OrganisationTree tree,
        bool includeProvisional = false, CancellationToken ct = default) =>
        measure.Indicator is { } indicator && (await CountAsync(org, [org], period, indicator, tree, includeProvisional, ct))?[org.Id] is { } result
            ? figure with { Standard = result } : figure;



    /// <summary>The periods of <paramref name="standard"/>'s length lying whole within <paramref name="months"/>.</summary>
    public static List<Period> JudgedPeriods(Standard standard, IReadOnlyList<Period> months)
    {
        var within = months.ToHashSet();
        return [.. months.Select(m => standard.Per switch
            {
                StandardPer.Month => m,
                StandardPer.Quarter => Period.Quarter(m.Year, (m.Index - 1) / 3 + 1),
                _ => Period.OfYear(m.Year),
            })
            .Distinct().Where(p => p.Months().All(within.Contains))];
    }

    /// <summary>
    /// The judgement itself, pure: the periods of <paramref name="standard"/>'s length lying whole within <paramref name="months"/>; each unit
    /// judged over those it was open for (a SUM indicator's months added, a LAST one's latest); units open for none of them are not judged.
    /// </summary>
    public static StandardResult Evaluate(Standard standard, Aggregation aggregation, IReadOnlyList<Period> months, IEnumerable<Organisation> units,
        Func<int, Period, decimal?> valueOf)
    {
        var periods = JudgedPeriods(standard, months);
        var (met, notMet, notReported) = (0, 0, 0);
        var shortOf = new List<StandardUnit>();
        foreach (var unit in units.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var open = periods.Where(unit.IsOpenDuring).ToList();
            if (open.Count == 0) continue;
            var judged = open.Select(p => new StandardPeriodValue(p.ToString(), ValueOver(p, aggregation, m => valueOf(unit.Id, m)))).ToList();
            var state = judged.Any(v => v.Value is { } x && x < standard.Min) ? StandardState.NotMet
                : judged.Any(v => v.Value is null) ? StandardState.NotReported : StandardState.Met;
            switch (state)
            {
                case StandardState.Met: met++; break;
                case StandardState.NotMet: notMet++; break;
                default: notReported++; break;
            }
            if (state != StandardState.Met) shortOf.Add(new StandardUnit(unit.Code, unit.Name, state, judged));
        }
        return new StandardResult(standard.Min, standard.Per, met, notMet, notReported)
        {
            Periods = periods, Falling = [.. shortOf.OrderBy(u => u.State == StandardState.NotMet ? 0 : 1)],
        };
    }

    private static decimal? ValueOver(Period period, Aggregation aggregation, Func<Period, decimal?> valueOf)
    {
        var reported = period.Months().Select(m => valueOf(m)).Where(v => v is not null).ToList();
        if (reported.Count == 0) return null;
        return aggregation == Aggregation.Last ? period.Months().Select(valueOf).Last(v => v is not null) : reported.Sum();
    }
}
