using System.Text.Json;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Cli;

/// <summary>
/// <c>remind</c>: one JSON line per unit that has not reported the month, exit 0; a dry run sends and records nothing; a second run the
/// same day reminds nobody again. No mail server is configured here, and no reporter account exists: nothing can be delivered.
/// </summary>
public class RemindVerbTests
{
    [Fact]
    public async Task RemindListsTheMissingUnitsOnceADayAndADryRunRecordsNothing()
    {
        using var db = await TempDatabase.WithTreeAsync();
        // The month being collected on the real clock: the one before this one.
        var month = Period.MonthOf(DateOnly.FromDateTime(DateTime.Now)).PreviousMonth();
        var template = db.PathOf("u1.xlsx");
        await db.RunJsonAsync("template", "--org", "D1-S1-U1", "--period", month.ToString(), "-o", template);
        using (var wb = new ClosedXML.Excel.XLWorkbook(template))
        {
            TestWorkbooks.Fill(wb, new Dictionary<string, object> { ["STUDY_SESSIONS"] = 2 });
            wb.Save();
        }
        Assert.Equal(0, (await db.RunAsync("import", template)).Exit);

        var dry = await RunLinesAsync(db, "remind", "--period", month.ToString(), "--dry-run");
        var first = await RunLinesAsync(db, "remind", "--period", month.ToString());
        var second = await RunLinesAsync(db, "remind", "--period", month.ToString(), "--org", "D1");
        // A try that reached nobody is not the unit's reminder of the day: once it has an account, the same day's 催报 reaches it, once.
        await db.RunJsonAsync("users", "add", "--name", "u2clerk", "--role", "Reporter", "--scope", "D1-S1-U2");
        var third = await RunLinesAsync(db, "remind", "--period", month.ToString(), "--org", "D1");
        var fourth = await RunLinesAsync(db, "remind", "--period", month.ToString(), "--org", "D1");

        Assert.Equal(["D1-S1-U2 dry-run", "D1-S1-U9 dry-run", "D2-U3 dry-run"], dry.Lines.Select(Describe));
        Assert.Equal(["D1-S1-U2 no-recipient", "D1-S1-U9 no-recipient", "D2-U3 no-recipient"], first.Lines.Select(Describe));
        Assert.Equal(["D1-S1-U2 no-recipient", "D1-S1-U9 no-recipient"], second.Lines.Select(Describe));
        Assert.Equal("没有填报员账号，也没有电子邮箱", second.Lines[0].GetProperty("error").GetString());
        Assert.Equal(["D1-S1-U2 sent", "D1-S1-U9 no-recipient"], third.Lines.Select(Describe));
        Assert.Equal(("app", "u2clerk"), (third.Lines[0].GetProperty("channel").GetString(), third.Lines[0].GetProperty("to").GetString()));
        Assert.Equal(["D1-S1-U2 skipped", "D1-S1-U9 no-recipient"], fourth.Lines.Select(Describe));
        Assert.All(first.Lines, l => Assert.Equal(month.ToString(), l.GetProperty("period").GetString()));
        Assert.All(first.Lines, l => Assert.Equal("none", l.GetProperty("channel").GetString()));
        Assert.Contains("未配置邮件服务器", first.Err);
    }

    [Fact]
    public async Task AMonthNotYetReportableIsAUsageError()
    {
        using var db = await TempDatabase.WithTreeAsync();
        var (exit, _, err) = await db.RunAsync("remind", "--period", Period.MonthOf(DateOnly.FromDateTime(DateTime.Now)).NextMonth().ToString());
        Assert.Equal(2, exit);
        Assert.Contains("尚未开始报送", err);
    }

    private static string Describe(JsonElement line) => $"{line.GetProperty("org").GetString()} {line.GetProperty("status").GetString()}";

    private static async Task<(List<JsonElement> Lines, string Err)> RunLinesAsync(TempDatabase db, params string[] args)
    {
        var (exit, output, err) = await db.RunAsync(args);
        Assert.True(exit == 0, $"exit {exit}: {err}");
        return (output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList(), err);
    }
}
