using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>A journal past its threshold becomes a snapshot and a new journal, with the same store after a restart.</summary>
public sealed class CompactionTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const long SmallThreshold = 4096;

    [Fact]
    public async Task Compaction_KeepsTheWholeStore_AndRemovesTheOldGeneration()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath, SmallThreshold);
        try
        {
            await RestartTests.CreateAsync(server, "/api/v1/namespaces", Manifests.Namespace("team-a"));
            for (var i = 0; i < 30; i++)
            {
                await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
            }

            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(200, (await server.MergePatchAsync($"{ConfigMaps}/cm-{i}", $"{{\"data\":{{\"k\":\"v{i}\"}}}}")).Code);
            }

            for (var i = 20; i < 25; i++)
            {
                Assert.Equal(200, (await server.DeleteAsync($"{ConfigMaps}/cm-{i}")).Code);
            }

            await Eventually.TrueAsync(
                () => Task.FromResult(SnapshotFiles(directory).Length > 0 && !File.Exists(server.JournalPath(0))),
                "a snapshot is written and generation 0's journal removed");
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("after-compaction"));
            var configMaps = await server.ListItemsAsync("/api/v1/configmaps");
            var namespaces = await server.ListItemsAsync("/api/v1/namespaces");
            var revision = server.Server.ResourceVersion;

            server = await server.RestartAsync();

            Assert.Equal(configMaps, await server.ListItemsAsync("/api/v1/configmaps"));
            Assert.Equal(namespaces, await server.ListItemsAsync("/api/v1/namespaces"));
            Assert.Equal(revision, server.Server.ResourceVersion);
            Assert.Equal(404, (await server.GetAsync($"{ConfigMaps}/cm-22")).Code);
            Assert.Equal("v3", (string?)(await server.GetObjectAsync($"{ConfigMaps}/cm-3"))["data"]!["k"]);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task DamagedSnapshot_StopsTheStart_NamingTheFileAndOffset()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath, SmallThreshold);
        for (var i = 0; i < 20; i++)
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(SnapshotFiles(directory).Length > 0), "a snapshot is written");
        await server.DisposeAsync();
        var snapshot = SnapshotFiles(directory)[^1];
        var damaged = JournalLayout.Records(snapshot)[3];
        JournalLayout.FlipBit(snapshot, damaged.Offset + JournalLayout.FrameHeaderSize + 20);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));

        Assert.Equal(snapshot, error.FilePath);
        Assert.Equal(damaged.Offset, error.Offset);
    }

    [Fact]
    public async Task SnapshotCutShort_IsDamage_EvenAtItsEnd()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath, SmallThreshold);
        for (var i = 0; i < 20; i++)
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(SnapshotFiles(directory).Length > 0), "a snapshot is written");
        await server.DisposeAsync();
        var snapshot = SnapshotFiles(directory)[^1];
        var end = JournalLayout.Records(snapshot)[^1];
        JournalLayout.Truncate(snapshot, end.Offset);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));

        Assert.Equal(end.Offset, error.Offset);
        Assert.Contains("no end record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfWrittenSnapshot_IsRemoved_AndTheStoreComesFromTheJournal()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("kept"));
            await server.DisposeAsync();
            var leftover = directory.File("snapshot-0000000001.snap.tmp");
            await File.WriteAllTextAsync(leftover, "a crash interrupted this snapshot");

            server = await DataDirectoryServer.StartAsync(server.Options);

            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/kept")).Code);
            Assert.False(File.Exists(leftover));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static string[] SnapshotFiles(TemporaryDirectory directory) =>
        [.. Directory.GetFiles(directory.FullPath, "snapshot-*.snap").Order(StringComparer.Ordinal)];
}
