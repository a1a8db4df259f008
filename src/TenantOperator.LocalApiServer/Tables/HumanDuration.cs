using System.Globalization;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// Ages as kubectl shows them (<c>45s</c>, <c>5m30s</c>, <c>3h10m</c>, <c>2d3h</c>, <c>400d</c>, <c>3y20d</c>): about two
/// significant units, finer for young objects. Up to two seconds in the future still reads as <c>0s</c>.
/// </summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Truncate(duration.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }
        var minutes = (long)Math.Truncate(duration.TotalMinutes);
        if (minutes < 10)
        {
            var remainder = seconds % 60;
            return remainder == 0 ? $"{minutes}m" : $"{minutes}m{remainder}s";
        }
        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }
        var hours = (long)Math.Truncate(duration.TotalHours);
        if (hours < 8)
        {
            var remainder = minutes % 60;
            return remainder == 0 ? $"{hours}h" : $"{hours}h{remainder}m";
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        if (hours < 24 * 8)
        {
            var remainder = hours % 24;
            return remainder == 0 ? $"{hours / 24}d" : $"{hours / 24}d{remainder}h";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }
        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }
        return (hours / 24 / 365).ToString(CultureInfo.InvariantCulture) + "y";
    }

    /// <summary>The age of a timestamp (RFC 3339 text) at <paramref name="now"/>; <c>&lt;unknown&gt;</c> when absent or unreadable.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        TryParseTimestamp(timestamp, out var time) ? Format(now - time) : "<unknown>";

    public static bool TryParseTimestamp(string? timestamp, out DateTimeOffset time)
    {
        time = default;
        return !string.IsNullOrEmpty(timestamp)
            && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
