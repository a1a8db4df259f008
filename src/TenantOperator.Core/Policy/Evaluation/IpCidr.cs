using System.Globalization;

namespace TenantOperator.Policy.Evaluation;

/// <summary>A CIDR block such as <c>10.0.0.0/8</c> or <c>fd00::/64</c>.</summary>
internal readonly record struct IpCidr(AddressFamilies Family, UInt128 Network, int PrefixLength)
{
    /// <summary>
    /// Parses <c>ADDRESS/PREFIX</c>. Bits of the address beyond the prefix are dropped (<c>10.1.2.3/8</c> is
    /// <c>10.0.0.0/8</c>), as the Kubernetes API server's legacy CIDR validation accepts and Go's parser treats them.
    /// </summary>
    public static bool TryParse(string? text, out IpCidr cidr)
    {
        cidr = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.LastIndexOf('/');
        if (slash <= 0 || slash == text.Length - 1 || !IpAddressValue.TryParse(text[..slash], out var address))
        {
            return false;
        }

        var prefixText = text[(slash + 1)..];
        if (prefixText.Length > 3 || !prefixText.All(char.IsAsciiDigit))
        {
            return false;
        }

        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (prefix > address.Width)
        {
            return false;
        }

        cidr = new IpCidr(address.Family, address.Bits & Mask(address.Width, prefix), prefix);
        return true;
    }

    /// <summary>The last address of the block (all host bits set).</summary>
    public UInt128 Last
    {
        get
        {
            var width = Family == AddressFamilies.V4 ? 32 : 128;
            var all = width == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
            return Network | (~Mask(width, PrefixLength) & all);
        }
    }

    public bool Contains(IpAddressValue address) =>
        address.Family == Family && (address.Bits & Mask(Family == AddressFamilies.V4 ? 32 : 128, PrefixLength)) == Network;

    /// <summary>True when <paramref name="inner"/> lies inside this block and is smaller (the API server's rule for <c>except</c>).</summary>
    public bool StrictlyContains(IpCidr inner) =>
        inner.Family == Family && inner.PrefixLength > PrefixLength && Contains(new IpAddressValue(inner.Family, inner.Network));

    public override string ToString() => $"{new IpAddressValue(Family, Network)}/{PrefixLength}";

    private static UInt128 Mask(int width, int prefix)
    {
        if (prefix == 0)
        {
            return UInt128.Zero;
        }

        // Shifting a 128-bit value by 128 is undefined in effect (the count wraps), hence the prefix 0 case above.
        var all = width == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        return (all << (width - prefix)) & all;
    }
}
