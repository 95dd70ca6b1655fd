using DashboardApp.Cli;
using DashboardApp.Hosting;

if (CommandLine.IsVerb(args)) return await CommandLine.RunAsync(args);

var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
if (demo) builder.Configuration[$"{DashboardOptions.Section}:Demo"] = "true";
builder.AddDashboardWeb();

var app = builder.Build();
await app.PrepareDashboardAsync();
app.UseDashboardWeb();
app.Run();
return 0;

public partial class Program;
