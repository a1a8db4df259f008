using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TenantOperator.Api.Validation;

/// <summary>
/// Parses CIDRs strictly. <see cref="IPNetwork.TryParse(string, out IPNetwork)"/> alone is too lenient for a security
/// control: it reads <c>010.0.0.0/8</c> as 8.0.0.0/8 and silently clears host bits, so what a user wrote and what is
/// enforced could differ. Here, leading zeros and set host bits are errors that say what was probably meant.
/// </summary>
public static class CidrParser
{
    /// <summary>Parses <paramref name="text"/>; on failure, <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out IPNetwork network, out string error)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            error = "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32";
            return false;
        }

        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        // IPAddress.TryParse also takes forms Go's net/netip (the API server's parser) refuses: "[2001:db8::]",
        // zones ("fe80::1%eth0"), ports; an IPv6 address is only hex digits, colons and an embedded dotted quad.
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.')))
        {
            error = "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32";
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && !IsPlainDottedQuad(addressText))
        {
            error = "must be a CIDR with a dotted-decimal IPv4 address without leading zeros, such as 10.0.0.0/16";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            error = $"must not have an IPv4-mapped IPv6 address: write the IPv4 CIDR ({address.MapToIPv4()}/{Math.Max(0, ParsePrefixOrZero(prefixText) - 96)})";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!IsPlainDecimal(prefixText) || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > maxPrefix)
        {
            error = $"the prefix length must be a number from 0 to {maxPrefix}";
            return false;
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
        {
            error = $"must not have host bits set (did you mean {network}?)";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>True when <paramref name="inner"/> lies inside <paramref name="outer"/> (equal counts as inside).</summary>
    public static bool Contains(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && inner.PrefixLength >= outer.PrefixLength
        && outer.Contains(inner.BaseAddress);

    private static int ParsePrefixOrZero(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) ? prefix : 0;

    private static bool IsPlainDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => IsPlainDecimal(p) && p.Length <= 3);
    }

    private static bool IsPlainDecimal(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsInByte = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsInByte));
        }

        return new IPAddress(bytes);
    }
}
