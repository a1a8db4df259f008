using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// The string formats a CRD schema's <c>format</c> is checked against — exactly the set kube-apiserver keeps
/// (bsonobjectid, uri, email, hostname, ipv4, ipv6, cidr, mac, uuid/uuid3/uuid4/uuid5, isbn/isbn10/isbn13,
/// creditcard, ssn, hexcolor, rgbcolor, byte, password, date, duration, date-time). Every other format
/// (int32, int64, float, double, ...) is dropped by the apiserver and therefore not checked here either.
/// </summary>
internal static partial class StringFormats
{
    // The unit spellings of the loose duration form; the last of each group also matches as a prefix ("minutes").
    private static readonly string[][] DurationUnits =
    [
        ["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"],
    ];

    private static readonly Dictionary<string, Func<string, bool>> Checkers = new(StringComparer.Ordinal)
    {
        ["bsonobjectid"] = s => BsonObjectId().IsMatch(s),
        ["uri"] = IsRequestUri,
        ["email"] = s => System.Net.Mail.MailAddress.TryCreate(s, out var address) && address.Address.Length > 0,
        ["hostname"] = IsHostname,
        ["ipv4"] = IsIPv4,
        ["ipv6"] = IsIPv6,
        ["cidr"] = IsCidr,
        ["mac"] = s => Mac().IsMatch(s),
        ["uuid"] = s => Uuid().IsMatch(s),
        ["uuid3"] = s => Uuid3().IsMatch(s),
        ["uuid4"] = s => Uuid4().IsMatch(s),
        ["uuid5"] = s => Uuid5().IsMatch(s),
        ["isbn"] = s => IsIsbn10(s) || IsIsbn13(s),
        ["isbn10"] = IsIsbn10,
        ["isbn13"] = IsIsbn13,
        ["creditcard"] = IsCreditCard,
        ["ssn"] = s => Ssn().IsMatch(s),
        ["hexcolor"] = s => HexColor().IsMatch(s),
        ["rgbcolor"] = s => RgbColor().IsMatch(s),
        ["byte"] = s => Base64().IsMatch(s),
        ["password"] = _ => true,
        ["date"] = IsDate,
        ["duration"] = IsDuration,
        ["datetime"] = IsDateTime,
    };

    /// <summary>The name the apiserver uses for a declared format (dashes dropped), if it checks that format.</summary>
    public static string Normalize(string format)
    {
        var normalized = format.Replace("-", "", StringComparison.Ordinal);
        return Checkers.ContainsKey(normalized) ? normalized : "";
    }

    public static bool IsValid(string normalizedFormat, string value) =>
        !Checkers.TryGetValue(normalizedFormat, out var check) || check(value);

    private static bool IsRequestUri(string value)
    {
        if (value.Length == 0 || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }
        return value.StartsWith('/') || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0);
    }

    private static bool IsHostname(string value)
    {
        if (value.Length > 255 || !Hostname().IsMatch(value))
        {
            return false;
        }
        return value.Split('.').All(part => part.Length <= 63);
    }

    // Go's net.ParseIP accepts dotted quads with leading zeros and IPv4-in-IPv6 forms; the ipv4 format only asks for a dot.
    private static bool IsIPv4(string value) => ParseIP(value) is not null && value.Contains('.', StringComparison.Ordinal);

    private static bool IsIPv6(string value) => ParseIP(value) is not null && value.Contains(':', StringComparison.Ordinal);

    private static IPAddress? ParseIP(string value)
    {
        if (DottedQuad().IsMatch(value))
        {
            var parts = value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return parts.All(p => p <= 255) ? new IPAddress(parts.Select(p => (byte)p).ToArray()) : null;
        }
        if (value.Contains(':', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address;
        }
        return null;
    }

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }
        var address = ParseIP(value[..slash]);
        var prefixText = value[(slash + 1)..];
        if (address is null || prefixText.Length == 0 || prefixText.Length > 3 || !prefixText.All(char.IsAsciiDigit))
        {
            return false;
        }
        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        var isV4 = DottedQuad().IsMatch(value[..slash]);
        return prefix <= (isV4 ? 32 : 128);
    }

    private static bool IsIsbn10(string value)
    {
        var digits = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!Isbn10().IsMatch(digits))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (i + 1) * (digits[i] - '0');
        }
        sum += digits[9] == 'X' ? 100 : 10 * (digits[9] - '0');
        return sum % 11 == 0;
    }

    private static bool IsIsbn13(string value)
    {
        var digits = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!Isbn13().IsMatch(digits))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (i % 2 == 0 ? 1 : 3) * (digits[i] - '0');
        }
        return (10 - (sum % 10)) % 10 == digits[12] - '0';
    }

    private static bool IsCreditCard(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (!CreditCard().IsMatch(digits))
        {
            return false;
        }
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static bool IsDate(string value) =>
        value.Length == 10 && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsDateTime(string value)
    {
        if (value.Length < 4)
        {
            return false;
        }
        var parts = value.ToLowerInvariant().Split('t');
        if (parts.Length < 2 || !IsDate(parts[0]))
        {
            return false;
        }
        var match = TimeOfDay().Match(parts[1]);
        return match.Success
            && string.CompareOrdinal(match.Groups[1].Value, "23") <= 0
            && string.CompareOrdinal(match.Groups[2].Value, "59") <= 0
            && string.CompareOrdinal(match.Groups[3].Value, "59") <= 0;
    }

    /// <summary>Go's time.ParseDuration, or the looser "3 days"/"5min" form the duration format also accepts.</summary>
    private static bool IsDuration(string value)
    {
        if (GoDuration().IsMatch(value) && value.Length > 0)
        {
            return true;
        }
        var found = false;
        foreach (Match match in LooseDuration().Matches(value))
        {
            var unit = match.Groups[3].Value.Trim().ToLowerInvariant();
            found |= DurationUnits.Any(variants =>
                variants.Contains(unit, StringComparer.Ordinal) || unit.StartsWith(variants[^1], StringComparison.Ordinal));
        }
        return found;
    }

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonObjectId();

    [GeneratedRegex(@"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^(([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}|([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}|([0-9a-fA-F]{2}[:-]){19}[0-9a-fA-F]{2}|([0-9a-fA-F]{4}\\.){2}[0-9a-fA-F]{4}|([0-9a-fA-F]{4}\\.){3}[0-9a-fA-F]{4}|([0-9a-fA-F]{4}\\.){9}[0-9a-fA-F]{4})$")]
    private static partial Regex Mac();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid3();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid4();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid5();

    [GeneratedRegex("^[0-9]{9}[0-9X]$")]
    private static partial Regex Isbn10();

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex Isbn13();

    [GeneratedRegex("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11}|6[27][0-9]{14})$")]
    private static partial Regex CreditCard();

    [GeneratedRegex("^[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^rgb\(\s*(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])\s*,\s*(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])\s*,\s*(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])\s*\)$")]
    private static partial Regex RgbColor();

    [GeneratedRegex("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$")]
    private static partial Regex Base64();

    [GeneratedRegex("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$")]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(([0-9]+)\s*([A-Za-zµ]+))")]
    private static partial Regex LooseDuration();
}
