using System.Net;
using System.Net.Sockets;
using System.Text;
using DashboardApp.Core.Access;
using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Periods;
using DashboardApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardApp.Tests.Cycle;

/// <summary>
/// The small city on 6 December 2026 with each unit's e-mail address and a reporter account for each unit, mail through
/// <paramref name="smtpPort"/> on loopback (none: in-app only), and November 2026 reported by D1-S1-U1 only.
/// </summary>
internal static class CycleFixture
{
    public static readonly Period November = Period.Month(2026, 11);
    public static readonly string[] Units = ["D1-S1-U1", "D1-S1-U2", "D2-U3"];

    public static string EmailOf(string unit) => $"{unit.ToLowerInvariant()}@example.gov.cn";

    public static async Task<ServicesDatabase> CreateAsync(DatabaseProvider provider, FixedClock clock, int? smtpPort, int retries = 2)
    {
        var database = await ServicesDatabase.SmallCityAsync(provider, clock, services => services.Configure<MailOptions>(o =>
        {
            if (smtpPort is not { } port) return;
            (o.Host, o.Port, o.From, o.Tls) = ("127.0.0.1", port, "区委组织部 <dj@example.gov.cn>", MailKit.Security.SecureSocketOptions.None);
            (o.Retries, o.RetryDelay, o.Timeout) = (retries, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
        }));
        await using var db = await database.Factory.CreateDbContextAsync();
        db.Actor = "test";
        foreach (var org in await db.Organisations.Where(o => Units.Contains(o.Code)).ToListAsync()) org.Email = EmailOf(org.Code);
        var role = new IdentityRole(Roles.Reporter) { NormalizedName = Roles.Reporter.ToUpperInvariant() };
        db.Roles.Add(role);
        foreach (var unit in Units)
        {
            var user = new AppUser { UserName = $"r-{unit}", NormalizedUserName = $"R-{unit}", ScopeOrgCode = unit, DisplayName = unit };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        }
        await db.SaveChangesAsync();
        await database.ImportAsync("D1-S1-U1", November, new() { ["STUDY_SESSIONS"] = 2 });
        return database;
    }

    public static FixedClock December6() => new(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));

    public static async Task<List<InboxMessage>> InboxAsync(ServicesDatabase database, string unit) =>
        await database.Get<Inbox>().ListAsync($"r-{unit}");

    public static async Task<List<Notice>> NoticesAsync(ServicesDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.Notices.AsNoTracking().Include(n => n.Deliveries).OrderBy(n => n.Id).ToListAsync();
    }
}

/// <summary>
/// An SMTP server on loopback that refuses everyone: it greets with 554, as a server does that will not take mail from this host.
/// Counts the connections, so a test sees the retries.
/// </summary>
internal sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public RefusingSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        // Bounded: a test makes a handful of connections.
        for (var i = 0; i < 100 && !_stop.IsCancellationRequested; i++)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            Interlocked.Increment(ref _connections);
            using (client)
            {
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("554 5.7.1 No SMTP service here\r\n"));
                await stream.FlushAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        _stop.Dispose();
    }
}
