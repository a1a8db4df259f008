using System.Diagnostics;
using System.Runtime.Versioning;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// A data directory that holds less than the server acknowledged never starts "clean": a journal cut at
/// a record boundary, cut back to its header, deleted, or missing a record in the middle stops the start
/// with a message that names the file. Only what was never acknowledged (a torn tail) may be dropped.
/// </summary>
public sealed class AcknowledgedDataTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task JournalCutAtARecordBoundary_StopsTheStart_NamingTheJournal()
    {
        using var directory = new TemporaryDirectory();
        var journal = await WriteThreeConfigMapsAsync(directory);
        var last = JournalLayout.Records(journal)[^1];
        JournalLayout.Truncate(journal, last.Offset);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(journal, error.FilePath);
        Assert.Equal(last.Offset, error.Offset);
        Assert.Contains(journal, error.Message, StringComparison.Ordinal);
        Assert.Contains("acknowledged changes are missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JournalLayout.JournalHeaderSize)]
    [InlineData(8)]
    [InlineData(0)]
    public async Task JournalCutBackToItsHeader_StopsTheStart_NamingTheJournal(int length)
    {
        using var directory = new TemporaryDirectory();
        var journal = await WriteThreeConfigMapsAsync(directory);
        JournalLayout.Truncate(journal, length);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(journal, error.FilePath);
        Assert.Contains(journal, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedJournal_StopsTheStart_NamingIt()
    {
        using var directory = new TemporaryDirectory();
        var journal = await WriteThreeConfigMapsAsync(directory);
        File.Delete(journal);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(journal, error.FilePath);
        Assert.Contains($"{journal}", error.Message, StringComparison.Ordinal);
        Assert.Contains("the journal is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedNewestJournal_AfterACompaction_StopsTheStart()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath, journalCompactionBytes: 2048);
        for (var i = 0; i < 10; i++)
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
        }

        // The server's own start-up writes (the bootstrap RBAC roles) may already have been compacted: any snapshot will do.
        await Eventually.TrueAsync(() => Task.FromResult(Directory.GetFiles(directory.FullPath, "snapshot-*.snap").Length > 0), "a compaction");
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("after-compaction"));
        await server.DisposeAsync();
        var newest = Directory.GetFiles(directory.FullPath, "journal-*.log").Order(StringComparer.Ordinal).Last();
        File.Delete(newest);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(newest, error.FilePath);
    }

    [Fact]
    public async Task RecordRemovedFromTheMiddle_StopsTheStart_EvenWithItsHeaderAdjusted()
    {
        using var directory = new TemporaryDirectory();
        var journal = await WriteThreeConfigMapsAsync(directory);
        var records = JournalLayout.Records(journal);
        var removed = records[^2];
        var bytes = File.ReadAllBytes(journal);
        File.WriteAllBytes(journal, [.. bytes[..(int)removed.Offset], .. bytes[(int)(removed.Offset + removed.Size)..]]);
        JournalLayout.SetAcknowledgedLength(journal, bytes.Length - removed.Size);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(journal, error.FilePath);
        Assert.Equal(removed.Offset, error.Offset);
        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamageToTheLastAcknowledgedRecord_IsDamage_NotATornTail()
    {
        using var directory = new TemporaryDirectory();
        var journal = await WriteThreeConfigMapsAsync(directory);
        var last = JournalLayout.Records(journal)[^1];
        JournalLayout.FlipBit(journal, last.Offset + JournalLayout.FrameHeaderSize + (last.Size / 2));

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(last.Offset, error.Offset);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedManifest_StopsTheStart_NamingIt()
    {
        using var directory = new TemporaryDirectory();
        await WriteThreeConfigMapsAsync(directory);
        var manifest = directory.File("manifest");
        File.Delete(manifest);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(manifest, error.FilePath);
        Assert.Contains("the manifest is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedManifest_StopsTheStart_NamingIt()
    {
        using var directory = new TemporaryDirectory();
        await WriteThreeConfigMapsAsync(directory);
        var manifest = directory.File("manifest");
        JournalLayout.FlipBit(manifest, 10);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Equal(manifest, error.FilePath);
    }

    [Fact]
    public async Task CrashWhileTheDirectoryWasSetUp_StartsClean()
    {
        // What a crash between the first journal and the manifest leaves: a journal that acknowledged nothing.
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteJournal(directory.File(CraftedDataDirectory.JournalName(0)));

        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);

        Assert.Equal(200, (await server.GetAsync("/api/v1/namespaces/default")).Code);
        Assert.True(File.Exists(directory.File("manifest")));
    }

    [Fact]
    public async Task JournalsOfTheFirstFormat_AreRead_AndReplacedByASnapshot()
    {
        using var directory = new TemporaryDirectory();
        CraftedDataDirectory.WriteLegacyJournal(
            directory.File(CraftedDataDirectory.JournalName(0)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("old", 1)),
            new JournalRecord.Put(CraftedDataDirectory.ConfigMap("older", 2)));

        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/old")).Code);
            Assert.False(File.Exists(directory.File(CraftedDataDirectory.JournalName(0))));
            Assert.True(File.Exists(directory.File(CraftedDataDirectory.SnapshotName(1))));
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("new"));
            server = await server.RestartAsync();

            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/older")).Code);
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/new")).Code);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyDataDirectory_IsReportedAsNotWritable_NotAsInUse()
    {
        using var directory = new TemporaryDirectory();
        await (await DataDirectoryServer.StartAsync(directory.FullPath)).DisposeAsync();
        using var readOnly = await ReadOnlyDirectory.MakeAsync(directory.FullPath);

        var error = await Assert.ThrowsAsync<IOException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Contains($"the data directory {directory.FullPath} cannot be written", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in use", error.Message, StringComparison.Ordinal);
    }

    // Three configmaps written and acknowledged, then a clean stop: the journal of generation 0.
    private static async Task<string> WriteThreeConfigMapsAsync(TemporaryDirectory directory)
    {
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("a"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("b"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("c"));
        await server.DisposeAsync();
        return server.JournalPath();
    }

    /// <summary>
    /// Makes a directory refuse new entries for as long as it is held: chmod for an ordinary user; root
    /// ignores permissions, so there the immutable attribute (chattr +i), which binds root too.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private sealed class ReadOnlyDirectory(string path, bool immutable) : IDisposable
    {
        public static async Task<ReadOnlyDirectory> MakeAsync(string path)
        {
            if (Environment.UserName != "root")
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                return new ReadOnlyDirectory(path, immutable: false);
            }

            await RunAsync("chattr", "+i", path);
            return new ReadOnlyDirectory(path, immutable: true);
        }

        public void Dispose()
        {
            if (immutable)
            {
                RunAsync("chattr", "-i", path).GetAwaiter().GetResult();
            }
            else
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        private static async Task RunAsync(string program, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })
                ?? throw new InvalidOperationException($"{program} did not start");
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}
