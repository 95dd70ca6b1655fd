using System.Text.Json;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Cli;

/// <summary>The import JSON of the command line carries each 校验规则 violation with its sheet and every cell involved.</summary>
public class ImportRuleJsonTests
{
    [Fact]
    public async Task AnErrorRuleRefusesTheFileAndAWarningRuleIsListedBothWithTheirCells()
    {
        using var db = await TempDatabase.WithTreeAsync();
        var unit = TestWorkbooks.Unit("D1-S1-U1");
        var refusedFile = db.Write("refused.xlsx", TestWorkbooks.FilledTemplate(unit, Period.Month(2025, 3),
            new Dictionary<string, object> { ["NEW_MEMBERS"] = 9, ["MEMBERS_TOTAL"] = 5 }));
        var (exit, output, _) = await db.RunAsync("import", refusedFile);
        Assert.Equal(3, exit);
        var refused = JsonDocument.Parse(output).RootElement;
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        var error = refused.GetProperty("errors")[0];
        Assert.Equal(("RULE", "月报表", "F13、F15"),
            (error.GetProperty("code").GetString(), error.GetProperty("sheet").GetString(), error.GetProperty("cell").GetString()));

        var warnedFile = db.Write("warned.xlsx", TestWorkbooks.FilledTemplate(unit, Period.Month(2025, 3),
            new Dictionary<string, object> { ["PUBLICITY_TALKS"] = 4, ["PUBLICITY_AUDIENCE"] = 0 }));
        var warned = await db.RunJsonAsync("import", warnedFile);
        Assert.Equal("accepted", warned.GetProperty("status").GetString());
        var warning = warned.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("code").GetString() == "RULE");
        Assert.Equal("F10、F9", warning.GetProperty("cell").GetString());
        Assert.StartsWith("宣讲受众人次少于宣讲场次", warning.GetProperty("message").GetString());
    }
}
