namespace DashboardApp.Tests.Support;

/// <summary>A clock stopped at one moment (UTC), for what depends on "today"; a test may move it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
