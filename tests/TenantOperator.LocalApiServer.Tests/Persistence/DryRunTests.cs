using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>dryRun=All writes are answered as usual but never reach the journal.</summary>
public sealed class DryRunTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task DryRunWrites_AreNotJournalled_AndNotThereAfterARestart()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var real = await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("real"));
            var journalLength = new FileInfo(server.JournalPath()).Length;

            Assert.Equal(201, (await server.PostAsync(ConfigMaps + "?dryRun=All", Manifests.ConfigMap("dry"))).Code);
            Assert.Equal(200, (await server.MergePatchAsync(ConfigMaps + "/real?dryRun=All", "{\"data\":{\"k\":\"dry\"}}")).Code);
            Assert.Equal(200, (await server.DeleteAsync(ConfigMaps + "/real?dryRun=All")).Code);

            Assert.Equal(journalLength, new FileInfo(server.JournalPath()).Length);
            server = await server.RestartAsync();
            Assert.Equal(404, (await server.GetAsync(ConfigMaps + "/dry")).Code);
            Assert.Equal(real.ToJsonString(), (await server.GetObjectAsync(ConfigMaps + "/real")).ToJsonString());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
