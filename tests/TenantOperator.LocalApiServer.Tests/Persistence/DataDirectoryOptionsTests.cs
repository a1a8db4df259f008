namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>Bad data directory options are refused with the option and the value named.</summary>
public sealed class DataDirectoryOptionsTests
{
    [Fact]
    public async Task BlankDataDirectory_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { DataDirectory = "  " }));

        Assert.Contains("DataDirectory \"  \" is blank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPositiveCompactionThreshold_IsRefused()
    {
        using var directory = new TemporaryDirectory();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { DataDirectory = directory.FullPath, JournalCompactionBytes = 0 }));

        Assert.Equal("options.JournalCompactionBytes", error.ParamName);
        Assert.Equal(0L, error.ActualValue);
    }
}
