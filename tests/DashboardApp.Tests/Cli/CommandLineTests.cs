using DashboardApp.Cli;

namespace DashboardApp.Tests.Cli;

/// <summary>What the executable takes as a command and what as the web server's arguments.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "rollup" }, true)]
    [InlineData(new[] { "frobnicate" }, true)] // a command, unknown: a usage error, not a web server
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "--demo" }, false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5236" }, false)]
    [InlineData(new[] { "urls=http://127.0.0.1:5236" }, false)]
    [InlineData(new string[0], false)]
    public void AnyFirstWordThatIsNotAnOptionIsACommand(string[] args, bool command) => Assert.Equal(command, CommandLine.IsVerb(args));

    [Theory]
    [InlineData("frobnicate", "未知命令：frobnicate", "")]
    [InlineData("rollpu", "未知命令：rollpu", "是否要输入 rollup")]
    [InlineData("improt", "未知命令：improt", "是否要输入 import")]
    public async Task AnUnknownVerbIsAUsageErrorWithTheUsageAndANearVerb(string verb, string message, string hint)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync([verb], stdout, stderr));
        Assert.Contains(message, stderr.ToString());
        Assert.Contains(hint, stderr.ToString());
        Assert.Contains("用法", stderr.ToString());
        Assert.Empty(stdout.ToString());
    }

    [Theory]
    [InlineData(new[] { "--help" }, "DashboardApp 命令", "query --org CODE --period P --indicator CODE")]
    [InlineData(new[] { "help" }, "DashboardApp 命令", "users add --name NAME --role ROLE")]
    [InlineData(new[] { "init", "--help" }, "DashboardApp init", "--demo")]
    [InlineData(new[] { "orgs", "import", "--help" }, "DashboardApp orgs import FILE", "--db PATH")]
    [InlineData(new[] { "import", "--help" }, "DashboardApp import FILE...", "--dry-run")]
    [InlineData(new[] { "rollup", "--help" }, "DashboardApp rollup", "--full")]
    [InlineData(new[] { "query", "--help" }, "DashboardApp query", "--indicator CODE")]
    [InlineData(new[] { "template", "--help" }, "DashboardApp template", "-o, --out FILE")]
    [InlineData(new[] { "users", "add", "--help" }, "DashboardApp users add", "--scope CODE")]
    [InlineData(new[] { "demo", "generate", "-h" }, "DashboardApp demo generate", "--until")]
    public async Task EveryVerbAnswersHelpOnStdoutEvenWithItsRequiredOptionsMissing(string[] args, string usage, string option)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(args, stdout, stderr));
        Assert.Contains("用法: " + usage, stdout.ToString());
        Assert.Contains(option, stdout.ToString());
        Assert.Empty(stderr.ToString());
    }

    [Theory]
    [InlineData(new[] { "query", "--org", "D01", "--indicator", "X" }, "缺少必需的选项 --period")]
    [InlineData(new[] { "query", "--org", "D01", "--indicator", "X", "--period" }, "选项 --period 缺少取值")]
    [InlineData(new[] { "import" }, "import 需要报表工作簿")]
    [InlineData(new[] { "orgs" }, "orgs 需要子命令：import")]
    [InlineData(new[] { "rollup", "--fast" }, "不认识的选项或参数：--fast")]
    [InlineData(new[] { "template", "--org", "D01", "--period", "2025-01" }, "缺少必需的选项 --out")]
    public async Task AUsageErrorSaysWhatIsWrongInChineseWithTheVerbsUsageAndExitsTwo(string[] args, string message)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(args, stdout, stderr));
        Assert.StartsWith("错误：", stderr.ToString());
        Assert.Contains(message, stderr.ToString());
        Assert.Contains($"用法: DashboardApp {args[0]}", stderr.ToString());
        Assert.Empty(stdout.ToString());
    }
}
