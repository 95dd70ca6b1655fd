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
}
