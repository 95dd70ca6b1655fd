using DashboardApp.Cli;
using DashboardApp.Hosting;

if (CommandLine.IsVerb(args)) return await CommandLine.RunAsync(args);

var demo = args.Contains("--demo");
// Configuration (appsettings.json) is read from beside the program, not from wherever it was started:
// `dotnet run --project src/DashboardApp` from the repository root must find it. Relative paths
// such as the database file stay relative to the working directory (ConnectionStrings).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args.Where(a => a != "--demo").ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});
if (demo) builder.Configuration[$"{DashboardOptions.Section}:Demo"] = "true";
builder.AddDashboardWeb();

var app = builder.Build();
await app.PrepareDashboardAsync();
app.UseDashboardWeb();
app.Run();
return 0;

public partial class Program;
