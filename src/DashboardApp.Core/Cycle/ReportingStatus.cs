using System.Globalization;
using DashboardApp.Core.Data;
using DashboardApp.Core.Data.Sql;
using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Cycle;

public enum ReportState { OnTime, Late, Missing }

/// <summary>
/// One expected unit: whether it reported by the deadline, after it, or not at all; where its month stands with the reviewers;
/// who to call; and the latest reminder sent about the month.
/// </summary>
public sealed record UnitStatus(string Code, string Name, string GroupCode, string GroupName, ReportState State, DateTime? FirstAcceptedUtc)
{
    public string StateName => State switch { ReportState.OnTime => "按时", ReportState.Late => "逾期", _ => "未报" };

    public OrganisationContact Contact { get; init; } = OrganisationContact.None;

    /// <summary>复核 state; null when nothing was reported.</summary>
    public MonthReviewState? Review { get; init; }

    public string ReviewName => Review?.ChineseName() ?? "—";

    /// <summary>The latest reminder about the month, with its deliveries.</summary>
    public Notice? LastReminder { get; init; }

    public int Reminders { get; init; }

    /// <summary>Why a 催报 reaches no one — no 单位填报员 account, and no e-mail address or no mail server — or null when it reaches someone.
    /// Said for missing units only.</summary>
    public string? NoRecipient { get; init; }

    /// <summary>"12-06 09:00 邮件、站内" or "12-06 09:00 邮件失败": the latest reminder as a line.</summary>
    public string ReminderText(TimeZoneInfo zone) => LastReminder is not { } n ? "—"
        : $"{TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(n.SentAtUtc, DateTimeKind.Utc), zone).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)} "
          + (n.Deliveries.Count == 0 ? "无接收人"
              : string.Join("、", n.Deliveries.GroupBy(d => d.Channel).Select(g => (g.Key == NoticeChannel.Email ? "邮件" : "站内")
                                                                                 + (g.Any(d => d.Status == DeliveryStatus.Failed) ? "失败" : ""))))
          + (Reminders > 1 ? $"（共 {Reminders} 次）" : "");
}

/// <summary>A state 报送情况 can be narrowed to (its URL's <c>state</c>), as 待办's cards count them.</summary>
public static class UnitStates
{
    public const string Missing = "missing", Late = "late", SentBack = "sentback", ToVerify = "toverify";

    /// <summary>Whether a unit is in the state; every unit when <paramref name="state"/> is not one of them.</summary>
    public static bool Matches(UnitStatus unit, string? state) => state switch
    {
        Missing => unit.State == ReportState.Missing,
        Late => unit.State == ReportState.Late,
        SentBack => unit.Review == Cycle.MonthReviewState.SentBack,
        ToVerify => unit.Review == Cycle.MonthReviewState.Pending,
        _ => true,
    };

    /// <summary>"未报", "逾期", "退回待改", "待核实"; null for none.</summary>
    public static string? ChineseName(string? state) => state switch
    {
        Missing => "未报",
        Late => "逾期",
        SentBack => "退回待改",
        ToVerify => "待核实",
        _ => null,
    };
}

public sealed record GroupStatus(string Code, string Name, int Expected, int OnTime, int Late, int Missing)
{
    /// <summary>报送率 over the units open during the month: never above 100 %.</summary>
    public decimal? Rate => Expected == 0 ? null : (decimal)(OnTime + Late) / Expected;
}

public sealed record ReportingStatus(Period Month, DateOnly Deadline, GroupStatus Total, IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<UnitStatus> Units);

/// <summary>
/// A month's collection under an organisation in numbers: the total and each group's 应报, 按时, 逾期 and 未报, and how many reported
/// months are 退回待改 or 待核实 — what 报送情况's head, 待办's cards and the 大屏's rings show, without the units themselves.
/// </summary>
public sealed record ReportingCounts(Period Month, DateOnly Deadline, GroupStatus Total, IReadOnlyList<GroupStatus> Groups, int SentBack,
    int ToVerify)
{
    public int Reported => Total.OnTime + Total.Late;
}

/// <summary>What 报送情况's unit list is ordered by: missing first (the default), or a column an officer sorts.</summary>
public enum UnitOrder { MissingFirst, Code, Name, Group, FirstAccepted }

/// <summary>Which units of the month to list: one state (<see cref="UnitStates"/>), a text in the code or name, one group (by code);
/// and in what order.</summary>
public sealed record UnitFilter(string? State = null, string? Search = null, string? GroupCode = null, UnitOrder Order = UnitOrder.MissingFirst,
    bool Descending = false)
{
    public static readonly UnitFilter All = new();
}

/// <summary>A month's 报送情况 under an organisation as read once: its counts, and its units for a page (or two) without reading again.</summary>
public sealed class ReportingMonth
{
    internal ReportingMonth(ReportingStatusQueries.MonthRead read, ReportingCounts counts) => (Read, Counts) = (read, counts);

    internal ReportingStatusQueries.MonthRead Read { get; }

    public ReportingCounts Counts { get; }
}

/// <summary>One page of units and how many match the filter in all.</summary>
public sealed record UnitList(IReadOnlyList<UnitStatus> Units, int Count);

/// <summary>
/// 报送情况 (docs/product.md, “Pages that read the figures”): for a month, every reporting unit under an organisation that was open during
/// it, and whether its first accepted submission came by the deadline, after it, or never. A submission of zeros is a report; a unit
/// that sent nothing is missing. The database answers one small row per unit that reported (<see cref="SqlDialect.ReportedUnits"/>,
/// from an index alone); the tree in memory says who was expected and under which child, so the counts, the filters and the pages
/// cost the subtree's units once, and only a page of units is dressed with contacts and reminders.
/// </summary>
public sealed class ReportingStatusQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar,
    Microsoft.Extensions.Options.IOptions<Cycle.MailOptions> mail)
{
    /// <summary>Units whose reminders and recipients are read at once when a whole list is asked for.</summary>
    private const int DetailBatch = 1_000;

    /// <summary>The total and each group's counts (the child of <paramref name="org"/> on the way to a unit; the organisation itself for its
    /// own units), groups by code.</summary>
    public async Task<ReportingCounts> CountsAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default) =>
        (await MonthAsync(org, month, tree, ct)).Counts;

    /// <summary>The month read once, for its counts and then a page of its units (<see cref="UnitsAsync(ReportingMonth, OrganisationTree,
    /// UnitFilter, int, int?, CancellationToken)"/>): what 报送情况 shows when it opens, from one read.</summary>
    public async Task<ReportingMonth> MonthAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var read = await ReadAsync(org, month, tree, ct);
        return new ReportingMonth(read, read.Counts(org));
    }

    /// <summary>The units that match <paramref name="filter"/>, <paramref name="take"/> from <paramref name="skip"/> (all when
    /// <paramref name="take"/> is null), with their contacts, reminders and whether a 催报 reaches anyone.</summary>
    public async Task<UnitList> UnitsAsync(Organisation org, Period month, OrganisationTree tree, UnitFilter filter, int skip = 0, int? take = null,
        CancellationToken ct = default) => await UnitsAsync(await MonthAsync(org, month, tree, ct), tree, filter, skip, take, ct);

    /// <summary>A page of the units of a month already read.</summary>
    public async Task<UnitList> UnitsAsync(ReportingMonth month, OrganisationTree tree, UnitFilter filter, int skip = 0, int? take = null,
        CancellationToken ct = default)
    {
        var read = month.Read;
        var matching = read.Matching(filter, tree);
        var rows = matching.Skip(Math.Max(0, skip)).Take(take is { } t ? Math.Max(0, t) : int.MaxValue).ToList();
        var units = new List<UnitStatus>(rows.Count);
        await foreach (var batch in DressedAsync(rows, read.Month, ct)) units.AddRange(batch);
        return new UnitList(units, matching.Count);
    }

    /// <summary>Counts and every unit, missing first: for a single unit's month, 催报 and the API; a page reads
    /// <see cref="MonthAsync"/> and a page of its units at a time.</summary>
    public async Task<ReportingStatus> GetAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var read = await ReadAsync(org, month, tree, ct);
        var counts = read.Counts(org);
        var units = new List<UnitStatus>(read.Units.Count);
        await foreach (var batch in DressedAsync(read.Matching(UnitFilter.All, tree), month, ct)) units.AddRange(batch);
        return new ReportingStatus(month, counts.Deadline, counts.Total, counts.Groups, units);
    }

    /// <summary>Every expected unit's state, with its group; the database read once.</summary>
    private async Task<MonthRead> ReadAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct)
    {
        // Who was expected, and under which child: the tree's, in memory.
        var expected = new List<(Organisation Unit, Organisation Group)>();
        if (tree.IsReportingUnit(org.Id))
        {
            if (org.IsOpenDuring(month)) expected.Add((org, org));
        }
        else
        {
            foreach (var child in tree.ChildrenOf(org.Id))
            {
                // A unit directly under the organisation counts under the organisation itself.
                var group = tree.IsReportingUnit(child.Id) ? org : child;
                foreach (var unit in tree.ReportingUnitsUnder(child.Id))
                    if (unit.IsOpenDuring(month)) expected.Add((unit, group));
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deadline = await calendar.DeadlineAsync(db, month, ct);
        var cutoff = Deadlines.EndUtc(deadline);
        var reported = new Dictionary<int, (DateTime First, MonthReviewState Review)>();
        if (expected.Count > 0)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = SqlDialect.ReportedUnits(SqlDialect.Narrowed(expected.Select(e => e.Unit.Id).ToList(), tree.ReportingUnitCount));
            command.Add("@month", month.ToString());
            command.Add("@sentBack", MonthDecision.SentBack.ToString());
            await db.Database.OpenConnectionAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                reported[reader.Int(0)] = (DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), (MonthReviewState)reader.Int(2));
        }
        var units = new List<Row>(expected.Count);
        foreach (var (unit, group) in expected)
            units.Add(reported.TryGetValue(unit.Id, out var r)
                ? new Row(unit, group, r.First, r.First < cutoff ? ReportState.OnTime : ReportState.Late, r.Review)
                : new Row(unit, group, null, ReportState.Missing, null));
        return new MonthRead(month, deadline, units);
    }

    internal sealed record Row(Organisation Unit, Organisation Group, DateTime? First, ReportState State, MonthReviewState? Review);

    /// <summary>A month's expected units with their states, as read once.</summary>
    internal sealed record MonthRead(Period Month, DateOnly Deadline, List<Row> Units)
    {
        public ReportingCounts Counts(Organisation org)
        {
            var groups = Units.GroupBy(u => u.Group)
                .Select(g => Count(g.Key, g))
                .OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
            return new ReportingCounts(Month, Deadline, Count(org, Units), groups, Units.Count(u => u.Review == MonthReviewState.SentBack),
                Units.Count(u => u.Review == MonthReviewState.Pending));
        }

        private static GroupStatus Count(Organisation group, IEnumerable<Row> rows)
        {
            var (expected, onTime, late) = (0, 0, 0);
            foreach (var r in rows)
            {
                expected++;
                if (r.State == ReportState.OnTime) onTime++;
                else if (r.State == ReportState.Late) late++;
            }
            return new GroupStatus(group.Code, group.Name, expected, onTime, late, expected - onTime - late);
        }

        /// <summary>The rows that match, in the filter's order (missing first by default), the code last.</summary>
        public List<Row> Matching(UnitFilter filter, OrganisationTree tree)
        {
            IEnumerable<Row> rows = Units;
            rows = filter.State switch
            {
                UnitStates.Missing => rows.Where(r => r.State == ReportState.Missing),
                UnitStates.Late => rows.Where(r => r.State == ReportState.Late),
                UnitStates.SentBack => rows.Where(r => r.Review == MonthReviewState.SentBack),
                UnitStates.ToVerify => rows.Where(r => r.Review == MonthReviewState.Pending),
                _ => rows,
            };
            if (filter.Search?.Trim() is { Length: > 0 } text)
                rows = rows.Where(r => r.Unit.Code.Contains(text, StringComparison.OrdinalIgnoreCase) || r.Unit.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
            if (filter.GroupCode is { } groupCode)
                rows = tree.ByCode(groupCode) is { } group ? rows.Where(r => r.Group.Id == group.Id) : [];
            var descending = filter.Descending;
            IOrderedEnumerable<Row> ordered = filter.Order switch
            {
                UnitOrder.Name => descending ? rows.OrderByDescending(r => r.Unit.Name, StringComparer.Ordinal) : rows.OrderBy(r => r.Unit.Name, StringComparer.Ordinal),
                UnitOrder.Group => descending ? rows.OrderByDescending(r => r.Group.Code, StringComparer.Ordinal) : rows.OrderBy(r => r.Group.Code, StringComparer.Ordinal),
                // The earliest first (the latest with descending); those that sent nothing last either way.
                UnitOrder.FirstAccepted => descending
                    ? rows.OrderBy(r => r.First is null).ThenByDescending(r => r.First)
                    : rows.OrderBy(r => r.First is null).ThenBy(r => r.First),
                UnitOrder.Code => descending ? rows.OrderByDescending(r => r.Unit.Code, StringComparer.Ordinal) : rows.OrderBy(r => r.Unit.Code, StringComparer.Ordinal),
                // Missing first, then late, then on time: who to chase reads at the top.
                _ => descending ? rows.OrderBy(r => r.State) : rows.OrderByDescending(r => r.State),
            };
            return [.. ordered.ThenBy(r => r.Unit.Code, StringComparer.Ordinal)];
        }
    }

    /// <summary>The rows as units with their details, a thousand at a time (each batch one query for reminders and one for recipients).</summary>
    private async IAsyncEnumerable<List<UnitStatus>> DressedAsync(IEnumerable<Row> rows, Period month,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var batch in rows.Chunk(DetailBatch)) yield return await DetailsAsync(db, month, batch, ct);
    }

    /// <summary>The units of <paramref name="rows"/> with their contacts, reminders about the month, and why a 催报 would reach no one.</summary>
    private async Task<List<UnitStatus>> DetailsAsync(DashboardDbContext db, Period month, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Unit.Id).ToList();
        var reminders = (await db.Notices.AsNoTracking().Include(n => n.Deliveries)
                .Where(n => n.Period == month && n.Kind == NoticeKind.Reminder && ids.Contains(n.OrganisationId)).ToListAsync(ct))
            .GroupBy(n => n.OrganisationId).ToDictionary(g => g.Key, g => (Last: g.MaxBy(n => n.SentAtUtc)!, Count: g.Count()));
        // Who a 催报 could reach among the units that have not reported: their enabled 单位填报员 accounts.
        var withReporter = await Notifier.ReporterAccountsAsync(db, rows.Where(r => r.State == ReportState.Missing).Select(r => r.Unit.Code).ToList(), ct);
        var mailOn = mail.Value.IsConfigured;
        return [.. rows.Select(r => new UnitStatus(r.Unit.Code, r.Unit.Name, r.Group.Code, r.Group.Name, r.State, r.First)
        {
            Contact = r.Unit.Contact,
            Review = r.Review,
            LastReminder = reminders.TryGetValue(r.Unit.Id, out var last) ? last.Last : null,
            Reminders = reminders.TryGetValue(r.Unit.Id, out var c) ? c.Count : 0,
            NoRecipient = r.State != ReportState.Missing || withReporter.ContainsKey(r.Unit.Code) || (r.Unit.Email is not null && mailOn) ? null
                : r.Unit.Email is null ? "无法催报：没有填报员账号，也没有电子邮箱" : "无法催报：没有填报员账号，系统未设置发送邮件",
        })];
    }



    /// <summary>
    /// The status as a workbook, written to <paramref name="stream"/> as the units are read, a thousand at a time: the summary per group,
    /// then every unit with its state, missing first. The province's 200,000 units never sit in memory together.
    /// </summary>
    public async Task WriteWorkbookAsync(Stream stream, Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var read = await ReadAsync(org, month, tree, ct);
        var counts = read.Counts(org);
        using var sheet = new StreamedSheet(stream, "报送情况", [16, 30, 24, 8, 18, 10, 10, 16, 26, 24], ["A1:G1"]);
        sheet.TextRow(CellLook.Title, $"{org.Name} {month.ToChinese()}报送情况（截止 {counts.Deadline:yyyy-MM-dd}）");
        sheet.Row();
        sheet.TextRow(CellLook.Bold, "组织代码", "组织名称", "应报", "按时", "逾期", "未报", "报送率");
        foreach (var g in counts.Groups.Append(counts.Total with { Name = "合计" }))
            sheet.Row((g.Code, CellLook.Plain), (g.Name, CellLook.Plain), (g.Expected, CellLook.Plain), (g.OnTime, CellLook.Plain),
                (g.Late, CellLook.Plain), (g.Missing, CellLook.Plain), (g.Rate is { } rate ? Math.Round(rate, 3) : null, CellLook.Percent));
        sheet.Row();
        sheet.TextRow(CellLook.Bold, "单位代码", "单位名称", "所属", "状态", "首次报送时间", "复核", "联系人", "联系电话", "电子邮箱", "最近催报");
        await foreach (var batch in DressedAsync(read.Matching(UnitFilter.All, tree), month, ct))
            foreach (var u in batch)
                sheet.TextRow(CellLook.Plain, u.Code, u.Name, u.GroupName, u.StateName, u.FirstAcceptedUtc is { } t
                        ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—",
                    u.ReviewName, u.Contact.Name ?? "", u.Contact.Phone ?? "", u.Contact.Email ?? "", u.ReminderText(TimeZoneInfo.Local));
    }
}
