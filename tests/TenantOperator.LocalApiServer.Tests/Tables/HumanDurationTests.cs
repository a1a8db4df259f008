using TenantOperator.LocalApiServer.Tables;

namespace TenantOperator.LocalApiServer.Tests.Tables;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 10 * 60, "3h10m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(2 * 86400 + 3 * 3600, "2d3h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(3 * 365 * 86400 + 20 * 86400, "3y20d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void FormatsAgesLikeKubectl(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }
}
