using ClosedXML.Excel;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using netDumbster.smtp;
using static DashboardApp.Tests.Cycle.CycleFixture;

namespace DashboardApp.Tests.Cycle;

/// <summary>月度通报: a month still being collected says so, counts each unit once, and the workbook carries what the page shows.</summary>
public class BulletinTests
{
    [Fact]
    public async Task TheBulletinOfAMonthBeingCollectedSaysSoAndTheWorkbookMatchesThePage()
    {
        var clock = December6();
        await using var database = await CreateAsync(DatabaseProvider.Sqlite, clock, smtpPort: null);
        await database.Get<Core.Rollups.RollupService>().RunIncrementalAsync();
        var calendar = await database.Get<ReportingCalendar>().TodayAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();

        var bulletin = await database.Get<BulletinQueries>().LoadAsync(database.Tree.ByCode("C")!, November, database.Tree, catalogue, calendar);

        Assert.True(bulletin.Collecting);
        Assert.Equal("组织C2026年11月党建指标工作通报", bulletin.Title);
        Assert.StartsWith("截至2026年12月6日（2026年11月数据报送中，截止12月10日），组织C应报送基层党组织3个，按时报送1个，逾期报送0个，未报送2个，报送率33.3%。",
            bulletin.Lead);
        Assert.Contains("集中学习研讨次数2次", bulletin.Lead);
        Assert.Equal(["D1", "D2"], bulletin.Ranking.Select(r => r.Org));
        using var wb = new XLWorkbook(new MemoryStream(BulletinQueries.Workbook(bulletin)));
        var sheet = wb.Worksheet("月度通报");
        Assert.Equal(bulletin.Title, sheet.Cell(1, 1).GetString());
        Assert.Equal(bulletin.Lead, sheet.Cell(2, 1).GetString());
        Assert.Contains(sheet.CellsUsed(), c => c.GetString().StartsWith("未报送单位（2个）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AUnitsOwnBulletinSaysItsStateAndTheLeadWritesNumbersAsADocumentDoes()
    {
        var clock = December6();
        await using var database = await CreateAsync(DatabaseProvider.Sqlite, clock, smtpPort: null);
        await database.ImportAsync("D1-S1-U2", November, new() { ["STUDY_SESSIONS"] = 12345 });
        await database.Get<Core.Rollups.RollupService>().RunFullAsync();
        var calendar = await database.Get<ReportingCalendar>().TodayAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        var catalogue = await db.LoadCatalogueAsync();
        var queries = database.Get<BulletinQueries>();

        var own = await queries.LoadAsync(database.Tree.ByCode("D2-U3")!, November, database.Tree, catalogue, calendar);
        Assert.Contains("组织D2-U3尚未报送。", own.Lead);
        Assert.DoesNotContain("应报送基层党组织1个", own.Lead);
        Assert.Equal("2026年12月6日", own.Issued);

        var city = await queries.LoadAsync(database.Tree.ByCode("C")!, November, database.Tree, catalogue, calendar);
        // 2 + 12345 reported so far: "1.23万", never "12,347"; and 同比 is said to be over the units that have reported.
        Assert.Contains("集中学习研讨次数1.23万次", city.Lead);
        Assert.DoesNotMatch(@"\d,\d", city.Lead);
        Assert.Contains("主要指标（同比仅比较已报送单位）", city.Lead);
        using var wb = new XLWorkbook(new MemoryStream(BulletinQueries.Workbook(city)));
        Assert.Contains(wb.Worksheet("月度通报").CellsUsed(), c => c.GetString() == "2026年12月6日");
    }

    [Fact]
    public async Task TheScheduleMailsTheBulletinWithItsWorkbookTheDayAfterTheDeadlineOnly()
    {
        using var smtp = SimpleSmtpServer.Start();
        var clock = December6();
        await using var database = await CreateAsync(DatabaseProvider.Sqlite, clock, smtp.Configuration.Port);
        var mailing = database.Get<BulletinMailing>();
        var district = database.Tree.ByCode("D1")!;
        await mailing.AddAsync(Actor.System("boss"), district, "leader@example.gov.cn");
        var bad = await Assert.ThrowsAsync<Core.InputRefusedException>(() => mailing.AddAsync(Actor.System("boss"), district, "leader@"));

        var sentOn = new List<int>();
        for (var day = 9; day <= 12; day++)
        {
            clock.Now = new DateTimeOffset(2026, 12, day, 0, 30, 0, TimeSpan.Zero);
            if (await mailing.RunScheduleAsync(new BulletinSchedule()) > 0) sentOn.Add(day);
        }

        Assert.Contains("格式不正确", bad.Message);
        Assert.Equal([11], sentOn);
        var mail = Assert.Single(smtp.ReceivedEmail);
        Assert.Equal("leader@example.gov.cn", Assert.Single(mail.ToAddresses).Address);
        Assert.Contains("2026年11月党建指标工作通报", mail.Subject);
        Assert.Contains(mail.MessageParts, p => p.HeaderData.Contains("spreadsheetml", StringComparison.Ordinal) && p.BodyData.StartsWith("PK", StringComparison.Ordinal));
        var audit = Assert.Single(await database.AuditAsync(), a => a.Subject == "通报收件人");
        Assert.Equal(("boss", "新增", "D1"), (audit.Actor, audit.Action, audit.Target));
    }
}
