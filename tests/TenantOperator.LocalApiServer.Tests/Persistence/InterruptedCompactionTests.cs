using TenantOperator.LocalApiServer.Persistence;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// The crash windows of a compaction, staged file by file: after the switch to the next journal but before
/// the snapshot is in place, and after the snapshot but before the old generation is removed.
/// </summary>
public sealed class InterruptedCompactionTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task CrashBeforeTheSnapshotWasInPlace_ReplaysBothJournals()
    {
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteJournal(
            directory.File(CraftedDataDirectory.JournalName(0)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("first", 1)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("second", 2)));
        CraftedDataDirectory.WriteJournal(
            directory.File(CraftedDataDirectory.JournalName(1)),
            new JournalRecord.Delete("configmaps", "default", "first", 3),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("third", 4)));
        CraftedDataDirectory.WriteManifest(directory, 1);

        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);

        Assert.Equal(404, (await server.GetAsync(ConfigMaps + "/first")).Code);
        Assert.Equal("2", (string?)(await server.GetObjectAsync(ConfigMaps + "/second"))["metadata"]!["resourceVersion"]);
        Assert.Equal("4", (string?)(await server.GetObjectAsync(ConfigMaps + "/third"))["metadata"]!["resourceVersion"]);
        Assert.True(File.Exists(directory.File(CraftedDataDirectory.JournalName(0))), "generation 0 has no snapshot to replace its journal yet");
    }

    [Fact]
    public async Task CrashBeforeTheOldGenerationWasRemoved_LoadsTheSnapshotAndRemovesTheRest()
    {
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteJournal(
            directory.File(CraftedDataDirectory.JournalName(0)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("stale", 1)));
        CraftedDataDirectory.WriteSnapshot(directory.File(CraftedDataDirectory.SnapshotName(1)), 5, CraftedDataDirectory.ConfigMap("current", 5));
        CraftedDataDirectory.WriteJournal(
            directory.File(CraftedDataDirectory.JournalName(1)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("later", 6)));
        CraftedDataDirectory.WriteManifest(directory, 1);

        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);

        Assert.Equal(404, (await server.GetAsync(ConfigMaps + "/stale")).Code);
        Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/current")).Code);
        Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/later")).Code);
        Assert.False(File.Exists(directory.File(CraftedDataDirectory.JournalName(0))));
    }

    [Fact]
    public async Task SnapshotWithoutItsJournal_StopsTheStart()
    {
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteSnapshot(directory.File(CraftedDataDirectory.SnapshotName(2)), 5, CraftedDataDirectory.ConfigMap("current", 5));

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(directory.File(CraftedDataDirectory.JournalName(2)), error.FilePath);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletionOfAnObjectThatDoesNotExist_IsALostRecord()
    {
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteJournal(
            directory.File(CraftedDataDirectory.JournalName(0)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("first", 1)),
            new JournalRecord.Delete("configmaps", "default", "never-created", 2),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("third", 3)));
        CraftedDataDirectory.WriteManifest(directory, 0);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Contains("never-created", error.Message, StringComparison.Ordinal);
        Assert.Equal(JournalLayout.Records(directory.File(CraftedDataDirectory.JournalName(0)))[1].Offset, error.Offset);
    }
}
