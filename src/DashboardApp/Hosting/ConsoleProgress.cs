using Spectre.Console;

namespace DashboardApp.Hosting;

/// <summary>
/// Progress of long work (an import of many files, a full rebuild, the demo load) drawn on stderr by Spectre.Console —
/// never on stdout, which carries the commands' JSON — and only when stderr is a terminal: piped or redirected, it is quiet.
/// </summary>
public sealed class ConsoleProgress
{
    private readonly IAnsiConsole? _console;

    private ConsoleProgress(IAnsiConsole? console) => _console = console;

    /// <summary>Nothing drawn: for tests and for output that is not the process's own stderr.</summary>
    public static readonly ConsoleProgress Quiet = new(null);

    /// <summary>Progress on the process's stderr if <paramref name="errors"/> is it and it is a terminal; otherwise <see cref="Quiet"/>.</summary>
    public static ConsoleProgress On(TextWriter errors) =>
        ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected
            ? new(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }))
            : Quiet;

    /// <summary>Work with a spinner and a line saying what it is doing now; <paramref name="work"/> reports each step's text.</summary>
    public async Task<T> WhileAsync<T>(string title, Func<Action<string>, Task<T>> work)
    {
        if (_console is null) return await work(_ => { });
        return await _console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(title), async context =>
            await work(step => context.Status(Markup.Escape(step))));
    }

    /// <summary>Work over <paramref name="total"/> items with a bar; <paramref name="work"/> calls its argument after each item.</summary>
    public async Task<T> CountAsync<T>(string title, int total, Func<Action, Task<T>> work)
    {
        if (_console is null) return await work(() => { });
        return await _console.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
            return await work(() => task.Increment(1));
        });
    }
}
