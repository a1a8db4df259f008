using System.Net;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>The small value types: addresses, CIDR blocks, ports, endpoints.</summary>
public class AddressAndPortParsingTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("010.000.000.001", true)] // leading zeros read as decimal, as the API server's legacy parser does
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("10", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("[2001:db8::]", false)] // Go's parser, the API server's, takes no brackets
    [InlineData("[::1]:80", false)]
    [InlineData("", false)]
    public void Addresses_AreParsedStrictly(string text, bool valid) =>
        Assert.Equal(valid, IpAddressValue.TryParse(text, out _));

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]     // host bits are dropped
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("0.0.0.0/0", "fd00::1", false)]      // a family never matches the other
    [InlineData("10.0.0.7/32", "10.0.0.7", true)]
    [InlineData("10.0.0.7/32", "10.0.0.8", false)]
    [InlineData("fd00::/64", "fd00::abcd", true)]
    [InlineData("fd00::/64", "fd00:0:0:1::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    public void CidrBlocks_ContainTheirAddresses(string cidr, string address, bool contains)
    {
        Assert.True(IpCidr.TryParse(cidr, out var block));
        Assert.True(IpAddressValue.TryParse(address, out var value));
        Assert.Equal(contains, block.Contains(value));
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("fd00::/129")]
    [InlineData("/8")]
    [InlineData("10.0.0.0/8/8")]
    public void MalformedCidrs_AreRefused(string cidr) => Assert.False(IpCidr.TryParse(cidr, out _));

    [Fact]
    public void CidrText_IsCanonical()
    {
        Assert.True(IpCidr.TryParse("10.1.2.3/8", out var block));
        Assert.Equal("10.0.0.0/8", block.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255")]
    [InlineData("10.0.0.7/32", "10.0.0.7")]
    [InlineData("0.0.0.0/0", "255.255.255.255")]
    [InlineData("fd00::/64", "fd00::ffff:ffff:ffff:ffff")]
    [InlineData("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void TheLastAddressOfABlock_HasEveryHostBitSet(string cidr, string last)
    {
        Assert.True(IpCidr.TryParse(cidr, out var block));
        Assert.Equal(last, new IpAddressValue(block.Family, block.Last).ToString());
    }

    [Theory]
    [InlineData("80", TransportProtocol.Tcp, 80)]
    [InlineData("80/TCP", TransportProtocol.Tcp, 80)]
    [InlineData("53/udp", TransportProtocol.Udp, 53)]
    [InlineData("9000/SCTP", TransportProtocol.Sctp, 9000)]
    public void Ports_Parse(string text, TransportProtocol protocol, int port)
    {
        var parsed = ProtocolPort.Parse(text);
        Assert.Equal(new ProtocolPort(protocol, port), parsed);
        Assert.Equal($"{port}/{protocol.ToKubernetesName()}", parsed.ToString());
    }

    [Theory]
    [InlineData("0/TCP")]
    [InlineData("65536")]
    [InlineData("80/ICMP")]
    [InlineData("http")]
    public void BadPorts_AreRefused(string text) => Assert.Throws<FormatException>(() => ProtocolPort.Parse(text));

    [Fact]
    public void Endpoints_ParsePodsAndAddresses()
    {
        Assert.Equal(Endpoint.Pod("x", "a"), Endpoint.Parse("x/a"));
        Assert.Equal(IPAddress.Parse("fd00::1"), Endpoint.Parse("fd00::1").Address);
        Assert.Equal("10.0.0.1", Endpoint.Parse("10.0.0.1").ToString());
        Assert.Throws<FormatException>(() => Endpoint.Parse("nonsense"));
        Assert.Throws<FormatException>(() => Endpoint.Parse("a/b/c"));
    }
}
