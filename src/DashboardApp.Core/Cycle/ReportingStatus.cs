using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
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

/// <summary>One page of units and how many match the filter in all.</summary>
public sealed record UnitList(IReadOnlyList<UnitStatus> Units, int Count);

/// <summary>
/// 报送情况 (docs/product.md, “Pages that read the figures”): for a month, every reporting unit under an organisation that was open during
/// it, and whether its first accepted submission came by the deadline, after it, or never. A submission of zeros is a report; a unit
/// that sent nothing is missing. The database does the work (<see cref="SqlDialect.ReportingCounts"/>): the counts come back per group
/// and the units a page at a time, so the province's 200,000 units cost what the SQL costs, not 200,000 objects.
/// </summary>
public sealed class ReportingStatusQueries(IDbContextFactory<DashboardDbContext> dbFactory, ReportingCalendar calendar,
    Microsoft.Extensions.Options.IOptions<Cycle.MailOptions> mail)
{
    /// <summary>Units whose reminders and recipients are read at once when a whole list is asked for.</summary>
    private const int DetailBatch = 1_000;

    /// <summary>The total and each group's counts (the child of <paramref name="org"/> on the way to a unit; the organisation itself for its
    /// own units), groups by code.</summary>
    public async Task<ReportingCounts> CountsAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deadline = await calendar.DeadlineAsync(db, month, ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = Command(db, SqlDialect.ReportingCounts, org, month, deadline);
        var groups = new List<GroupStatus>();
        int sentBack = 0, toVerify = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var group = tree.ById(Int(reader, 0)) ?? org;
                groups.Add(new GroupStatus(group.Code, group.Name, Int(reader, 1), Int(reader, 2), Int(reader, 3), Int(reader, 4)));
                sentBack += Int(reader, 5);
                toVerify += Int(reader, 6);
            }
        }
        groups.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        var total = new GroupStatus(org.Code, org.Name, groups.Sum(g => g.Expected), groups.Sum(g => g.OnTime), groups.Sum(g => g.Late),
            groups.Sum(g => g.Missing));
        return new ReportingCounts(month, deadline, total, groups, sentBack, toVerify);
    }

    /// <summary>The units that match <paramref name="filter"/>, <paramref name="take"/> from <paramref name="skip"/> (all when
    /// <paramref name="take"/> is null), with their contacts, reminders and whether a 催报 reaches anyone.</summary>
    public async Task<UnitList> UnitsAsync(Organisation org, Period month, OrganisationTree tree, UnitFilter filter, int skip = 0, int? take = null,
        CancellationToken ct = default)
    {
        var units = new List<UnitStatus>();
        var count = 0;
        await foreach (var (batch, all) in ReadAsync(org, month, tree, filter, skip, take, ct))
        {
            units.AddRange(batch);
            count = all;
        }
        // Past the last page (the list shrank since it was shown): how many there are now, so the pager can step back.
        if (units.Count == 0 && skip > 0 && take is not null) count = (await UnitsAsync(org, month, tree, filter, 0, 1, ct)).Count;
        return new UnitList(units, count);
    }

    /// <summary>The units in batches as the database returns them, each batch with its details read on a second connection; with the count
    /// of all that match.</summary>
    private async IAsyncEnumerable<(List<UnitStatus> Batch, int Count)> ReadAsync(Organisation org, Period month, OrganisationTree tree,
        UnitFilter filter, int skip, int? take, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deadline = await calendar.DeadlineAsync(db, month, ct);
        var group = filter.GroupCode is { } groupCode ? tree.ByCode(groupCode) : null;
        if (filter.GroupCode is not null && group is null) yield break;
        var dialect = SqlDialect.Of(db.Database);
        var state = filter.State switch
        {
            UnitStates.Missing => ("State", (int)ReportState.Missing),
            UnitStates.Late => ("State", (int)ReportState.Late),
            UnitStates.SentBack => ("Review", (int)MonthReviewState.SentBack),
            UnitStates.ToVerify => ("Review", (int)MonthReviewState.Pending),
            _ => ((string, int)?)null,
        };
        var search = filter.Search?.Trim() is { Length: > 0 } text ? text : null;
        var sql = dialect.ReportingUnits(state?.Item1, search is not null, group is not null, dialect.ReportingOrder(filter.Order, filter.Descending),
            paged: take is not null);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = Command(db, sql, org, month, deadline);
        if (state is { } s) Add(command, "@state", s.Item2);
        if (search is not null) Add(command, "@search", "%" + Like(search.ToUpperInvariant()) + "%");
        if (group is not null) Add(command, "@group", group.Id);
        if (take is { } pageSize)
        {
            Add(command, "@skip", Math.Max(0, skip));
            Add(command, "@take", Math.Max(0, pageSize));
        }
        await using var details = await dbFactory.CreateDbContextAsync(ct);
        var rows = new List<Row>();
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            count = Int(reader, 5);
            if (tree.ById(Int(reader, 0)) is not { } unit) continue;
            rows.Add(new Row(unit, tree.ById(Int(reader, 1)) ?? org, reader.IsDBNull(2) ? null : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc),
                (ReportState)Int(reader, 3), reader.IsDBNull(4) ? null : (MonthReviewState)Int(reader, 4)));
            if (rows.Count < DetailBatch) continue;
            yield return (await DetailsAsync(details, month, rows, ct), count);
            rows.Clear();
        }
        if (rows.Count > 0) yield return (await DetailsAsync(details, month, rows, ct), count);
    }

    private sealed record Row(Organisation Unit, Organisation Group, DateTime? First, ReportState State, MonthReviewState? Review);

    /// <summary>The units of <paramref name="rows"/> with their contacts, reminders about the month, and why a 催报 would reach no one.</summary>
    private async Task<List<UnitStatus>> DetailsAsync(DashboardDbContext db, Period month, List<Row> rows, CancellationToken ct)
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

    /// <summary>Counts and every unit, missing first: for a single unit's month, 催报 and the API; a page reads
    /// <see cref="CountsAsync"/> and <see cref="UnitsAsync"/> a page at a time.</summary>
    public async Task<ReportingStatus> GetAsync(Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var counts = await CountsAsync(org, month, tree, ct);
        var units = await UnitsAsync(org, month, tree, UnitFilter.All, ct: ct);
        return new ReportingStatus(month, counts.Deadline, counts.Total, counts.Groups, units.Units);
    }

    /// <summary>The command of <paramref name="sql"/> with the parameters every statement over the expected units takes.</summary>
    private static DbCommand Command(DashboardDbContext db, string sql, Organisation org, Period month, DateOnly deadline)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        Add(command, "@org", org.Id);
        Add(command, "@month", month.ToString());
        Add(command, "@start", month.Start);
        Add(command, "@end", month.End);
        // On time: accepted on or before the deadline day where the server is, i.e. before that day's end, in UTC as stored.
        Add(command, "@cutoff", TimeZoneInfo.ConvertTimeToUtc(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeZoneInfo.Local));
        Add(command, "@sentBack", MonthDecision.SentBack.ToString());
        return command;
    }

    /// <summary>A parameter typed by its value, as each provider maps it (a UTC time to timestamptz on PostgreSQL, to EF's text on SQLite).</summary>
    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static int Int(DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    /// <summary>The text as a LIKE pattern's literal part: %, _ and the escape itself escaped.</summary>
    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// The status as a workbook, written to <paramref name="stream"/> as the units are read, a thousand at a time: the summary per group,
    /// then every unit with its state, missing first. The province's 200,000 units never sit in memory together.
    /// </summary>
    public async Task WriteWorkbookAsync(Stream stream, Organisation org, Period month, OrganisationTree tree, CancellationToken ct = default)
    {
        var counts = await CountsAsync(org, month, tree, ct);
        using var sheet = new StreamedSheet(stream, "报送情况", [16, 30, 24, 8, 18, 10, 10, 16, 26, 24], ["A1:G1"]);
        sheet.TextRow(CellLook.Title, $"{org.Name} {month.ToChinese()}报送情况（截止 {counts.Deadline:yyyy-MM-dd}）");
        sheet.Row();
        sheet.TextRow(CellLook.Bold, "组织代码", "组织名称", "应报", "按时", "逾期", "未报", "报送率");
        foreach (var g in counts.Groups.Append(counts.Total with { Name = "合计" }))
            sheet.Row((g.Code, CellLook.Plain), (g.Name, CellLook.Plain), (g.Expected, CellLook.Plain), (g.OnTime, CellLook.Plain),
                (g.Late, CellLook.Plain), (g.Missing, CellLook.Plain), (g.Rate is { } rate ? Math.Round(rate, 3) : null, CellLook.Percent));
        sheet.Row();
        sheet.TextRow(CellLook.Bold, "单位代码", "单位名称", "所属", "状态", "首次报送时间", "复核", "联系人", "联系电话", "电子邮箱", "最近催报");
        await foreach (var (batch, _) in ReadAsync(org, month, tree, UnitFilter.All, 0, null, ct))
            foreach (var u in batch)
                sheet.TextRow(CellLook.Plain, u.Code, u.Name, u.GroupName, u.StateName, u.FirstAcceptedUtc is { } t
                        ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—",
                    u.ReviewName, u.Contact.Name ?? "", u.Contact.Phone ?? "", u.Contact.Email ?? "", u.ReminderText(TimeZoneInfo.Local));
    }
}
