using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using netDumbster.smtp;
using static DashboardApp.Tests.Cycle.CycleFixture;

namespace DashboardApp.Tests.Cycle;

/// <summary>
/// 催报 against a real SMTP server listening on loopback (netDumbster), and a refusing one. Tree: C → D1 → D1-S1 → U1, U2;
/// C → D2 → D2-U3; November 2026 (deadline 10 December) reported by U1 only.
/// </summary>
public class RemindersTests
{
    /// <summary>The engine these tests run on; <see cref="RemindersTestsOnPostgreSql"/> runs every one of them again on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task ExactlyTheMissingUnitsGetOneMailEachAndASecondRunTheSameDaySendsNone()
    {
        using var smtp = SimpleSmtpServer.Start();
        var clock = December6();
        await using var database = await CreateAsync(Provider, clock, smtp.Configuration.Port);
        var reminders = database.Get<Reminders>();

        var first = await reminders.RemindAsync(database.Tree.ByCode("C")!, November, null, "clerk", dryRun: false);
        var second = await reminders.RemindAsync(database.Tree.ByCode("C")!, November, null, "clerk", dryRun: false);

        Assert.Equal(["D1-S1-U2 email sent", "D2-U3 email sent"], first.Select(o => $"{o.Org} {o.Channel} {o.Status}"));
        Assert.Equal([EmailOf("D1-S1-U2"), EmailOf("D2-U3")], smtp.ReceivedEmail.SelectMany(m => m.ToAddresses).Select(a => a.Address).Order());
        Assert.All(smtp.ReceivedEmail, m => Assert.Contains("2026年11月", m.Subject));
        Assert.Equal(["D1-S1-U2 skipped", "D2-U3 skipped"], second.Select(o => $"{o.Org} {o.Status}"));
        Assert.Equal(2, smtp.ReceivedEmailCount);
        // The reporters were told in the app too, and the unit that reported was not.
        Assert.Contains("尚未报送，截止12月10日（还有 4 天）", Assert.Single(await InboxAsync(database, "D1-S1-U2")).Body);
        Assert.Empty(await InboxAsync(database, "D1-S1-U1"));
        var notices = await NoticesAsync(database);
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal("clerk", n.SentBy));
        Assert.All(notices, n => Assert.Equal(["App Sent", "Email Sent"], n.Deliveries.Select(d => $"{d.Channel} {d.Status}").Order()));

        // The next day is another day: one more each.
        clock.Now = clock.Now.AddDays(1);
        var nextDay = await reminders.RemindAsync(database.Tree.ByCode("C")!, November, null, "clerk", dryRun: false);
        Assert.All(nextDay, o => Assert.Equal("sent", o.Status));
        Assert.Equal(4, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task ADryRunSendsAndRecordsNothing()
    {
        using var smtp = SimpleSmtpServer.Start();
        await using var database = await CreateAsync(Provider, December6(), smtp.Configuration.Port);

        var outcomes = await database.Get<Reminders>().RemindAsync(database.Tree.ByCode("D1")!, November, null, "命令行", dryRun: true);

        Assert.Equal(["D1-S1-U2 email " + EmailOf("D1-S1-U2") + " dry-run"], outcomes.Select(o => $"{o.Org} {o.Channel} {o.To} {o.Status}"));
        Assert.Equal(0, smtp.ReceivedEmailCount);
        Assert.Empty(await NoticesAsync(database));
        Assert.Empty(await InboxAsync(database, "D1-S1-U2"));
    }

    [Fact]
    public async Task TickedUnitsOnlyAndOnlyIfStillMissing()
    {
        using var smtp = SimpleSmtpServer.Start();
        await using var database = await CreateAsync(Provider, December6(), smtp.Configuration.Port);

        var outcomes = await database.Get<Reminders>().RemindAsync(database.Tree.ByCode("C")!, November, ["D2-U3", "D1-S1-U1"], "clerk", false);

        Assert.Equal(["D2-U3 sent"], outcomes.Select(o => $"{o.Org} {o.Status}"));
        Assert.Equal(1, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task ARefusingServerIsRetriedThenTheDeliveryIsRecordedAsFailed()
    {
        await using var refusing = new RefusingSmtpServer();
        await using var database = await CreateAsync(Provider, December6(), refusing.Port, retries: 2);

        var outcomes = await database.Get<Reminders>().RemindAsync(database.Tree.ByCode("D2")!, November, null, "clerk", false);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(("D2-U3", "email", "failed"), (outcome.Org, outcome.Channel, outcome.Status));
        Assert.Contains("554", outcome.Error);
        Assert.Equal(3, refusing.Connections);
        var mail = Assert.Single((await NoticesAsync(database)).Single().Deliveries, d => d.Channel == NoticeChannel.Email);
        Assert.Equal((DeliveryStatus.Failed, 3), (mail.Status, mail.Attempts));
        // The inbox still has it: a failed mail loses nothing in the app.
        Assert.Single(await InboxAsync(database, "D2-U3"));
    }

    [Fact]
    public async Task WithoutAMailServerRemindersGoToTheInboxOnly()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);

        var outcomes = await database.Get<Reminders>().RemindAsync(database.Tree.ByCode("C")!, November, null, "clerk", false);

        Assert.Equal(["D1-S1-U2 app r-D1-S1-U2 sent", "D2-U3 app r-D2-U3 sent"], outcomes.Select(o => $"{o.Org} {o.Channel} {o.To} {o.Status}"));
        Assert.All(await NoticesAsync(database), n => Assert.Equal(NoticeChannel.App, Assert.Single(n.Deliveries).Channel));
    }

    [Fact]
    public async Task 报送情况SaysWhichMissingUnitsNoReminderCanReachAndWhy()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);
        var status = await database.Get<Core.Cycle.ReportingStatusQueries>().GetAsync(database.Tree.ByCode("C")!, November, database.Tree);
        // Each missing unit of the fixture has a reporter account; D1-S1-U1 reported. Without mail, an address alone reaches no one.
        Assert.All(status.Units, u => Assert.Null(u.NoRecipient));
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Actor = "test";
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(db.Users.Where(u => u.UserName == "r-D2-U3"));
        }
        // The tree as the app reads it (with the units' addresses, set after the fixture's tree was loaded).
        await using var read = await database.Factory.CreateDbContextAsync();
        var tree = await read.LoadTreeAsync();
        status = await database.Get<Core.Cycle.ReportingStatusQueries>().GetAsync(tree.ByCode("C")!, November, tree);
        Assert.Equal("无法催报：没有填报员账号，系统未设置发送邮件", status.Units.Single(u => u.Code == "D2-U3").NoRecipient);
        Assert.Null(status.Units.Single(u => u.Code == "D1-S1-U2").NoRecipient);
    }

    [Fact]
    public async Task RemindersStartedTogetherStillRemindEachUnitOnceThatDay()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);
        var reminders = database.Get<Reminders>();
        var root = database.Tree.ByCode("C")!;

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => reminders.RemindAsync(root, November, null, "clerk", false))));

        Assert.Equal(2, runs.SelectMany(r => r).Count(o => o.Status == "sent"));
        Assert.Equal(2, (await NoticesAsync(database)).Count);
        Assert.Single(await InboxAsync(database, "D2-U3"));
    }

    [Fact]
    public async Task TheScheduleRemindsThreeDaysBeforeTheDeadlineAndTheDayAfterOnly()
    {
        var clock = December6();
        await using var database = await CreateAsync(Provider, clock, smtpPort: null);
        var reminders = database.Get<Reminders>();
        var schedule = new ReminderSchedule();
        var sentOn = new List<string>();
        for (var day = 6; day <= 12; day++)
        {
            clock.Now = new DateTimeOffset(2026, 12, day, 1, 0, 0, TimeSpan.Zero);
            if ((await reminders.RunScheduleAsync(schedule)).Any(o => o.Status == "sent")) sentOn.Add($"12-{day:00}");
        }

        Assert.Equal(["12-07", "12-11"], sentOn);
        Assert.All(await NoticesAsync(database), n => Assert.Equal(Reminders.Scheduled, n.SentBy));
    }

    [Fact]
    public async Task AMonthNotYetReportableIsRefused()
    {
        await using var database = await CreateAsync(Provider, December6(), smtpPort: null);

        var refused = await Assert.ThrowsAsync<Core.InputRefusedException>(() =>
            database.Get<Reminders>().RemindAsync(database.Tree.ByCode("C")!, Core.Periods.Period.Month(2026, 12), null, "clerk", false));

        Assert.Contains("2026年12月尚未开始报送", refused.Message);
    }
}

/// <summary>The same tests on a fresh PostgreSQL database each.</summary>
[Trait("Engine", "PostgreSQL")]
public sealed class RemindersTestsOnPostgreSql : RemindersTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
