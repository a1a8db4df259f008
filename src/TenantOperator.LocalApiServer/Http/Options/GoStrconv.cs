using System.Globalization;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Http.Options;

/// <summary>
/// Go's strconv.ParseInt and ParseUint in base 10, with their error texts: kube-apiserver converts query
/// parameters with them and answers their errors verbatim in a 400.
/// </summary>
internal static class GoStrconv
{
    /// <summary>strconv.ParseInt(text, 10, 64): an optional sign, then decimal digits.</summary>
    public static long ParseInt64(string text)
    {
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (!IsDecimal(digits))
        {
            throw Syntax("ParseInt", text);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw OutOfRange("ParseInt", text);
    }

    /// <summary>strconv.ParseUint(text, 10, 64): decimal digits only, no sign.</summary>
    public static ulong ParseUInt64(string text) =>
        !IsDecimal(text) ? throw Syntax("ParseUint", text)
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw OutOfRange("ParseUint", text);

    private static bool IsDecimal(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static FormatException Syntax(string function, string text) =>
        new($"strconv.{function}: parsing {GoText.Quote(text)}: invalid syntax");

    private static FormatException OutOfRange(string function, string text) =>
        new($"strconv.{function}: parsing {GoText.Quote(text)}: value out of range");
}
