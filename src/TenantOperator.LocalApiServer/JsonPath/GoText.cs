using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// Renders JSON values as Go's fmt and encoding/json packages render the decoded values, because the texts that
/// kubectl shows (field errors, printer-column cells) are produced that way by the apiserver:
/// <c>%v</c> of a float64 (<c>1e+06</c>), <c>%q</c> of a string, <c>%#v</c> of a map
/// (<c>map[string]interface {}{"name":"x"}</c>) and <c>json.Marshal</c> (sorted keys, HTML-safe escapes).
/// </summary>
internal static class GoText
{
    /// <summary>fmt's <c>%v</c> of a float64: shortest round-trip digits, exponent form when the decimal exponent is below -4 or at least 6.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        var (negative, digits, exponent) = Decompose(value);
        // strconv 'g' with the shortest precision switches to exponent form when exp < -4 || exp >= 6.
        var text = exponent < -4 || exponent >= 6 ? ExponentForm(digits, exponent, twoDigitExponent: true) : PlainForm(digits, exponent);
        return negative ? "-" + text : text;
    }

    /// <summary>encoding/json's rendering of a float64: plain form unless the magnitude is below 1e-6 or at least 1e21.</summary>
    public static string FormatJsonFloat(double value)
    {
        var abs = Math.Abs(value);
        var (negative, digits, exponent) = Decompose(value);
        var text = abs != 0 && (abs < 1e-6 || abs >= 1e21) ? ExponentForm(digits, exponent, twoDigitExponent: false) : PlainForm(digits, exponent);
        return negative ? "-" + text : text;
    }

    /// <summary>fmt's <c>%v</c> of a decoded scalar (what a JSONPath printer column shows for a non-string).</summary>
    public static string Print(JsonNode? node) => GoValues.KindOf(node) switch
    {
        GoKind.Null => "null",
        GoKind.Bool => GoValues.TryGetBool(node, out var b) && b ? "true" : "false",
        GoKind.Int => GoValues.TryGetInt64(node, out var i) ? i.ToString(CultureInfo.InvariantCulture) : "0",
        GoKind.Float => FormatFloat(GoValues.GetDouble(node)),
        GoKind.String => node!.GetValue<string>(),
        _ => Marshal(node),
    };

    /// <summary>Go's <c>strconv.Quote</c>.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            AppendQuotedRune(builder, rune);
        }
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Go's <c>%#v</c> of a decoded JSON value.</summary>
    public static string GoSyntax(JsonNode? node)
    {
        var builder = new StringBuilder();
        AppendGoSyntax(builder, node, nested: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>json.Marshal</c> of a decoded JSON value: compact, map keys sorted, &lt; &gt; &amp; escaped.</summary>
    public static string Marshal(JsonNode? node)
    {
        var builder = new StringBuilder();
        AppendJson(builder, node);
        return builder.ToString();
    }

    private static void AppendGoSyntax(StringBuilder builder, JsonNode? node, bool nested)
    {
        switch (GoValues.KindOf(node))
        {
            case GoKind.Null:
                builder.Append(nested ? "interface {}(nil)" : "<nil>");
                break;
            case GoKind.String:
                builder.Append(Quote(node!.GetValue<string>()));
                break;
            case GoKind.Map:
                builder.Append("map[string]interface {}{");
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }
                    first = false;
                    builder.Append(Quote(key)).Append(':');
                    AppendGoSyntax(builder, value, nested: true);
                }
                builder.Append('}');
                break;
            case GoKind.Slice:
                builder.Append("[]interface {}{");
                var items = (JsonArray)node!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }
                    AppendGoSyntax(builder, items[i], nested: true);
                }
                builder.Append('}');
                break;
            default:
                builder.Append(Print(node));
                break;
        }
    }

    private static void AppendJson(StringBuilder builder, JsonNode? node)
    {
        switch (GoValues.KindOf(node))
        {
            case GoKind.Null:
                builder.Append("null");
                break;
            case GoKind.Bool:
            case GoKind.Int:
                builder.Append(Print(node));
                break;
            case GoKind.Float:
                builder.Append(FormatJsonFloat(GoValues.GetDouble(node)));
                break;
            case GoKind.String:
                AppendJsonString(builder, node!.GetValue<string>());
                break;
            case GoKind.Map:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    AppendJsonString(builder, key);
                    builder.Append(':');
                    AppendJson(builder, value);
                }
                builder.Append('}');
                break;
            case GoKind.Slice:
                builder.Append('[');
                var items = (JsonArray)node!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    AppendJson(builder, items[i]);
                }
                builder.Append(']');
                break;
        }
    }

    private static void AppendJsonString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    private static void AppendQuotedRune(StringBuilder builder, Rune rune)
    {
        switch (rune.Value)
        {
            case '"':
                builder.Append("\\\"");
                return;
            case '\\':
                builder.Append("\\\\");
                return;
            case '\a':
                builder.Append("\\a");
                return;
            case '\b':
                builder.Append("\\b");
                return;
            case '\f':
                builder.Append("\\f");
                return;
            case '\n':
                builder.Append("\\n");
                return;
            case '\r':
                builder.Append("\\r");
                return;
            case '\t':
                builder.Append("\\t");
                return;
            case '\v':
                builder.Append("\\v");
                return;
        }
        if (IsGoPrintable(rune))
        {
            builder.Append(rune.ToString());
        }
        else if (rune.Value < 0x80)
        {
            builder.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune.Value <= 0xFFFF)
        {
            builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsGoPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    // Splits a double into sign, shortest round-trip decimal digits and the decimal exponent of the first digit.
    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        if (value == 0)
        {
            return (negative, "0", 0);
        }
        // "R" gives the shortest digits that round-trip; normalise them to digits + exponent.
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point >= 0 ? mantissa[..point] : mantissa;
        var fraction = point >= 0 ? mantissa[(point + 1)..] : "";
        var all = (integerPart + fraction).TrimStart('0');
        var leadingZeros = (integerPart + fraction).Length - all.Length;
        var digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            return (negative, "0", 0);
        }
        var firstDigitExponent = integerPart.Length - 1 - leadingZeros + exponent;
        return (negative, digits, firstDigitExponent);
    }

    private static string ExponentForm(string digits, int exponent, bool twoDigitExponent)
    {
        var builder = new StringBuilder();
        builder.Append(digits[0]);
        if (digits.Length > 1)
        {
            builder.Append('.').Append(digits, 1, digits.Length - 1);
        }
        builder.Append('e').Append(exponent < 0 ? '-' : '+');
        var magnitude = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        if (twoDigitExponent && magnitude.Length < 2)
        {
            builder.Append('0');
        }
        builder.Append(magnitude);
        return builder.ToString();
    }

    private static string PlainForm(string digits, int exponent)
    {
        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }
        if (digits.Length <= exponent + 1)
        {
            return digits + new string('0', exponent + 1 - digits.Length);
        }
        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
