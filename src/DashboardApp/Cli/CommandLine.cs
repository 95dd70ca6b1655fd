using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using DashboardApp.Core;
using DashboardApp.Hosting;

namespace DashboardApp.Cli;

/// <summary>
/// The verbs of docs/product.md, “Command line”, run in the same executable as the web app, parsed by System.CommandLine:
/// <c>--help</c> on every verb, usage errors in Chinese with exit code 2, progress of long work on stderr.
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// A command rather than the web server: any first word that is not an option (--urls, --demo) or a configuration
    /// setting (urls=…). An unknown or mistyped verb is a usage error, never a web server started by accident.
    /// </summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') || args is ["--help", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        var root = Verbs.Build(new Verbs.Context(output, errors, ConsoleProgress.On(errors), TimeProvider.System));
        var ui = CultureInfo.CurrentUICulture;
        // The library's own texts (few reach a user: ours come first) in Chinese where it has them.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        try
        {
            var parse = root.Parse(args is ["help", .. var rest] ? [.. rest, "--help"] : args);
            if (UsageError(root, parse, args) is { } problem)
            {
                await errors.WriteLineAsync("错误：" + problem);
                await errors.WriteLineAsync(CommandHelp.Text(parse.CommandResult.Command == root ? root : parse.CommandResult.Command));
                return 2;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            await errors.WriteLineAsync("错误：" + e.Message);
            await errors.WriteLineAsync(CommandHelp.Text(root));
            return 2;
        }
        catch (Exception e) when (e is InputRefusedException or DirectoryNotFoundException)
        {
            await errors.WriteLineAsync("错误：" + e.Message);
            return 2;
        }
        catch (Exception e)
        {
            // The reason in one line; the stack trace only when asked for (DASHBOARD_TRACE=1), for whoever maintains the program.
            await errors.WriteLineAsync($"内部错误：{e.Message}（{e.GetType().Name}；设置环境变量 DASHBOARD_TRACE=1 可显示详细信息）");
            if (Environment.GetEnvironmentVariable("DASHBOARD_TRACE") == "1") await errors.WriteLineAsync(e.ToString());
            return 1;
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    }

    /// <summary>What is wrong with the command line, in Chinese, or null. The library's messages are partly English: ours are said first.</summary>
    private static string? UsageError(RootCommand root, ParseResult parse, string[] args)
    {
        if (args.Length > 0 && !args[0].StartsWith('-') && args[0] != "help" && root.Subcommands.All(c => c.Name != args[0]))
            return $"未知命令：{args[0]}{Suggestion(args[0], root.Subcommands.Select(c => c.Name))}";
        // --help is answered whatever else is missing.
        if (parse.Errors.Count == 0 || parse.Action is CommandHelp.Action) return null;
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"{CommandHelp.Path(command)} 需要子命令：{string.Join("、", command.Subcommands.Select(c => c.Name))}";
        if (parse.UnmatchedTokens.Count > 0)
            return $"不认识的选项或参数：{string.Join(" ", parse.UnmatchedTokens)}";
        foreach (var option in command.Options.Where(o => o.Required && parse.GetResult(o) is null or { Implicit: true }))
            return $"缺少必需的选项 {option.Name}";
        foreach (var argument in command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is not { Tokens.Count: > 0 }))
            return $"{CommandHelp.Path(command)} 需要{argument.Description}";
        foreach (var option in command.Options)
            if (parse.GetResult(option) is { } given && given.Errors.Any())
                return $"选项 {option.Name} 缺少取值或取值无效";
        return parse.Errors[0].Message;
    }

    /// <summary>"（是否要输入 rollup？）" for a verb one or two letters off a known one.</summary>
    private static string Suggestion(string typed, IEnumerable<string> verbs)
    {
        var near = verbs.Select(v => (Verb: v, Distance: Distance(typed, v))).MinBy(x => x.Distance);
        return near.Verb is not null && near.Distance <= 2 ? $"（是否要输入 {near.Verb}？）" : "";
    }

    /// <summary>Edit distance, counting a swap of two neighbouring letters as one edit (rollpu → rollup).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}

/// <summary>Wrong use of the command line found by a verb itself: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The help of a command, in Chinese: usage, what it does, its options and subcommands.</summary>
internal static class CommandHelp
{
    public static string Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c is not RootCommand; s = c.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(" ", names.Prepend("DashboardApp"));
    }

    public static string Text(Command command)
    {
        var lines = new List<string>();
        var arguments = string.Concat(command.Arguments.Select(a => $" {a.Name}{(a.Arity.MaximumNumberOfValues > 1 ? "..." : "")}"));
        lines.Add($"用法: {Path(command)}{(command.Subcommands.Count > 0 ? " 命令" : "")}{arguments} [选项]");
        if (command is RootCommand) lines.Add("  （不带命令则启动网站：--demo 载入演示数据，--urls 指定地址）");
        if (!string.IsNullOrEmpty(command.Description)) lines.Add("  " + command.Description);
        if (command.Subcommands.Count > 0)
        {
            lines.Add("命令:");
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
                foreach (var (usage, description) in Usages(sub, ""))
                    lines.Add($"  {usage,-58} {description}");
        }
        var options = command.Options.Concat(Inherited(command)).Where(o => !o.Hidden).ToList();
        if (options.Count > 0)
        {
            lines.Add("选项:");
            foreach (var option in options)
                lines.Add($"  {Name(option),-32} {option.Description}{(option.Required ? "（必需）" : "")}");
        }
        if (command.Subcommands.Count > 0) lines.Add($"每个命令的说明：{Path(command)} 命令 --help");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Each command under <paramref name="command"/> (itself if it has none) with its arguments and options, as the overview lists
    /// it.</summary>
    private static IEnumerable<(string Usage, string? Description)> Usages(Command command, string prefix)
    {
        if (command.Subcommands.Count > 0) return command.Subcommands.SelectMany(s => Usages(s, $"{prefix}{command.Name} "));
        var parts = new List<string> { prefix + command.Name };
        parts.AddRange(command.Arguments.Select(a => a.Name + (a.Arity.MaximumNumberOfValues > 1 ? "..." : "")));
        parts.AddRange(command.Options.Where(o => o is not HelpOption).Select(o => o.Required ? Name(o) : $"[{Name(o)}]"));
        return [(string.Join(" ", parts), command.Description)];
    }

    private static string Name(Option option)
    {
        // The short forms people type: -h, -o; not /? and the like.
        var names = string.Join(", ", option.Aliases.Where(a => a.StartsWith('-') && a != "-?").Order().Append(option.Name));
        var value = option is HelpOption || option.ValueType == typeof(bool) ? "" : $" {option.HelpName ?? "值"}";
        return names + value;
    }

    /// <summary>The options given on an ancestor for every command below it (--db, --postgres).</summary>
    private static IEnumerable<Option> Inherited(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).Concat(Inherited(p)));

    /// <summary>--help and -h, printing <see cref="Text"/> on stdout.</summary>
    public sealed class Action : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Text(parseResult.CommandResult.Command));
            return 0;
        }
    }
}
