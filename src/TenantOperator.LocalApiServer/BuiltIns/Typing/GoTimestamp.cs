using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>
/// metav1.Time and metav1.MicroTime as kube-apiserver reads and writes them: Go's time.Parse with the RFC 3339 layout
/// (or RFC3339Micro, which demands exactly six fractional digits), including its error messages, and the UTC form Go
/// writes back (whole seconds for Time, microseconds for MicroTime). Years 0 to 9999 as in Go.
/// </summary>
internal readonly record struct GoTimestamp(long UnixSeconds, int Nanoseconds)
{
    /// <summary>Go's time.RFC3339.</summary>
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";

    /// <summary>metav1.RFC3339Micro.</summary>
    public const string Rfc3339Micro = "2006-01-02T15:04:05.000000Z07:00";

    // Seconds from 0001-01-01T00:00:00Z (Go's zero Time) to the Unix epoch.
    private const long ZeroTimeUnixSeconds = -62135596800;

    /// <summary>Go's zero Time, 0001-01-01T00:00:00Z.</summary>
    public static GoTimestamp Zero { get; } = new(ZeroTimeUnixSeconds, 0);

    /// <summary>True for Go's zero Time, which metav1 writes as JSON null.</summary>
    public bool IsZero => UnixSeconds == ZeroTimeUnixSeconds && Nanoseconds == 0;

    /// <summary>The text metav1.Time (<paramref name="micro"/> false) or MicroTime writes: UTC, 'Z', truncated.</summary>
    public string Format(bool micro)
    {
        var days = FloorDiv(UnixSeconds, 86_400);
        var secondOfDay = UnixSeconds - (days * 86_400);
        var (year, month, day) = CivilFromDays(days);
        var text = new StringBuilder();
        text.Append(year < 0 ? "-" + Math.Abs(year).ToString("D4", CultureInfo.InvariantCulture) : year.ToString("D4", CultureInfo.InvariantCulture));
        text.Append(CultureInfo.InvariantCulture, $"-{month:D2}-{day:D2}T{secondOfDay / 3600:D2}:{secondOfDay / 60 % 60:D2}:{secondOfDay % 60:D2}");
        if (micro)
        {
            text.Append('.').Append((Nanoseconds / 1000).ToString("D6", CultureInfo.InvariantCulture));
        }

        return text.Append('Z').ToString();
    }

    /// <summary>time.Time.String() in UTC: <c>2006-01-02 15:04:05.999999999 +0000 UTC</c> (fraction without trailing zeros).</summary>
    public string GoString()
    {
        var rfc = Format(micro: false);
        var fraction = Nanoseconds == 0 ? string.Empty : "." + Nanoseconds.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return rfc[..^1].Replace('T', ' ') + fraction + " +0000 UTC";
    }

    /// <summary>Parses <paramref name="value"/> with <see cref="Rfc3339"/> or <see cref="Rfc3339Micro"/>; on failure
    /// <paramref name="error"/> is Go's time.ParseError text.</summary>
    public static bool TryParse(string value, bool micro, out GoTimestamp result, out string error)
    {
        var layout = micro ? Rfc3339Micro : Rfc3339;
        result = default;
        error = string.Empty;
        var rest = value;
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, nanos = 0, offset = 0;

        // The layout's elements in order: the literal before each, the element's text, and how to read it.
        foreach (var (prefix, element) in Elements(micro))
        {
            if (!Skip(ref rest, prefix))
            {
                error = Cannot(layout, value, rest, prefix);
                return false;
            }

            var hold = rest;
            string? range = null;
            var ok = true;
            switch (element)
            {
                case "2006":
                    ok = rest.Length >= 4 && IsDigit(rest, 0) && TryAtoi(rest[..4], out year);
                    rest = rest.Length >= 4 && IsDigit(rest, 0) ? rest[4..] : rest;
                    break;
                case "01":
                    ok = GetNumber(ref rest, fixedWidth: true, out month);
                    range = ok && (month <= 0 || month > 12) ? "month" : null;
                    break;
                case "02":
                    ok = GetNumber(ref rest, fixedWidth: true, out day);
                    break;
                case "15":
                    ok = GetNumber(ref rest, fixedWidth: false, out hour);
                    range = hour is < 0 or >= 24 ? "hour" : null;
                    break;
                case "04":
                    ok = GetNumber(ref rest, fixedWidth: true, out minute);
                    range = minute is < 0 or >= 60 ? "minute" : null;
                    break;
                case "05":
                    ok = GetNumber(ref rest, fixedWidth: true, out second);
                    if (!ok)
                    {
                        break;
                    }

                    if (second is < 0 or >= 60)
                    {
                        range = "second";
                        break;
                    }

                    // A fractional second the layout does not ask for is read anyway (not for MicroTime, whose layout has one).
                    if (!micro && rest.Length >= 2 && rest[0] is '.' or ',' && IsDigit(rest, 1))
                    {
                        var n = 2;
                        while (n < rest.Length && IsDigit(rest, n))
                        {
                            n++;
                        }

                        ok = ParseNanoseconds(rest, n, out nanos, out range);
                        rest = rest[n..];
                    }

                    break;
                case ".000000":
                    if (rest.Length < 7)
                    {
                        ok = false;
                        break;
                    }

                    ok = ParseNanoseconds(rest, 7, out nanos, out range);
                    rest = rest[7..];
                    break;
                case "Z07:00":
                    if (rest.Length >= 1 && rest[0] == 'Z')
                    {
                        rest = rest[1..];
                        break;
                    }

                    if (rest.Length < 6 || rest[3] != ':')
                    {
                        ok = false;
                        break;
                    }

                    var sign = rest[0];
                    var hours = rest[1..3];
                    var minutes = rest[4..6];
                    rest = rest[6..];
                    var offsetHours = 0;
                    var offsetMinutes = 0;
                    ok = GetNumber(ref hours, fixedWidth: true, out offsetHours) && GetNumber(ref minutes, fixedWidth: true, out offsetMinutes);

                    // Go compares with > rather than >=: offsets of 24 hours or 60 minutes are accepted.
                    range = offsetMinutes > 60 ? "time zone offset minute" : offsetHours > 24 ? "time zone offset hour" : null;
                    offset = ((offsetHours * 60) + offsetMinutes) * 60 * (sign == '-' ? -1 : 1);
                    ok &= sign is '+' or '-';
                    break;
            }

            if (range is not null)
            {
                error = $"parsing time {Quote(value)}: {range} out of range";
                return false;
            }

            if (!ok)
            {
                error = Cannot(layout, value, hold, element);
                return false;
            }
        }

        if (rest.Length > 0)
        {
            error = $"parsing time {Quote(value)}: extra text: {Quote(rest)}";
            return false;
        }

        if (day < 1 || day > DaysIn(month, year))
        {
            error = $"parsing time {Quote(value)}: day out of range";
            return false;
        }

        var seconds = (DaysFromCivil(year, month, day) * 86_400) + (hour * 3600) + (minute * 60) + second - offset;
        result = new GoTimestamp(seconds, nanos);
        return true;
    }

    private static IEnumerable<(string Prefix, string Element)> Elements(bool micro)
    {
        yield return ("", "2006");
        yield return ("-", "01");
        yield return ("-", "02");
        yield return ("T", "15");
        yield return (":", "04");
        yield return (":", "05");
        if (micro)
        {
            yield return ("", ".000000");
        }

        yield return ("", "Z07:00");
    }

    private static string Cannot(string layout, string value, string valueElement, string layoutElement) =>
        $"parsing time {Quote(value)} as {Quote(layout)}: cannot parse {Quote(valueElement)} as {Quote(layoutElement)}";

    private static bool Skip(ref string value, string prefix)
    {
        foreach (var c in prefix)
        {
            if (value.Length == 0 || value[0] != c)
            {
                return false;
            }

            value = value[1..];
        }

        return true;
    }

    private static bool IsDigit(string s, int i) => i < s.Length && s[i] is >= '0' and <= '9';

    // Go's getnum: one or two digits (exactly two when fixed).
    private static bool GetNumber(ref string s, bool fixedWidth, out int value)
    {
        value = 0;
        if (!IsDigit(s, 0))
        {
            return false;
        }

        if (!IsDigit(s, 1))
        {
            if (fixedWidth)
            {
                return false;
            }

            value = s[0] - '0';
            s = s[1..];
            return true;
        }

        value = ((s[0] - '0') * 10) + (s[1] - '0');
        s = s[2..];
        return true;
    }

    // Go's atoi: an optional sign, then digits only (none at all reads as 0).
    private static bool TryAtoi(string s, out int value)
    {
        value = 0;
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        value = negative ? -value : value;
        return true;
    }

    // Go's parseNanoseconds: a '.' or ',' then digits; at most nine count.
    private static bool ParseNanoseconds(string value, int length, out int nanos, out string? range)
    {
        nanos = 0;
        range = null;
        if (value[0] is not ('.' or ','))
        {
            return false;
        }

        if (length > 10)
        {
            value = value[..10];
            length = 10;
        }

        if (!TryAtoi(value[1..length], out nanos))
        {
            return false;
        }

        if (nanos < 0)
        {
            range = "fractional second";
            return true;
        }

        for (var i = 0; i < 10 - length; i++)
        {
            nanos *= 10;
        }

        return true;
    }

    private static int DaysIn(int month, int year) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), valid for year 0.
    private static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = FloorDiv(year, 400);
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = FloorDiv(days, 146_097);
        var dayOfEra = days - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var monthIndex = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * monthIndex) + 2) / 5) + 1);
        var month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        return (yearOfEra + (era * 400) + (month <= 2 ? 1 : 0), month, day);
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    // Go's time.quote: ASCII printable as is (with '"' and '\' escaped), every other byte as \xNN.
    private static string Quote(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (b is < 0x20 or >= 0x80)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
            else
            {
                if (b is (byte)'"' or (byte)'\\')
                {
                    text.Append('\\');
                }

                text.Append((char)b);
            }
        }

        return text.Append('"').ToString();
    }
}
