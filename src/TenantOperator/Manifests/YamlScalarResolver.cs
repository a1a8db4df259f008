using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace TenantOperator.Manifests;

/// <summary>
/// Resolves YAML scalars as kubectl does: sigs.k8s.io/yaml reads YAML through go-yaml v2, whose <c>resolve</c> applies
/// YAML 1.1 rules with Go's number parsing. Quoted scalars are strings. A plain scalar is, by its first character:
/// <list type="bullet">
/// <item>a boolean: <c>y Y yes Yes YES true True TRUE on On ON</c> and <c>n N no No NO false False FALSE off Off OFF</c>;</item>
/// <item>null: nothing, <c>~ null Null NULL</c>;</item>
/// <item>starting with a digit or sign, and after removing every <c>_</c>: an integer as Go's <c>ParseInt(s, 0, 64)</c>
/// reads it (<c>0120</c> octal is 80, <c>0x50</c>, <c>0o120</c>, <c>0b1010000</c>), else an unsigned 64-bit integer,
/// else a float matching <c>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?</c> (<c>08</c> is 8.0, <c>1e3</c>);</item>
/// <item>starting with a dot: <c>.inf .nan</c> and their case variants, or a Go float such as <c>.5</c>;</item>
/// <item>otherwise a string: sexagesimal <c>1:20</c> and timestamps stay strings.</item>
/// </list>
/// An explicit tag (<c>!!int "12"</c>) resolves the text as a plain scalar and must agree with it (<c>!!float</c> also
/// takes integers); <c>!!str</c>, <c>!</c>, and unknown tags give the text; <c>!!binary</c> its base64-decoded text.
/// </summary>
internal static partial class YamlScalarResolver
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    private static readonly Dictionary<string, YamlScalar> Fixed = Build();

    /// <summary>Resolves a scalar event's text; throws, with the position, when its tag does not fit its text.</summary>
    public static YamlScalar Resolve(string text, ScalarStyle style, TagName tag, bool plainImplicit, long line, long column)
    {
        if (tag.IsEmpty)
        {
            return style == ScalarStyle.Plain && plainImplicit ? ResolvePlain(text) : new YamlScalar(YamlScalarKind.String, text);
        }

        if (tag.IsNonSpecific || !tag.Value.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            return new YamlScalar(YamlScalarKind.String, text);
        }

        var name = tag.Value[YamlTagPrefix.Length..];
        if (name == "binary")
        {
            return Binary(text, line, column);
        }

        var expected = name switch
        {
            "bool" => YamlScalarKind.Boolean,
            "int" => YamlScalarKind.Integer,
            "float" => YamlScalarKind.Float,
            "null" => YamlScalarKind.Null,
            "timestamp" => YamlScalarKind.String,
            _ => (YamlScalarKind?)null, // !!str, !!merge, !!map, ...: the text as it is
        };
        if (expected is null)
        {
            return new YamlScalar(YamlScalarKind.String, text);
        }

        var resolved = ResolvePlain(text);
        return (expected, resolved.Kind) switch
        {
            (YamlScalarKind.String, YamlScalarKind.String) when IsTimestamp(text) => resolved,
            (YamlScalarKind.Float, YamlScalarKind.Integer) => resolved with { Kind = YamlScalarKind.Float, Float = (double)resolved.Integer },
            var (want, got) when want == got && want != YamlScalarKind.String => resolved,
            _ => throw new ManifestInputException($"cannot decode !!{KindTag(resolved.Kind)} `{Quoted.IfNeeded(text)}` as a !!{Quoted.IfNeeded(name)}", line, column),
        };
    }

    /// <summary>Resolves an untagged plain scalar.</summary>
    public static YamlScalar ResolvePlain(string text)
    {
        if (text.Length == 0)
        {
            return new YamlScalar(YamlScalarKind.Null, text);
        }

        var first = text[0];
        if (first is not ('+' or '-' or '.' or (>= '0' and <= '9') or 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~'))
        {
            return new YamlScalar(YamlScalarKind.String, text);
        }

        if (Fixed.TryGetValue(text, out var known))
        {
            return known with { Text = text };
        }

        if (first == '.')
        {
            return GoFloatWithLeadingDot(text);
        }

        if (first is '+' or '-' or (>= '0' and <= '9'))
        {
            return Number(text);
        }

        return new YamlScalar(YamlScalarKind.String, text);
    }

    private static YamlScalar Number(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (TryParseSigned(plain, out var signed))
        {
            return new YamlScalar(YamlScalarKind.Integer, text, Integer: signed);
        }

        if (TryParseUnsigned(plain, out var unsigned))
        {
            return new YamlScalar(YamlScalarKind.Integer, text, Integer: unsigned);
        }

        if (YamlFloatRegex().IsMatch(plain))
        {
            var value = double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(value)
                ? new YamlScalar(YamlScalarKind.Float, text, Float: value)
                : new YamlScalar(YamlScalarKind.String, text, NumberOutOfRange: true); // Go's ParseFloat fails with ErrRange
        }

        // Integer syntax too large for 64 bits (0x1_0000_0000_0000_0000): Go's parsers fail, so go-yaml keeps the text.
        return new YamlScalar(YamlScalarKind.String, text, NumberOutOfRange: IntegerSyntaxRegex().IsMatch(plain));
    }

    /// <summary>Go's <c>ParseFloat</c> on a scalar starting with a dot: decimal digits, an exponent, underscores between digits.</summary>
    private static YamlScalar GoFloatWithLeadingDot(string text)
    {
        if (!UnderscoresBetweenDigits(text))
        {
            return new YamlScalar(YamlScalarKind.String, text);
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (!DotFloatRegex().IsMatch(plain))
        {
            return new YamlScalar(YamlScalarKind.String, text);
        }

        var value = double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value)
            ? new YamlScalar(YamlScalarKind.Float, text, Float: value)
            : new YamlScalar(YamlScalarKind.String, text, NumberOutOfRange: true);
    }

    /// <summary>Go's rule for underscores in number literals: each one between two digits.</summary>
    private static bool UnderscoresBetweenDigits(string text)
    {
        var previous = '^';
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                previous = '0';
            }
            else if (c == '_')
            {
                if (previous != '0')
                {
                    return false;
                }

                previous = '_';
            }
            else if (previous == '_')
            {
                return false;
            }
            else
            {
                previous = '!';
            }
        }

        return previous != '_';
    }

    /// <summary>Go's <c>ParseInt(s, 0, 64)</c>: an optional sign, then as <see cref="TryParseUnsigned"/>, within int64.</summary>
    private static bool TryParseSigned(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        if (!TryParseUnsigned(text, out var magnitude) || magnitude > (negative ? 1UL << 63 : long.MaxValue))
        {
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>Go's <c>ParseUint(s, 0, 64)</c>: prefix 0x, 0o or 0b (with at least one digit after it), a leading 0
    /// for octal, else decimal; no sign.</summary>
    private static bool TryParseUnsigned(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var radix = 10UL;
        if (text[0] == '0')
        {
            radix = text.Length >= 3 ? char.ToLowerInvariant(text[1]) switch
            {
                'b' => 2UL,
                'o' => 8UL,
                'x' => 16UL,
                _ => 0UL,
            } : 0UL;
            // A bare leading zero means octal and is itself a digit; a letter prefix is not.
            text = radix == 0 ? text[1..] : text[2..];
            radix = radix == 0 ? 8 : radix;
        }

        foreach (var c in text)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => (ulong)(c - '0'),
                >= 'a' and <= 'z' => (ulong)(c - 'a' + 10),
                >= 'A' and <= 'Z' => (ulong)(c - 'A' + 10),
                _ => ulong.MaxValue,
            };
            if (digit >= radix || value > (ulong.MaxValue - digit) / radix)
            {
                return false;
            }

            value = (value * radix) + digit;
        }

        return true;
    }

    private static YamlScalar Binary(string text, long line, long column)
    {
        try
        {
            // Go keeps the bytes; its JSON encoder then replaces invalid UTF-8 with U+FFFD, as this decoder does.
            var bytes = Convert.FromBase64String(text);
            return new YamlScalar(YamlScalarKind.String, Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException)
        {
            throw new ManifestInputException("!!binary value contains invalid base64 data", line, column);
        }
    }

    private static bool IsTimestamp(string text)
    {
        var match = TimestampRegex().Match(text);
        return match.Success && DateTime.TryParseExact(match.Groups["date"].Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static string KindTag(YamlScalarKind kind) => kind switch
    {
        YamlScalarKind.Null => "null",
        YamlScalarKind.Boolean => "bool",
        YamlScalarKind.Integer => "int",
        YamlScalarKind.Float => "float",
        _ => "str",
    };

    private static Dictionary<string, YamlScalar> Build()
    {
        var table = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        void Add(YamlScalar scalar, params string[] texts)
        {
            foreach (var text in texts)
            {
                table[text] = scalar;
            }
        }

        Add(new YamlScalar(YamlScalarKind.Boolean, "", Boolean: true), "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        Add(new YamlScalar(YamlScalarKind.Boolean, "", Boolean: false), "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        Add(new YamlScalar(YamlScalarKind.Null, ""), "~", "null", "Null", "NULL");
        Add(new YamlScalar(YamlScalarKind.Float, "", Float: double.NaN), ".nan", ".NaN", ".NAN");
        Add(new YamlScalar(YamlScalarKind.Float, "", Float: double.PositiveInfinity), ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
        Add(new YamlScalar(YamlScalarKind.Float, "", Float: double.NegativeInfinity), "-.inf", "-.Inf", "-.INF");
        return table;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloatRegex();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloatRegex();

    [GeneratedRegex(@"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerSyntaxRegex();

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRegex();
}
