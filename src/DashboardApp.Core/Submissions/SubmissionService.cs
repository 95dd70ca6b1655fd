using System.Security.Cryptography;
using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Submissions;

/// <summary>
/// The write boundary for figures (docs/architecture.md): every way a value comes in — upload, 在线填报, 更正, the API, the
/// command line, the demo loader — ends here. It checks the actor's rights and scope, takes the entry through the checks and, if
/// it has no errors, stores it whole (docs/product.md, “Workbooks”): the original by SHA-256, one submission per (unit, period)
/// with the cell of every value, and the current values upserted; then it records the attempt in the audit log and signals the
/// rollup (<see cref="IRollupSignal"/>). Nothing is stored for a refused entry or a dry run; both are still recorded.
/// </summary>
public sealed class SubmissionService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, ReadGate gate, ReferenceData reference,
    Microsoft.Extensions.Options.IOptions<ReportingWindow> periods, IRollupSignal rollup)
{
    public async Task<ImportReport> ImportAsync(byte[] content, string fileName, Actor actor, bool dryRun = false,
        CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName);
        var entry = new Entry(content, "", name, "上传", null);
        if (!actor.CanSubmit) return await RecordAsync(entry, actor, ImportReport.Refused(name, NoRights), ct);
        if (WorkbookGuard.TooLarge(content.Length) is { } tooLarge) return await RecordAsync(entry, actor, ImportReport.Refused(name, tooLarge), ct);
        entry = entry with { Sha = Convert.ToHexStringLower(SHA256.HashData(content)) };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (tree, context, refusal) = await ContextAsync(db, actor, ct);
        if (refusal is not null) return await RecordAsync(entry, actor, ImportReport.Refused(name, refusal), ct);
        // Scope before the identical-file check: a file imported before is reported unchanged only to someone who may
        // see every unit it covers; anyone else has it checked like any file, and is refused for what they may not see.
        if (await UnchangedReportAsync(db, entry.Sha, name, ct) is { } unchanged
            && (context.ScopeOrgId is not { } scope || unchanged.UnitIds.All(u => tree.IsWithin(u, scope))))
            return unchanged.Report;
        var parsed = await gate.ReadAsync(overrun => WorkbookParser.Parse(content, name, context, overrun), ct);
        return await AcceptAsync(db, entry, actor, parsed, tree, dryRun, ct);
    }

    /// <summary>
    /// A unit's month from the 在线填报 form, or an officer's 更正 of one value: through the same checks as a workbook
    /// (<see cref="FormReader"/> hands the fields to them as cells), stored the same way — the entry itself kept as the
    /// original (JSON), each value with its field — audited and queued for the rollup. A 更正 needs the rights of
    /// <see cref="Actor.CanReview"/>; <paramref name="preview"/> is the form's own check before it asks to confirm, not recorded.
    /// </summary>
    public async Task<ImportReport> SubmitAsync(FormEntry entry, Actor actor, bool dryRun = false, bool preview = false, CancellationToken ct = default)
    {
        var correction = entry.Sheet == Provenance.Correction;
        if (!correction && entry.Sheet is not (Provenance.Form or Provenance.Api)) throw new ArgumentException("Unknown entry sheet.", nameof(entry));
        var name = $"{entry.Sheet}_{entry.UnitCode.Trim()}_{entry.Period.Trim()}.json";
        var reason = FreeText.Clean(entry.Reason, lines: true);
        var stored = new Entry([], "", name, entry.Sheet, reason, entry.Via, Record: !preview);
        if (!actor.CanSubmit || (correction && !actor.CanReview)) return await RecordAsync(stored, actor, ImportReport.Refused(name, NoRights), ct);
        if (correction)
        {
            if (string.IsNullOrEmpty(reason)) return ImportReport.Refused(name, ImportProblem.File("NO_REASON", "请填写更正原因"));
            if (reason.Length > ValueNotes.MaxLength)
                return ImportReport.Refused(name, ImportProblem.File("NO_REASON", $"更正原因不能超过 {ValueNotes.MaxLength} 个字"));
            if (entry.Fields.Count != 1) return ImportReport.Refused(name, ImportProblem.File("ONE_VALUE", "更正一次只改一个数值"));
        }
        var content = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            entry.Sheet, Unit = entry.UnitCode, entry.Period, entry.Reason, By = actor.UserName, entry.Via, At = clock.GetUtcNow(),
            Fields = entry.Fields,
        }, AuditTrail.Json);
        stored = stored with { Content = content, Sha = Convert.ToHexStringLower(SHA256.HashData(content)) };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (tree, context, refusal) = await ContextAsync(db, actor, ct);
        if (refusal is not null) return await RecordAsync(stored, actor, ImportReport.Refused(name, refusal), ct);
        var parsed = FormReader.Read(entry, context, ct);
        return await AcceptAsync(db, stored, actor, parsed, tree, dryRun, ct);
    }

    /// <summary>
    /// A file refused before it was read (the request held more than a file may be, <see cref="WorkbookGuard.TooLarge"/>): recorded like
    /// any refused attempt, so every way a file can be turned away is in the audit log.
    /// </summary>
    public Task<ImportReport> RefuseAsync(string fileName, Actor actor, ImportProblem problem, CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName);
        return RecordAsync(new Entry([], "", name, "上传", null), actor, ImportReport.Refused(name, problem), ct);
    }

    private static readonly ImportProblem NoRights = ImportProblem.File("NO_RIGHTS", Actor.NoRights);

    /// <summary>
    /// What is stored as the original of an accepted entry, how the audit log names it, the API token it came with, and whether an
    /// attempt that stores nothing is recorded (not for the form's check before it asks to confirm).
    /// </summary>
    private sealed record Entry(byte[] Content, string Sha, string Name, string Action, string? Reason, string? Via = null, bool Record = true);

    /// <summary>The tree and what the checks need to know, or why this actor cannot submit anything.</summary>
    private async Task<(Organisations.OrganisationTree Tree, ImportContext Context, ImportProblem? Refusal)> ContextAsync(DashboardDbContext db,
        Actor actor, CancellationToken ct)
    {
        var (tree, catalogue) = await reference.GetAsync(db, ct);
        int? scopeId = null;
        if (actor.SubmitScope is { } scopeCode)
        {
            scopeId = tree.ByCode(scopeCode)?.Id;
            if (scopeId is null) return (tree, null!, ImportProblem.File("NO_SCOPE", $"您的账号所属组织“{scopeCode}”不存在，无法报送"));
        }
        var locked = (await db.PeriodLocks.Select(l => l.Period).ToListAsync(ct)).ToHashSet();
        var today = ReportingCalendar.TodayBy(clock);
        var context = new ImportContext(catalogue, tree, scopeId, today, locked, periods.Value.ReportFromDaysBeforeEnd)
        {
            Rules = await reference.RulesAsync(db, ct),
        };
        return (tree, context, null);
    }

    private async Task<ImportReport> AcceptAsync(DashboardDbContext db, Entry entry, Actor actor, ParsedWorkbook parsed,
        Organisations.OrganisationTree tree, bool dryRun, CancellationToken ct)
    {
        var summaries = parsed.Submissions.Select(Summarise).ToList();
        if (!parsed.Accepted)
            return await RecordAsync(entry, actor, new ImportReport(entry.Name, ImportStatus.Refused, [], parsed.Errors, parsed.Warnings, dryRun), ct);
        var report = new ImportReport(entry.Name, ImportStatus.Accepted, summaries, [], parsed.Warnings, dryRun);
        if (dryRun) return await RecordAsync(entry, actor, report, ct);
        await StoreAsync(db, entry, actor, parsed, tree, ct);
        await rollup.ValuesStoredAsync(ct);
        return report;
    }

    /// <summary>
    /// An attempt that stored nothing — refused, or only checked — in the audit log: who, which entry, and what the checks said
    /// (an accepted one is recorded with what it stored, <see cref="UploadAudit"/>).
    /// </summary>
    private async Task<ImportReport> RecordAsync(Entry entry, Actor actor, ImportReport report, CancellationToken ct)
    {
        if (!entry.Record) return report;
        var after = new Dictionary<string, object> { ["Status"] = report.Status, ["Errors"] = report.Errors.Count };
        if (report.Errors.Count > 0) after["First"] = report.Errors[0].Message;
        if (entry.Via is { } via) after["Token"] = via;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime, Actor = actor.UserName, Subject = "报送", Target = entry.Name,
            Action = $"{entry.Action}（{(report.Status == ImportStatus.Refused ? "未通过" : "只检查")}）",
            After = System.Text.Json.JsonSerializer.Serialize(after, AuditTrail.Json),
        });
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>The audit record of an accepted upload: the file, and which units and months it covered.</summary>
    private static AuditEntry UploadAudit(ParsedWorkbook parsed, Entry entry, Actor uploader, DateTime now)
    {
        var units = parsed.Submissions.Select(s => s.Unit.Code).Distinct().ToList();
        var after = new Dictionary<string, object>
        {
            ["SHA256"] = entry.Sha,
            ["Submissions"] = parsed.Submissions.Count,
            ["Values"] = parsed.Submissions.Sum(s => s.Values.Count),
            ["Periods"] = string.Join("、", parsed.Submissions.Select(s => s.Period).Distinct().Order().Select(p => p.ToString())),
            ["Units"] = units.Count <= 20 ? string.Join("、", units) : $"{string.Join("、", units.Take(20))} 等 {units.Count} 个",
        };
        if (entry.Via is { } via) after["Token"] = via;
        if (entry.Reason is { } reason)
        {
            after["Reason"] = reason;
            var v = parsed.Submissions[0].Values[0];
            after["Value"] = $"{v.Indicator.Name} {v.Value}";
        }
        return new AuditEntry
        {
            AtUtc = now, Actor = uploader.UserName, Subject = "报送", Action = entry.Action, Target = entry.Name,
            After = System.Text.Json.JsonSerializer.Serialize(after, AuditTrail.Json),
        };
    }

    private static SubmissionSummary Summarise(ParsedSubmission s) =>
        new(s.Unit.Code, s.Period.ToString(), new ParsedValuesView(s.Values));

    private static async Task<(ImportReport Report, List<int> UnitIds)?> UnchangedReportAsync(DashboardDbContext db, string sha, string name,
        CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().Where(f => f.Sha256 == sha).Select(f => new { f.Id, f.UploadedAtUtc }).FirstOrDefaultAsync(ct);
        if (file is null) return null;
        var earlier = await db.Submissions.AsNoTracking().Where(s => s.StoredFileId == file.Id)
            .Select(s => new
            {
                s.OrganisationId, s.Organisation!.Code, s.Period,
                Values = s.Values.Select(v => new { v.Indicator!.Code, v.Value }).ToList()
            })
            .ToListAsync(ct);
        var summaries = earlier.Select(s => new SubmissionSummary(s.Code, s.Period.ToString(),
            s.Values.ToDictionary(v => v.Code, v => v.Value))).ToList();
        var note = ImportProblem.File("SAME_FILE", $"该文件已于 {file.UploadedAtUtc.ToLocalTime():yyyy-MM-dd HH:mm} 上传并导入，本次未作任何更改");
        return (new ImportReport(name, ImportStatus.Unchanged, summaries, [], [note]), earlier.Select(s => s.OrganisationId).Distinct().ToList());
    }

    /// <summary>
    /// One transaction: the file, then per (unit, period) a submission, its values with their cells,
    /// and the current values upserted. Rows go through <see cref="RowWriter{T}"/>, not the change
    /// tracker: a 10,000-unit 汇总表 is 350,000 rows.
    /// </summary>
    private async Task StoreAsync(DashboardDbContext db, Entry entry, Actor uploader, ParsedWorkbook parsed,
        Organisations.OrganisationTree tree, CancellationToken ct)
    {
        var dialect = Data.Sql.SqlDialect.Of(db.Database);
        await using var bulk = await dialect.BulkWritingAsync(db.Database, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The acceptance time is taken once this transaction is the only one storing an upload, so that times follow
        // commit order: the submission that commits last is the one in force, and its time is the latest. SQLite's
        // BEGIN IMMEDIATE holds the write lock already; on PostgreSQL, stores take turns on an advisory lock.
        await dialect.TakeTurnAsync(db.Database, Data.Sql.WriterTurn.Upload, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var file = new StoredFile
        {
            Sha256 = entry.Sha, FileName = entry.Name, Length = entry.Content.Length, Content = entry.Content, UploadedAtUtc = now,
            UploadedBy = uploader.UserName
        };
        await using (var files = RowWriter<StoredFile>.Prepare(db,
        [
            (nameof(StoredFile.Sha256), f => f.Sha256), (nameof(StoredFile.FileName), f => f.FileName), (nameof(StoredFile.Length), f => f.Length),
            (nameof(StoredFile.Content), f => f.Content), (nameof(StoredFile.UploadedAtUtc), f => f.UploadedAtUtc),
                (nameof(StoredFile.UploadedBy), f => f.UploadedBy),
        ], returning: nameof(StoredFile.Id)))
            file.Id = (int)(await files.WriteAsync(file, ct))!.Value;

        // Each submission's id is taken first, so that its rows go many to a statement (RowWriter) and its values can name it. They are
        // written in the order of the current values' key (unit, month), each table's rows appended where the last ones went.
        var inOrder = parsed.Submissions.OrderBy(s => s.Unit.Id).ThenBy(s => s.Period.ToString(), StringComparer.Ordinal).ToList();
        var ids = await dialect.NewIdsAsync(db.Database, "Submissions", inOrder.Count, ct);
        var submissionIds = new Dictionary<ParsedSubmission, int>(ReferenceEqualityComparer.Instance);
        // Each table is written whole before the next (a large upload's copy holds the connection on PostgreSQL), parents first.
        await using (var submissions = RowWriter<Submission>.Prepare(db,
        [
            (nameof(Submission.Id), s => s.Id), (nameof(Submission.OrganisationId), s => s.OrganisationId), (nameof(Submission.Period), s => s.Period),
            (nameof(Submission.StoredFileId), s => s.StoredFileId), (nameof(Submission.AcceptedAtUtc), s => s.AcceptedAtUtc),
            (nameof(Submission.SubmittedBy), s => s.SubmittedBy), (nameof(Submission.Sheet), s => s.Sheet),
        ]))
        {
            var submission = new Submission { SubmittedBy = uploader.UserName, Sheet = "", StoredFileId = file.Id, AcceptedAtUtc = now };
            foreach (var (p, id) in inOrder.Zip(ids))
            {
                submissionIds[p] = id;
                (submission.Id, submission.OrganisationId, submission.Period, submission.Sheet) = (id, p.Unit.Id, p.Period, p.Sheet);
                await submissions.WriteAsync(submission, ct);
            }
            await submissions.CompleteAsync(ct);
        }
        // The unit-months whose ancestors' rollups must be recomputed (docs/product.md, “Rollups”), kept with the data that caused them.
        await using (var queue = RowWriter<RollupQueueItem>.Prepare(db,
        [
            (nameof(RollupQueueItem.OrganisationId), q => q.OrganisationId), (nameof(RollupQueueItem.Month), q => q.Month),
            (nameof(RollupQueueItem.QueuedAtUtc), q => q.QueuedAtUtc),
        ]))
        {
            var queued = new RollupQueueItem { QueuedAtUtc = now };
            foreach (var p in inOrder)
            {
                (queued.OrganisationId, queued.Month) = (p.Unit.Id, p.Period);
                await queue.WriteAsync(queued, ct);
            }
            await queue.CompleteAsync(ct);
        }

        await using (var values = RowWriter<SubmittedValue>.Prepare(db,
        [
            (nameof(SubmittedValue.SubmissionId), v => v.SubmissionId), (nameof(SubmittedValue.IndicatorId), v => v.IndicatorId),
            (nameof(SubmittedValue.Value), v => v.Value), (nameof(SubmittedValue.Cell), v => v.Cell),
            (nameof(SubmittedValue.Note), v => v.Note),
        ]))
        {
            var submittedValue = new SubmittedValue { Cell = "" };
            foreach (var p in inOrder)
            {
                submittedValue.SubmissionId = submissionIds[p];
                foreach (var v in p.Values)
                {
                    (submittedValue.IndicatorId, submittedValue.Value, submittedValue.Cell, submittedValue.Note) = (v.Indicator.Id, v.Value, v.Cell, v.Note);
                    await values.WriteAsync(submittedValue, ct);
                }
            }
            await values.CompleteAsync(ct);
        }
        // The latest accepted submission's value is current; earlier ones stay as history in SubmittedValues. A unit-month nobody sent
        // before has no current values yet (they are only ever written here, with their submission): its rows are plain new rows (copied
        // straight into the table on PostgreSQL); the others' are upserted.
        var months = inOrder.Select(p => p.Period).Distinct().ToList();
        var unitIds = inOrder.Select(p => p.Unit.Id).Distinct().ToList();
        var sentBefore = (await db.Submissions.AsNoTracking()
                .Where(s => months.Contains(s.Period) && unitIds.Contains(s.OrganisationId) && s.StoredFileId != file.Id)
                .Select(s => new { s.OrganisationId, s.Period }).Distinct().ToListAsync(ct))
            .Select(s => (s.OrganisationId, s.Period)).ToHashSet();
        (string, Func<CurrentValue, object?>)[] currentColumns =
        [
            (nameof(CurrentValue.OrganisationId), v => v.OrganisationId), (nameof(CurrentValue.Period), v => v.Period),
            (nameof(CurrentValue.IndicatorId), v => v.IndicatorId), (nameof(CurrentValue.Value), v => v.Value),
            (nameof(CurrentValue.SubmissionId), v => v.SubmissionId),
        ];
        foreach (var replacing in new[] { false, true })
        {
            await using var current = RowWriter<CurrentValue>.Prepare(db, currentColumns,
                upsertKey: replacing ? [nameof(CurrentValue.OrganisationId), nameof(CurrentValue.Period), nameof(CurrentValue.IndicatorId)] : null);
            var currentValue = new CurrentValue();
            foreach (var p in inOrder.Where(p => sentBefore.Contains((p.Unit.Id, p.Period)) == replacing))
            {
                (currentValue.OrganisationId, currentValue.Period, currentValue.SubmissionId) = (p.Unit.Id, p.Period, submissionIds[p]);
                foreach (var v in p.Values)
                {
                    (currentValue.IndicatorId, currentValue.Value) = (v.Indicator.Id, v.Value);
                    await current.WriteAsync(currentValue, ct);
                }
            }
            await current.CompleteAsync(ct);
        }

        // 复核提示: each warning with the unit, month, indicator and cell it concerns (数据复核).
        await using var notes = RowWriter<ReviewNote>.Prepare(db,
        [
            (nameof(ReviewNote.StoredFileId), n => n.StoredFileId), (nameof(ReviewNote.SubmissionId), n => n.SubmissionId),
            (nameof(ReviewNote.OrganisationId), n => n.OrganisationId), (nameof(ReviewNote.Period), n => n.Period),
            (nameof(ReviewNote.IndicatorId), n => n.IndicatorId), (nameof(ReviewNote.Value), n => n.Value),
            (nameof(ReviewNote.Sheet), n => n.Sheet), (nameof(ReviewNote.Cell), n => n.Cell),
            (nameof(ReviewNote.Code), n => n.Code), (nameof(ReviewNote.Message), n => n.Message),
        ]);
        // A 校验规则's contradiction is not kept here: 数据复核 checks the rules against the current values, so it sees what later
        // entries changed and what rules were added since.
        var located = parsed.Warnings.Any(w => w.Code == Rules.RuleChecks.Code)
            ? parsed with { Warnings = [.. parsed.Warnings.Where(w => w.Code != Rules.RuleChecks.Code)] }
            : parsed;
        foreach (var w in WarningLocator.Locate(located, tree))
        {
            await notes.WriteAsync(new ReviewNote
            {
                StoredFileId = file.Id, SubmissionId = w.Submission is { } s ? submissionIds[s] : null, OrganisationId = w.Organisation.Id,
                Period = w.Period, IndicatorId = w.Indicator?.Id, Value = w.Value,
                Sheet = w.Warning.Sheet, Cell = w.Warning.Cell, Code = w.Warning.Code, Message = w.Warning.Message,
            }, ct);
        }
        await notes.CompleteAsync(ct);
        db.AuditEntries.Add(UploadAudit(parsed, entry, uploader, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
