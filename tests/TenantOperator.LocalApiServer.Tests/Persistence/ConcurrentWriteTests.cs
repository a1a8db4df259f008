using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>Concurrent writers: the journal keeps the store's resourceVersion order (recovery checks it record by record).</summary>
public sealed class ConcurrentWriteTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task ConcurrentWriters_AreReplayedInRevisionOrder()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath, journalCompactionBytes: 16 * 1024);
        try
        {
            for (var shared = 0; shared < 4; shared++)
            {
                await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"shared-{shared}"));
            }

            await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var step = 0; step < 15; step++)
                {
                    await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"w{writer}-{step}"));
                    var (code, body) = await server.MergePatchAsync($"{ConfigMaps}/shared-{step % 4}", $"{{\"data\":{{\"w{writer}\":\"{step}\"}}}}");
                    Assert.True(code == 200, body.ToJsonString());
                    if (step % 3 == 0)
                    {
                        Assert.Equal(200, (await server.DeleteAsync($"{ConfigMaps}/w{writer}-{step}")).Code);
                    }
                }
            })));
            var before = await server.ListItemsAsync(ConfigMaps);
            var revision = server.Server.ResourceVersion;

            server = await server.RestartAsync();

            Assert.Equal(before, await server.ListItemsAsync(ConfigMaps));
            Assert.Equal(revision, server.Server.ResourceVersion);
            Assert.Equal(4 + (8 * 10), before.Count);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
