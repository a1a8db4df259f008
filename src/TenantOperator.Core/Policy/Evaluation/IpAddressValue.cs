using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace TenantOperator.Policy.Evaluation;

/// <summary>An IP address as a family and a 128-bit integer (IPv4 in the low 32 bits), cheap to compare and mask.</summary>
internal readonly record struct IpAddressValue(AddressFamilies Family, UInt128 Bits)
{
    public int Width => Family == AddressFamilies.V4 ? 32 : 128;

    /// <summary>
    /// Parses an address strictly: IPv4 only as four decimal parts (no <c>10.1</c>, no hex), IPv6 in any standard form
    /// without brackets, port or zone. Leading zeros in IPv4 parts are read as decimal, as the Kubernetes API server's legacy parser does.
    /// </summary>
    public static bool TryParse(string? text, out IpAddressValue value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            // IPAddress.TryParse also takes "[2001:db8::]", "[::1]:80" and zones ("fe80::1%eth0"), which Go's parser (the
            // API server's) refuses: an IPv6 address is hex digits and colons, with at most an embedded dotted quad.
            if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            value = From(v6);
            return true;
        }

        return TryParseV4(text, out value);
    }

    public static IpAddressValue From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return new IpAddressValue(AddressFamilies.V4, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        address.TryWriteBytes(bytes, out _);
        return new IpAddressValue(AddressFamilies.V6, BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    public IPAddress ToIPAddress()
    {
        if (Family == AddressFamilies.V4)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Bits);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, Bits);
        return new IPAddress(v6);
    }

    public override string ToString() => ToIPAddress().ToString();

    private static bool TryParseV4(string text, out IpAddressValue value)
    {
        value = default;
        uint bits = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            var octet = int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            bits = (bits << 8) | (uint)octet;
        }

        value = new IpAddressValue(AddressFamilies.V4, bits);
        return true;
    }
}
