using System.Text;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Validation;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// The Go behaviours kube-apiserver's answers depend on: time.Parse with the RFC 3339 layouts (and its error texts),
/// net.ParseCIDR in k8s.io/utils' sloppy form, and base64.StdEncoding's decoding errors.
/// </summary>
public sealed class GoPrimitivesTests
{
    [Theory]
    [InlineData("2025-13-01T00:00:00Z", "parsing time \"2025-13-01T00:00:00Z\": month out of range")]
    [InlineData("2025-01-01", "parsing time \"2025-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"")]
    [InlineData("2025-1-01T00:00:00Z", "parsing time \"2025-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01T00:00:00Z\" as \"01\"")]
    [InlineData("2025-01-01T24:00:00Z", "parsing time \"2025-01-01T24:00:00Z\": hour out of range")]
    [InlineData("2025-01-01T10:60:00Z", "parsing time \"2025-01-01T10:60:00Z\": minute out of range")]
    [InlineData("2025-02-29T10:00:00Z", "parsing time \"2025-02-29T10:00:00Z\": day out of range")]
    [InlineData("2025-01-01T10:00:00+25:00", "parsing time \"2025-01-01T10:00:00+25:00\": time zone offset hour out of range")]
    [InlineData("2025-01-01T10:00:00+0100", "parsing time \"2025-01-01T10:00:00+0100\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0100\" as \"Z07:00\"")]
    [InlineData("2025-01-01T10:00:00Zjunk", "parsing time \"2025-01-01T10:00:00Zjunk\": extra text: \"junk\"")]
    [InlineData("yesterday", "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")]
    public void TimeParse_FailsWithGosMessage(string value, string error)
    {
        Assert.False(GoTimestamp.TryParse(value, micro: false, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData("2025-03-01T13:00:00+01:00", false, "2025-03-01T12:00:00Z")]
    [InlineData("2025-03-01T12:00:00.999999999Z", false, "2025-03-01T12:00:00Z")]
    [InlineData("2025-03-01T12:00:00,5Z", false, "2025-03-01T12:00:00Z")]
    [InlineData("2025-03-01T1:00:00Z", false, "2025-03-01T01:00:00Z")]
    [InlineData("2024-02-29T23:30:00-01:00", false, "2024-03-01T00:30:00Z")]
    [InlineData("0000-01-01T00:00:00+01:00", false, "-0001-12-31T23:00:00Z")]
    [InlineData("2025-03-01T13:00:00.123456+01:00", true, "2025-03-01T12:00:00.123456Z")]
    public void TimeParse_AndGoFormatInUtc(string value, bool micro, string formatted)
    {
        Assert.True(GoTimestamp.TryParse(value, micro, out var time, out var error), error);
        Assert.Equal(formatted, time.Format(micro));
    }

    [Fact]
    public void ZeroTime_IsGosZeroValue()
    {
        Assert.True(GoTimestamp.TryParse("0001-01-01T00:00:00Z", micro: false, out var zero, out _));
        Assert.True(zero.IsZero);
        Assert.True(GoTimestamp.TryParse("0001-01-01T01:00:00+01:00", micro: false, out var sameInstant, out _));
        Assert.True(sameInstant.IsZero);
        Assert.Equal("0001-01-01 00:00:00 +0000 UTC", zero.GoString());
    }

    [Theory]
    [InlineData("10.0.0.0/8", 8, true)]
    [InlineData("010.000.000.001/32", 32, true)]
    [InlineData("10.0.0.0/08", 8, true)]
    [InlineData("::/0", 0, true)]
    [InlineData("2001:db8::1/64", 64, true)]
    [InlineData("::ffff:10.0.0.0/104", 104, true)]
    [InlineData("1:2:3:4:5:6:1.2.3.4/96", 96, true)]
    [InlineData("10.0.0.0/33", 0, false)]
    [InlineData("10.0.0.256/8", 0, false)]
    [InlineData("10.0.0/8", 0, false)]
    [InlineData("10.0.0.0", 0, false)]
    [InlineData("10.0.0.0/-1", 0, false)]
    [InlineData("10.0.0.0/ 8", 0, false)]
    [InlineData("[2001:db8::]/32", 0, false)]
    [InlineData("fe80::1%eth0/64", 0, false)]
    [InlineData("1::2::3/64", 0, false)]
    [InlineData("2001:db8::/129", 0, false)]
    [InlineData("", 0, false)]
    public void ParseCidr_AsParseCIDRSloppy(string text, int prefix, bool valid)
    {
        var cidr = GoCidr.Parse(text);
        Assert.Equal(valid, cidr is not null);
        if (cidr is not null)
        {
            Assert.Equal(prefix, cidr.PrefixLength);
        }
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0/16", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.0.0/120", true)]
    [InlineData("10.0.0.0/8", "2001:db8::/32", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.1.0.0/16", true)]
    public void Contains_ComparesAsGoComparesNetworks(string outer, string inner, bool contained) =>
        Assert.Equal(contained, GoCidr.Parse(outer)!.Contains(GoCidr.Parse(inner)!));

    [Theory]
    [InlineData("YWJj", "abc")]
    [InlineData("YWI=", "ab")]
    [InlineData("YQ==", "a")]
    [InlineData("YWJj\nYWJj", "abcabc")]
    [InlineData("", "")]
    public void Base64_DecodesAsStdEncoding(string text, string decoded)
    {
        var bytes = GoBase64.Decode(text, out var error);
        Assert.True(bytes is not null, error);
        Assert.Equal(decoded, Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("YWI", 0)]
    [InlineData("YW=J", 2)]
    [InlineData("YWI=YWJj", 4)]
    [InlineData("YWJj!", 4)]
    [InlineData("=", 0)]
    public void Base64_FailsAtTheOffsetGoReports(string text, int offset)
    {
        Assert.Null(GoBase64.Decode(text, out var error));
        Assert.Equal($"illegal base64 data at input byte {offset}", error);
    }
}
