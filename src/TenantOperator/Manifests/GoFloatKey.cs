using System.Globalization;
using System.Text;

namespace TenantOperator.Manifests;

/// <summary>
/// A float mapping key as sigs.k8s.io/yaml turns it into a JSON key: Go's <c>strconv.FormatFloat(f, 'g', -1, 32)</c>
/// (the shortest digits of the 32-bit float, exponent form when the exponent is below -4 or at least 6, as in
/// <c>1e+06</c>), with <c>.inf</c>, <c>-.inf</c> and <c>.nan</c> for the values Go prints as <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </summary>
internal static class GoFloatKey
{
    public static string Format(double value)
    {
        var single = (float)value;
        if (float.IsNaN(single))
        {
            return ".nan";
        }

        if (float.IsInfinity(single))
        {
            return single > 0 ? ".inf" : "-.inf";
        }

        var (negative, digits, point) = ShortestDigits(single);
        var text = new StringBuilder(negative ? "-" : "");
        var exponent = point - 1;
        if (digits.Length > 0 && (exponent < -4 || exponent >= 6))
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (digits.Length == 0)
        {
            text.Append('0');
        }
        else if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }

    /// <summary>The shortest round-trip digits of <paramref name="value"/>, without leading or trailing zeros, and the
    /// position of the decimal point: the value is 0.DIGITS × 10^point.</summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(float value)
    {
        // .NET prints floats with the shortest digits that round-trip, like Go; only the layout differs.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-');
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? text : text[..dot];
        var all = integerPart + (dot < 0 ? "" : text[(dot + 1)..]);
        var point = integerPart.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0').TrimEnd('0');
        return (negative, all, all.Length == 0 ? 0 : point - leading);
    }
}
