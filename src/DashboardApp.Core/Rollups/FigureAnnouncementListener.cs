using DashboardApp.Core.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// On PostgreSQL, listens on one connection of its own for the rollups other instances announce (<see cref="FigureUpdates"/>).
/// A lost connection is opened again, one second later at first and at most half a minute later; once it is back, open
/// pages load again, as an announcement may have been missed meanwhile.
/// </summary>
public sealed partial class FigureAnnouncementListener(DatabaseSettings database, FigureUpdates updates, TimeProvider clock,
    ILogger<FigureAnnouncementListener> log) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (retry, lost) = (FirstRetry, false);
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => updates.Announced(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {FigureUpdates.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                updates.NowListening();
                if (lost)
                {
                    Reconnected(log);
                    updates.Announced(null);
                }
                retry = FirstRetry;
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Lost(log, retry.TotalSeconds, e.Message);
                lost = true;
                try { await Task.Delay(retry, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' rollups failed; trying again in {Seconds} s: {Error}")]
    private static partial void Lost(ILogger logger, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other instances' rollups again")]
    private static partial void Reconnected(ILogger logger);
}
