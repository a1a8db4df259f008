using System.Globalization;
using System.Text.RegularExpressions;

namespace TenantOperator.Cli;

/// <summary>Durations as kubectl and Go write them: 500ms, 15s, 2m, 1h30m; or .NET's 00:00:15.</summary>
internal static partial class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        if (text == "0")
        {
            duration = TimeSpan.Zero; // as Go's time.ParseDuration allows: "0" needs no unit
            return true;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && text.Contains(':', StringComparison.Ordinal))
        {
            return true;
        }

        var match = GoDuration().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        duration = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['h', 'm', 's']);
            var value = double.Parse(part.Value[..unitAt], CultureInfo.InvariantCulture);
            duration += part.Value[unitAt..] switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return true;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(ms|h|m|s))+$")]
    private static partial Regex GoDuration();
}
