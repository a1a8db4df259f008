using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class StringFormatTests
{
    [Theory]
    [InlineData("date-time", "2024-03-01T12:30:00Z", true)]
    [InlineData("date-time", "2024-03-01T12:30:00.123+02:00", true)]
    [InlineData("date-time", "2024-03-01 12:30:00", false)]
    [InlineData("date-time", "2024-13-01T12:30:00Z", false)]
    [InlineData("date-time", "2024-03-01T24:30:00Z", false)]
    [InlineData("date", "2024-02-29", true)]
    [InlineData("date", "2023-02-29", false)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData("uuid", "123E4567E89B12D3A456426614174000", true)]
    [InlineData("uuid", "not-a-uuid", false)]
    [InlineData("uuid4", "123e4567-e89b-42d3-a456-426614174000", true)]
    [InlineData("uuid4", "123e4567-e89b-12d3-a456-426614174000", false)]
    [InlineData("ipv4", "10.0.0.1", true)]
    [InlineData("ipv4", "010.0.0.1", true)]
    [InlineData("ipv4", "256.0.0.1", false)]
    [InlineData("ipv4", "::1", false)]
    [InlineData("ipv6", "fe80::1", true)]
    [InlineData("ipv6", "10.0.0.1", false)]
    [InlineData("cidr", "10.0.0.0/8", true)]
    [InlineData("cidr", "fd00::/64", true)]
    [InlineData("cidr", "10.0.0.0/33", false)]
    [InlineData("cidr", "10.0.0.0", false)]
    [InlineData("hostname", "example.com", true)]
    [InlineData("hostname", "localhost", true)]
    [InlineData("hostname", "-bad-.com", false)]
    [InlineData("byte", "aGVsbG8=", true)]
    [InlineData("byte", "hello!", false)]
    [InlineData("mac", "00:1a:2b:3c:4d:5e", true)]
    [InlineData("mac", "001a.2b3c.4d5e", true)]
    [InlineData("mac", "00:1a:2b", false)]
    [InlineData("email", "someone@example.com", true)]
    [InlineData("email", "not an email", false)]
    [InlineData("uri", "https://example.com/x", true)]
    [InlineData("uri", "/absolute/path", true)]
    [InlineData("uri", "relative", false)]
    [InlineData("duration", "1h30m", true)]
    [InlineData("duration", "3 days", true)]
    [InlineData("duration", "soon", false)]
    [InlineData("hexcolor", "#ff00AA", true)]
    [InlineData("rgbcolor", "rgb(255, 0, 10)", true)]
    [InlineData("isbn10", "0321751043", true)]
    [InlineData("isbn13", "978-0321751041", true)]
    [InlineData("creditcard", "4111 1111 1111 1111", true)]
    [InlineData("creditcard", "4111 1111 1111 1112", false)]
    [InlineData("ssn", "123-45-6789", true)]
    [InlineData("bsonobjectid", "507f1f77bcf86cd799439011", true)]
    [InlineData("password", "anything", true)]
    public void ChecksTheFormatsKubernetesChecks(string format, string value, bool valid)
    {
        var normalized = StringFormats.Normalize(format);
        Assert.NotEqual("", normalized);
        Assert.Equal(valid, StringFormats.IsValid(normalized, value));
    }

    [Theory]
    [InlineData("int32")]
    [InlineData("int64")]
    [InlineData("float")]
    [InlineData("double")]
    [InlineData("quantity")]
    [InlineData("my-own-format")]
    public void IgnoresFormatsKubernetesStrips(string format)
    {
        Assert.Equal("", StringFormats.Normalize(format));
    }
}
