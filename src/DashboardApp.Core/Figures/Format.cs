using System.Globalization;

namespace DashboardApp.Core.Figures;

/// <summary>How figures are shown everywhere: "—" for missing, 同比 with a sign and one decimal.</summary>
public static class Format
{
    public static string Number(decimal? value) =>
        value is { } v ? v.ToString(v == decimal.Truncate(v) ? "#,0" : "#,0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>A change as a table shows it: 同比 "+5.2%", or a percentage rate's "+1.8个百分点" (<paramref name="points"/> given).</summary>
    public static string Change(decimal? yoy, decimal? points) => points is { } p
        ? (p > 0 ? "+" : "") + Math.Round(p, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "个百分点"
        : Yoy(yoy);

    /// <summary>A score as a 考核 table prints it: up to two decimal places, none when whole (87, 13.2, 5.75).</summary>
    public static string Score(decimal? score) => score is { } s ? s.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    public static string Yoy(decimal? yoy) => yoy is { } y ? (y > 0 ? "+" : "") + (y * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Percent(decimal? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A moment stored in UTC as this server's local time to the minute ("2026-12-07 09:30"); "—" for none.</summary>
    public static string LocalMinute(DateTime? utc) => utc is { } t
        ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string TrendClass(decimal? yoy) => yoy switch { > 0 => "up", < 0 => "down", _ => "" };
}
