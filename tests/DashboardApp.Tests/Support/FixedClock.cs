namespace DashboardApp.Tests.Support;

/// <summary>A clock stopped at one moment (UTC), for what depends on "today".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
