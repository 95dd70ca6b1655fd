using DashboardApp.Core.Access;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Tests.Submissions;

/// <summary>
/// 在线填报 and the workbook are two ways into one set of checks: every case here goes in both ways — as the unit's template
/// with the text typed into its cells, and as the form's fields — and must come out the same: accepted or refused, the same
/// problems with the same messages, the same values.
/// </summary>
public class OnlineEntryTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // unit, month, scope of the uploader, fields as code=text;…
        { "D1-S1-U1", "2026-11", null, "STUDY_SESSIONS=４;PARTY_LECTURES=0;MEMBERS_TOTAL=32" },
        { "D1-S1-U1", "2026-11", null, "STUDY_SESSIONS=约30;THEME_PARTY_DAYS=十二;VOLUNTEERS=1,200人次" },
        { "D1-S1-U1", "2026-11", null, "STUDY_SESSIONS=-3;PARTY_LECTURES=1.5;THEME_PARTY_DAYS=很多;ISSUES_FOUND=50%" },
        { "D1-S1-U1", "2026-11", null, "STUDY_SESSIONS=31;INSPECTIONS=/;APPLICANTS=无" },
        { "D1-S1-U1", "2026-11", null, "NEW_MEMBERS=50;MEMBERS_TOTAL=10" },
        { "D1-S1-U1", "2026-11", null, "VOLUNTEER_HOURS=1000;VOLUNTEERS=10;PUBLICITY_TALKS=3;PUBLICITY_AUDIENCE=0" },
        { "D1-S1-U1", "2026-11", null, "VOLUNTEER_HOURS=1000;PUBLICITY_TALKS=3" },
        { "D1-S1-U1", "2026-11", null, "STUDY_SESSIONS=;MEMBERS_TOTAL=" },
        { "D1-S1-U1", "2026-11", "D2", "STUDY_SESSIONS=4" },
        { "D9-NOPE", "2026-11", null, "STUDY_SESSIONS=4" },
        { "D1-S1", "2026-11", null, "STUDY_SESSIONS=4" },
        { "D1-S1-U1", "2026-12", null, "STUDY_SESSIONS=4" },
        { "D1-S1-U1", "2027-01", null, "STUDY_SESSIONS=4" },
        { "D1-S1-U1", "2026-10", null, "STUDY_SESSIONS=4" },
        { "D1-S1-U1", "2026年11月", null, "STUDY_SESSIONS=4" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AFormAndAWorkbookWithTheSameFiguresComeOutTheSame(string unit, string month, string? scope, string fields)
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        await LockAsync(database, Period.Month(2026, 10));
        var typed = fields.Split(';').Select(f => f.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var uploader = scope is null ? Actor.System("tester") : new Actor("tester", Roles.Reporter, scope);

        var org = database.Tree.ByCode(unit) ?? new Core.Organisations.Organisation { Code = unit, Name = "无此单位" };
        var template = Core.Workbooks.TemplateWriter.WriteUnitTemplate(org, PeriodText.TryParse(month, out var p) ? p : Period.Month(2026, 11),
            TestCatalogue.Catalogue);
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(template));
        TestWorkbooks.Fill(wb, typed.ToDictionary(t => t.Key, t => (object)t.Value));
        // The period as typed, so that a period the form refuses is refused in the workbook too.
        wb.Worksheet(Core.Workbooks.TemplateWriter.UnitSheetName).Cell(3, 2).SetValue(month);
        var fromWorkbook = await database.Importer.ImportAsync(TestTree.Save(wb), "月报表.xlsx", uploader, dryRun: true);

        var entry = new FormEntry(unit, month, TestCatalogue.Catalogue.All
            .Select(i => new EntryField(i.Code, typed.GetValueOrDefault(i.Code))).ToList());
        var fromForm = await database.Importer.SubmitAsync(entry, uploader, dryRun: true);

        Assert.Equal(fromWorkbook.Status, fromForm.Status);
        Assert.Equal(Problems(fromWorkbook.Errors), Problems(fromForm.Errors));
        Assert.Equal(Problems(fromWorkbook.Warnings), Problems(fromForm.Warnings));
        Assert.Equal(fromWorkbook.Submissions.Select(s => (s.Org, s.Period, string.Join(";", s.Values.Select(v => $"{v.Key}={v.Value}")))),
            fromForm.Submissions.Select(s => (s.Org, s.Period, string.Join(";", s.Values.Select(v => $"{v.Key}={v.Value}")))));
        // Where the workbook names a value's cell, the form names its field.
        foreach (var problem in fromForm.Errors.Concat(fromForm.Warnings).Where(e => e.Cell.Length > 0))
        {
            Assert.Equal(Provenance.Form, problem.Sheet);
            Assert.DoesNotMatch("^[A-Z]+[0-9]+", problem.Cell);
        }
    }

    /// <summary>Code and message: the cell differs by nature (F7 against 集中学习研讨次数), and a workbook's unit-name check has no twin.</summary>
    private static List<string> Problems(IEnumerable<Core.Workbooks.ImportProblem> problems) =>
        problems.Where(p => p.Code != "UNIT_NAME_MISMATCH").Select(p => $"{p.Code} {p.Message}").Order(StringComparer.Ordinal).ToList();

    private static async Task LockAsync(ServicesDatabase database, Period month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        db.Actor = "test";
        db.PeriodLocks.Add(new PeriodLock { Period = month, LockedBy = "test" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ANoteLongerThanItsLimitIsRefusedNamingItsFieldInTheFormAndTheWorkbookAndControlCharactersAreTakenOut()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        var uploader = Actor.System("tester");
        var tooLong = new string('学', Core.Workbooks.ValueNotes.MaxLength + 1);

        var form = await database.Importer.SubmitAsync(new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "4", tooLong)]),
            uploader, dryRun: true);
        var template = Core.Workbooks.TemplateWriter.WriteUnitTemplate(database.Tree.ByCode("D1-S1-U1")!, Period.Month(2026, 11), TestCatalogue.Catalogue);
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(template));
        TestWorkbooks.Fill(wb, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4 });
        var sheet = wb.Worksheet(Core.Workbooks.TemplateWriter.UnitSheetName);
        var valueCell = sheet.CellsUsed().First(c => c.GetString() == "STUDY_SESSIONS").WorksheetRow().Cell(7);
        valueCell.SetValue(tooLong);
        var workbook = await database.Importer.ImportAsync(TestTree.Save(wb), "月报表.xlsx", uploader, dryRun: true);

        foreach (var report in new[] { form, workbook })
        {
            Assert.Equal(ImportStatus.Refused, report.Status);
            var problem = Assert.Single(report.Errors);
            Assert.Equal("NOTE_TOO_LONG", problem.Code);
            Assert.Contains("“集中学习研讨次数”的备注有 501 个字，超过 500 个字的上限", problem.Message);
        }
        Assert.Equal(valueCell.Address.ToString(), workbook.Errors[0].Cell);

        // Control and direction characters are taken out before anything is stored; a line break in a note is kept.
        var accepted = await database.Importer.SubmitAsync(new FormEntry("D1-S1-U1", "2026-11",
            [new EntryField("STUDY_SESSIONS", "4", "含\u0000线上\u0007学习\u001b\u202E1次\r\n另有补学")]), uploader);
        Assert.Equal(ImportStatus.Accepted, accepted.Status);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal("含线上学习1次\n另有补学", await db.SubmittedValues.Where(v => v.Note != null).Select(v => v.Note).SingleAsync());
    }

    [Fact]
    public async Task AnAcceptedFormIsStoredLikeAnUploadWithItsFieldsNotesAndAuditAndQueuedForTheRollup()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        var entry = new FormEntry("D1-S1-U1", "2026-11",
        [
            new EntryField("STUDY_SESSIONS", "约4", "含线上学习1次"), new EntryField("MEMBERS_TOTAL", "32"),
            new EntryField("PARTY_LECTURES", "", "本月未开展"), new EntryField("INSPECTIONS", "0"),
        ]);
        var report = await database.Importer.SubmitAsync(entry, new Actor("reporter1", Roles.Reporter, "D1-S1-U1"));
        Assert.Equal(ImportStatus.Accepted, report.Status);
        // Blank is not reported; 0 is a reported zero.
        Assert.Equal(new Dictionary<string, decimal> { ["STUDY_SESSIONS"] = 4, ["MEMBERS_TOTAL"] = 32, ["INSPECTIONS"] = 0 },
            report.Submissions.Single().Values.ToDictionary());
        Assert.Equal(["APPROXIMATE", "NOTE_WITHOUT_VALUE"], report.Warnings.Select(w => w.Code).Order());

        await using var db = await database.Factory.CreateDbContextAsync();
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Values).ThenInclude(v => v.Indicator).Include(s => s.StoredFile)
            .SingleAsync();
        Assert.Equal(Provenance.Form, submission.Sheet);
        Assert.Equal("reporter1", submission.SubmittedBy);
        var study = submission.Values.Single(v => v.Indicator!.Code == "STUDY_SESSIONS");
        Assert.Equal(("集中学习研讨次数", "含线上学习1次"), (study.Cell, study.Note));
        // The entry itself is the original: what was typed, the note of the blank field included.
        var original = System.Text.Encoding.UTF8.GetString(submission.StoredFile!.Content);
        Assert.Contains("约4", original);
        Assert.Contains("本月未开展", original);
        Assert.Equal(1, await db.RollupQueue.CountAsync());
        var audit = (await database.AuditAsync()).Last();
        Assert.Equal(("报送", "在线填报", "reporter1"), (audit.Subject, audit.Action, audit.Actor));
        // The approximation is a 数据复核 note on the field.
        var note = await db.ReviewNotes.AsNoTracking().SingleAsync(n => n.Code == "APPROXIMATE");
        Assert.Equal((Provenance.Form, "集中学习研讨次数", 4m), (note.Sheet, note.Cell, note.Value));
    }

    [Fact]
    public async Task TheTemplatesNoteColumnIsKeptWithItsValueAsTheFormsNoteIs()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        var template = Core.Workbooks.TemplateWriter.WriteUnitTemplate(database.Tree.ByCode("D1-S1-U1")!, Period.Month(2026, 11), TestCatalogue.Catalogue);
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(template));
        TestWorkbooks.Fill(wb, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 4, ["INSPECTIONS"] = 2 });
        var sheet = wb.Worksheet(Core.Workbooks.TemplateWriter.UnitSheetName);
        var row = sheet.RowsUsed().First(r => r.Cell(3).GetString() == "STUDY_SESSIONS");
        row.Cell(7).SetValue("  含线上学习1次 ");
        Assert.Equal(ImportStatus.Accepted, (await database.Importer.ImportAsync(TestTree.Save(wb), "月报表.xlsx", Actor.System("t"))).Status);

        await using var db = await database.Factory.CreateDbContextAsync();
        var notes = await db.SubmittedValues.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Note).ToListAsync();
        Assert.Equal(["含线上学习1次", null], notes);
    }

    [Fact]
    public async Task TheBoundaryChecksRightsItselfAndRecordsEveryAttemptThatStoredNothing()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        var month = new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "4")]);
        var correction = new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "5")], Provenance.Correction, "电话核实");

        // A 领导查看 account may not submit, nor a 单位填报员 correct, whatever the caller checked or forgot to.
        var viewer = await database.Importer.SubmitAsync(month, new Actor("leader", Roles.Viewer, null));
        var reporter = await database.Importer.SubmitAsync(correction, new Actor("reporter1", Roles.Reporter, "D1-S1-U1"));
        var upload = await database.Importer.ImportAsync(TestWorkbooks.FilledTemplate(database.Tree.ByCode("D1-S1-U1")!, Period.Month(2026, 11),
            new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 }), "a.xlsx", new Actor("leader", Roles.Viewer, null));
        Assert.All([viewer, reporter, upload], r => Assert.Equal("NO_RIGHTS", Assert.Single(r.Errors).Code));
        // The form's own check before it asks to confirm is not an attempt; a check asked for is.
        Assert.Equal(ImportStatus.Accepted, (await database.Importer.SubmitAsync(month, new Actor("reporter1", Roles.Reporter, "D1-S1-U1"),
            dryRun: true, preview: true)).Status);
        Assert.Equal(ImportStatus.Accepted, (await database.Importer.SubmitAsync(month, new Actor("reporter1", Roles.Reporter, "D1-S1-U1"),
            dryRun: true)).Status);

        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Equal(["leader 在线填报（未通过）", "reporter1 更正（未通过）", "leader 上传（未通过）", "reporter1 在线填报（只检查）"],
            (await database.AuditAsync()).Where(a => a.Subject == "报送").Select(a => $"{a.Actor} {a.Action}"));
    }

    [Fact]
    public async Task ACorrectionIsANewSubmissionOfOneValueWithItsReasonAndHistoryKept()
    {
        await using var database = await ServicesDatabase.SmallCityAsync(Provider, Clock);
        await database.ImportAsync("D1-S1-U1", Period.Month(2026, 11), new() { ["STUDY_SESSIONS"] = 4, ["MEMBERS_TOTAL"] = 32 });
        var officer = new Actor("officer", Roles.DistrictAdmin, "D1");
        var noReason = await database.Importer.SubmitAsync(
            new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "5")], Provenance.Correction, " "), officer);
        Assert.Equal("NO_REASON", Assert.Single(noReason.Errors).Code);
        var two = await database.Importer.SubmitAsync(new FormEntry("D1-S1-U1", "2026-11",
            [new EntryField("STUDY_SESSIONS", "5"), new EntryField("MEMBERS_TOTAL", "33")], Provenance.Correction, "电话核实"), officer);
        Assert.Equal("ONE_VALUE", Assert.Single(two.Errors).Code);

        var report = await database.Importer.SubmitAsync(
            new FormEntry("D1-S1-U1", "2026-11", [new EntryField("STUDY_SESSIONS", "5")], Provenance.Correction, "电话核实，原报漏计1次"), officer);
        Assert.Equal(ImportStatus.Accepted, report.Status);

        await using var db = await database.Factory.CreateDbContextAsync();
        var history = await db.SubmittedValues.AsNoTracking().Where(v => v.Indicator!.Code == "STUDY_SESSIONS")
            .OrderBy(v => v.Id).Select(v => new { v.Value, v.Cell }).ToListAsync();
        Assert.Equal([4m, 5m], history.Select(h => h.Value));
        var study = TestCatalogue.Catalogue.ByCode("STUDY_SESSIONS")!.Id;
        var current = await db.CurrentValues.AsNoTracking().Where(v => v.IndicatorId == study).SingleAsync();
        Assert.Equal(5, current.Value);
        // The other value of the month is untouched.
        Assert.Equal(2, await db.CurrentValues.CountAsync());
        var audit = (await database.AuditAsync()).Last();
        Assert.Equal(("更正", "officer"), (audit.Action, audit.Actor));
        Assert.Contains("电话核实，原报漏计1次", audit.After);
        Assert.Contains("集中学习研讨次数 5", audit.After);
    }
}

[Trait("Engine", "PostgreSQL")]
public class OnlineEntryTestsOnPostgreSql : OnlineEntryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
