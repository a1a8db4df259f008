using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// What a crash leaves on disk: acknowledged writes are there, a record cut short is dropped (it was
/// never acknowledged), and damage anywhere else stops the start with the file and the offset.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task AcknowledgedWrites_AreOnDiskTheMomentKubernetesClientHasTheAnswer()
    {
        using var directory = new TemporaryDirectory();
        using var crashed = new TemporaryDirectory();
        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        // A slow disk: without the wait for durability, answers would overtake the journal by far.
        server.Server.Faults.SlowDisk(TimeSpan.FromMilliseconds(100));
        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"acked-{i}" }, Data = new Dictionary<string, string> { ["i"] = $"{i}" } }, "default")));
        var updated = await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"i\":\"patched\"}}", V1Patch.PatchType.MergePatch), "acked-0", "default");

        // The process dies now: what survives is what the files hold at this instant (the server keeps running).
        CopyDataFiles(directory.FullPath, crashed.FullPath);
        await using var restarted = await DataDirectoryServer.StartAsync(crashed.FullPath);

        var list = await restarted.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        var byName = list.Items.ToDictionary(c => c.Metadata.Name);
        foreach (var acknowledged in created.Skip(1).Append(updated))
        {
            Assert.True(byName.TryGetValue(acknowledged.Metadata.Name, out var found), $"{acknowledged.Metadata.Name} was acknowledged but is gone");
            Assert.Equal(acknowledged.Metadata.ResourceVersion, found.Metadata.ResourceVersion);
            Assert.Equal(acknowledged.Metadata.Uid, found.Metadata.Uid);
            Assert.Equal(acknowledged.Data, found.Data);
        }
    }

    [Fact]
    public async Task TornLastRecord_IsDiscarded_AndEverythingBeforeItKept()
    {
        using var directory = new TemporaryDirectory();
        using var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("a"));
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("b"));
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("torn"));
            await server.DisposeAsync();
            var journal = server.JournalPath();
            var last = JournalLayout.Records(journal)[^1];
            // A crash in the middle of the last append: the record cut short, the header not yet acknowledging it.
            JournalLayout.Truncate(journal, last.Offset + (last.Size / 2));
            JournalLayout.SetAcknowledgedLength(journal, last.Offset);

            server = await DataDirectoryServer.StartAsync(new LocalApiServerOptions { DataDirectory = directory.FullPath, LoggerFactory = loggerFactory });

            Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains($"{journal} at offset {last.Offset} ({last.Size / 2} bytes", StringComparison.Ordinal));
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/a")).Code);
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/b")).Code);
            Assert.Equal(404, (await server.GetAsync(ConfigMaps + "/torn")).Code);
            Assert.Equal(last.Offset, new FileInfo(journal).Length);

            // New records go where the torn one was cut off, so the next start reads them all.
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("after"));
            server = await server.RestartAsync();
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/after")).Code);
            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/b")).Code);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ZeroFilledTail_IsACrashLeftover_NotDamage()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("kept"));
            await server.DisposeAsync();
            await using (var journal = new FileStream(server.JournalPath(), FileMode.Append))
            {
                journal.Write(new byte[4096]);
            }

            server = await DataDirectoryServer.StartAsync(server.Options);

            Assert.Equal(200, (await server.GetAsync(ConfigMaps + "/kept")).Code);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task DamagedMiddleRecord_StopsTheStart_NamingTheFileAndOffset()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("a"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("b"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("c"));
        await server.DisposeAsync();
        var journal = server.JournalPath();
        var records = JournalLayout.Records(journal);
        var damaged = records[^2];
        JournalLayout.FlipBit(journal, damaged.Offset + JournalLayout.FrameHeaderSize + (damaged.Size / 2));

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));

        Assert.Equal(journal, error.FilePath);
        Assert.Equal(damaged.Offset, error.Offset);
        Assert.Contains($"damaged at {journal}, offset {damaged.Offset}: the record's checksum does not match its content", error.Message, StringComparison.Ordinal);
        // The failed start released the directory: the same error again, not "in use".
        await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));
    }

    [Fact]
    public async Task DamagedRecordLength_InTheMiddle_IsDamageNotATornTail()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("a"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("b"));
        await server.DisposeAsync();
        var journal = server.JournalPath();
        var damaged = JournalLayout.Records(journal)[^2];
        // Bit 28 of the length: the record now claims 256 MiB more than the file holds, as a cut-off record would.
        JournalLayout.FlipBit(journal, damaged.Offset + 3);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));

        Assert.Equal(damaged.Offset, error.Offset);
    }

    [Fact]
    public async Task JournalOutOfOrder_StopsTheStart()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("a"));
        await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("b"));
        await server.DisposeAsync();
        var journal = server.JournalPath();
        var records = JournalLayout.Records(journal);
        var bytes = File.ReadAllBytes(journal);
        var (first, second) = (records[^2], records[^1]);
        // Swap the last two records: each is sound, but "b" now precedes "a" whose resourceVersion is lower.
        var swapped = bytes[..(int)first.Offset]
            .Concat(bytes.AsSpan((int)second.Offset, second.Size).ToArray())
            .Concat(bytes.AsSpan((int)first.Offset, first.Size).ToArray())
            .ToArray();
        File.WriteAllBytes(journal, swapped);

        var error = await Assert.ThrowsAsync<DataDirectoryCorruptException>(() => DataDirectoryServer.StartAsync(server.Options));

        // "b" now sits where "a" was: its resourceVersion skips a's, which is missing at that point.
        Assert.Equal(first.Offset, error.Offset);
        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryEntries_AreFlushedToDisk_OnThisPlatform()
    {
        using var directory = new TemporaryDirectory();

        var flushed = DirectorySync.TryFlush(directory.FullPath);

        Assert.Equal(!OperatingSystem.IsWindows(), flushed);
    }

    // Copies the files as they are now (everything but the lock, which the running server holds).
    internal static void CopyDataFiles(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from).Where(f => Path.GetFileName(f) != "lock"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
