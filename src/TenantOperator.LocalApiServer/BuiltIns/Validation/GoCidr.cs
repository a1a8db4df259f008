namespace TenantOperator.LocalApiServer.BuiltIns.Validation;

/// <summary>
/// A CIDR as Go's net.ParseCIDR reads it, in the "sloppy" form Kubernetes keeps (k8s.io/utils/net.ParseCIDRSloppy:
/// IPv4 octets may have leading zeros). Only what NetworkPolicy validation needs: parse, the prefix length, and
/// IPNet.Contains with Go's handling of IPv4-mapped IPv6 addresses.
/// </summary>
internal sealed class GoCidr
{
    private static readonly byte[] V4InV6Prefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

    private GoCidr(byte[] network, byte[] mask)
    {
        Network = network;
        Mask = mask;
    }

    /// <summary>The network address (IPNet.IP): 4 bytes for an IPv4 CIDR, 16 for IPv6.</summary>
    public byte[] Network { get; }

    /// <summary>The mask (IPNet.Mask), as long as <see cref="Network"/>.</summary>
    public byte[] Mask { get; }

    /// <summary>The number of leading ones of the mask (IPMask.Size).</summary>
    public int PrefixLength => Mask.Sum(b => System.Numerics.BitOperations.PopCount(b));

    /// <summary>Parses <paramref name="text"/> as ParseCIDRSloppy does, or returns null where it fails.</summary>
    public static GoCidr? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var address = text[..slash];
        var maskText = text[(slash + 1)..];
        var length = 4;
        var ip = ParseIPv4(address);
        if (ip is null)
        {
            length = 16;
            ip = ParseIPv6(address);
        }

        var (bits, consumed, ok) = DecimalToInt(maskText);
        if (ip is null || !ok || consumed != maskText.Length || bits > 8 * length)
        {
            return null;
        }

        var mask = CidrMask(bits, 8 * length);
        var network = MaskAddress(ip, mask);
        return network is null ? null : new GoCidr(network, mask);
    }

    /// <summary>IPNet.Contains of another CIDR's network address, as Go compares them.</summary>
    public bool Contains(GoCidr other)
    {
        var ip = To4(other.Network) ?? other.Network;
        var network = To4(Network);
        var mask = Mask;
        if (network is null)
        {
            network = Network;
            if (network.Length != 16)
            {
                return false;
            }
        }

        if (mask.Length == 16 && network.Length == 4)
        {
            mask = mask[12..];
        }
        else if (mask.Length == 4 && network.Length != 4)
        {
            return false;
        }

        if (ip.Length != network.Length)
        {
            return false;
        }

        for (var i = 0; i < ip.Length; i++)
        {
            if ((network[i] & mask[i]) != (ip[i] & mask[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 16-byte IPv4-in-IPv6 form of a dotted quad, leading zeros allowed, or null.</summary>
    private static byte[]? ParseIPv4(string text)
    {
        var address = new byte[4];
        var rest = text.AsSpan();
        for (var i = 0; i < 4; i++)
        {
            if (rest.Length == 0)
            {
                return null;
            }

            if (i > 0)
            {
                if (rest[0] != '.')
                {
                    return null;
                }

                rest = rest[1..];
            }

            var (value, consumed, ok) = DecimalToInt(rest);
            if (!ok || value > 0xFF)
            {
                return null;
            }

            rest = rest[consumed..];
            address[i] = (byte)value;
        }

        return rest.Length == 0 ? [.. V4InV6Prefix, .. address] : null;
    }

    /// <summary>An RFC 4291 literal (with '::' and a trailing dotted quad), as Go's parseIPv6; no zone, no brackets.</summary>
    private static byte[]? ParseIPv6(string text)
    {
        var ip = new byte[16];
        var ellipsis = -1;
        var rest = text.AsSpan();
        if (rest.Length >= 2 && rest[0] == ':' && rest[1] == ':')
        {
            ellipsis = 0;
            rest = rest[2..];
            if (rest.Length == 0)
            {
                return ip;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var (value, consumed, ok) = HexToInt(rest);
            if (!ok || value > 0xFFFF)
            {
                return null;
            }

            if (consumed < rest.Length && rest[consumed] == '.')
            {
                if ((ellipsis < 0 && i != 12) || i + 4 > 16)
                {
                    return null;
                }

                var v4 = ParseIPv4(rest.ToString());
                if (v4 is null)
                {
                    return null;
                }

                Array.Copy(v4, 12, ip, i, 4);
                rest = [];
                i += 4;
                break;
            }

            ip[i] = (byte)(value >> 8);
            ip[i + 1] = (byte)value;
            i += 2;
            rest = rest[consumed..];
            if (rest.Length == 0)
            {
                break;
            }

            if (rest[0] != ':' || rest.Length == 1)
            {
                return null;
            }

            rest = rest[1..];
            if (rest[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return null;
                }

                ellipsis = i;
                rest = rest[1..];
                if (rest.Length == 0)
                {
                    break;
                }
            }
        }

        if (rest.Length != 0)
        {
            return null;
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return null;
            }

            var shift = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + shift] = ip[j];
            }

            for (var j = ellipsis + shift - 1; j >= ellipsis; j--)
            {
                ip[j] = 0;
            }
        }
        else if (ellipsis >= 0)
        {
            return null;
        }

        return ip;
    }

    // Go's dtoi and xtoi: digits up to a bound of 0xFFFFFF, how many were read, and whether any were.
    private const int Big = 0xFFFFFF;

    private static (int Value, int Consumed, bool Ok) DecimalToInt(ReadOnlySpan<char> text)
    {
        var value = 0;
        var i = 0;
        for (; i < text.Length && text[i] is >= '0' and <= '9'; i++)
        {
            value = (value * 10) + (text[i] - '0');
            if (value >= Big)
            {
                return (Big, i, false);
            }
        }

        return i == 0 ? (0, 0, false) : (value, i, true);
    }

    private static (int Value, int Consumed, bool Ok) HexToInt(ReadOnlySpan<char> text)
    {
        var value = 0;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var digit = text[i] switch
            {
                >= '0' and <= '9' => text[i] - '0',
                >= 'a' and <= 'f' => text[i] - 'a' + 10,
                >= 'A' and <= 'F' => text[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                break;
            }

            value = (value * 16) + digit;
            if (value >= Big)
            {
                return (0, i, false);
            }
        }

        return i == 0 ? (0, i, false) : (value, i, true);
    }

    private static byte[] CidrMask(int ones, int bits)
    {
        var mask = new byte[bits / 8];
        for (var i = 0; i < mask.Length; i++)
        {
            var take = Math.Clamp(ones - (8 * i), 0, 8);
            mask[i] = (byte)(0xFF << (8 - take));
        }

        return mask;
    }

    // IP.Mask: a 16-byte IPv4-in-IPv6 address under a 4-byte mask becomes 4 bytes.
    private static byte[]? MaskAddress(byte[] ip, byte[] mask)
    {
        if (mask.Length == 16 && ip.Length == 4 && mask[..12].All(b => b == 0xFF))
        {
            mask = mask[12..];
        }

        if (mask.Length == 4 && ip.Length == 16 && ip.AsSpan(0, 12).SequenceEqual(V4InV6Prefix))
        {
            ip = ip[12..];
        }

        if (ip.Length != mask.Length)
        {
            return null;
        }

        var result = new byte[ip.Length];
        for (var i = 0; i < ip.Length; i++)
        {
            result[i] = (byte)(ip[i] & mask[i]);
        }

        return result;
    }

    // IP.To4: the 4-byte form of an IPv4 or IPv4-mapped address, or null.
    private static byte[]? To4(byte[] ip) => ip.Length switch
    {
        4 => ip,
        16 when ip.AsSpan(0, 12).SequenceEqual(V4InV6Prefix) => ip[12..],
        _ => null,
    };
}
