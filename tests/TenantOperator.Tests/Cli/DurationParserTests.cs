using TenantOperator.Cli;

namespace TenantOperator.Tests.Cli;

public class DurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:00:15", 15_000)]
    public void GoAndDotNetDurations_AreRead(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5x")]
    [InlineData("15")]
    [InlineData("s")]
    public void OtherText_IsRefused(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
