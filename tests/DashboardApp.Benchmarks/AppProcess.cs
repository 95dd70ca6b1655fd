using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DashboardApp.Benchmarks;

/// <summary>
/// The app as it is deployed: its Release build in a process of its own on a loopback port, so that its memory is its own and
/// every request crosses real HTTP. Development environment, only so that cookies go over plain HTTP on loopback; logging
/// at warnings.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Id => _process.Id;

    /// <param name="arguments">The database (--db FILE or --postgres "Host=…") and any further settings.</param>
    public static async Task<AppProcess> StartAsync(params string[] arguments)
    {
        var project = Path.Combine(Repository.Root, "src", "DashboardApp");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "DashboardApp.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the app in Release first: dotnet build -c Release tests/DashboardApp.Benchmarks", dll);
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in (string[])[dll, .. arguments, "--urls", url, "--contentRoot", project, "--Logging:LogLevel:Default=Warning",
                     "--Logging:LogLevel:Microsoft.AspNetCore=Warning"])
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var app = new AppProcess(Process.Start(start)!, url);
        app._process.OutputDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        app._process.ErrorDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (app._process.HasExited) throw new InvalidOperationException($"the app stopped ({app._process.ExitCode}):\n{app.Output}");
            try
            {
                if ((await client.GetAsync(url + "/account/login")).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (waited.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"the app did not answer within 3 minutes:\n{app.Output}");
            await Task.Delay(250);
        }
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Resident memory now and at its peak, in MB (from /proc).</summary>
    public (double Now, double Peak) Memory()
    {
        var id = _process.Id.ToString(CultureInfo.InvariantCulture);
        return (ProcStatus.Kb(id, "VmRSS") / 1024.0, ProcStatus.Kb(id, "VmHWM") / 1024.0);
    }

    /// <summary>CPU time this process has used so far (user and system), in seconds.</summary>
    public double CpuSeconds() => CpuSeconds(_process.Id);

    /// <summary>CPU time used so far by every running process whose name starts with <paramref name="name"/>, in seconds.</summary>
    public static double CpuSecondsOf(string name) => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var id) ? id : 0).Where(id => id > 0)
        .Sum(id =>
        {
            try { return File.ReadAllText($"/proc/{id}/comm").StartsWith(name, StringComparison.Ordinal) ? CpuSeconds(id) : 0; }
            catch (IOException) { return 0; }
        });

    /// <summary>utime + stime from /proc/ID/stat (the fields after the command's closing parenthesis), at 100 ticks a second.</summary>
    private static double CpuSeconds(int id)
    {
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DashboardApp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("DashboardApp.sln not found above " + AppContext.BaseDirectory);
    }
}

internal static class ProcStatus
{
    /// <summary>A field of /proc/<paramref name="process"/>/status given in kB (VmRSS, VmHWM); "self" for this process.</summary>
    public static long Kb(string process, string field) =>
        long.Parse(File.ReadLines($"/proc/{process}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
