using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// A store kept in a data directory: recovers it at start, journals every change after, and compacts the
/// journal into a snapshot when it grows past a threshold. Compaction captures the store and switches to
/// a new journal at one point under the store lock, writes the snapshot aside (writes go on meanwhile),
/// and removes the previous generation only once the new snapshot is durable.
/// </summary>
internal sealed class StorePersistence : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly DataDirectory _directory;
    private readonly ObjectStore _store;
    private readonly long _compactionThreshold;
    private readonly ILogger _logger;
    private readonly WriteAheadJournal _journal;
    private Task _compaction = Task.CompletedTask;
    private bool _compacting;
    private bool _disposing;

    private StorePersistence(DataDirectory directory, ObjectStore store, Recovery recovery, long compactionThreshold, DiskFaults faults, ILogger logger)
    {
        _directory = directory;
        _store = store;
        _compactionThreshold = compactionThreshold;
        _logger = logger;
        _journal = new WriteAheadJournal(directory, recovery.Generation, recovery.JournalLength, recovery.State.Revision, AfterFlush, faults, logger);
    }

    /// <summary>Answers wait on it until what they show is durable.</summary>
    public IDurabilityGate Gate => _journal;

    /// <summary>Journal syncs and the records they held, for measurements.</summary>
    public (long Syncs, long Records) JournalStatistics => _journal.Statistics;

    /// <summary>The data directory's full path.</summary>
    public string DirectoryPath => _directory.FullPath;

    /// <summary>
    /// Locks the data directory at <paramref name="path"/> (creating it), loads it into the empty
    /// <paramref name="store"/>, and journals the store's changes from now on.
    /// </summary>
    public static StorePersistence Open(string path, ObjectStore store, long compactionThreshold, DiskFaults faults, ILogger logger)
    {
        var directory = DataDirectory.Open(path);
        try
        {
            var recovery = StateRecovery.Recover(directory);
            if (recovery.Torn is { } torn)
            {
                logger.LogWarning(
                    "discarded the incomplete last record of {Path} at offset {Offset} ({Length} bytes: {Problem}); a crash cut it short before it was acknowledged",
                    torn.FilePath,
                    torn.Offset,
                    torn.Length,
                    torn.Problem);
            }

            if (recovery.Legacy)
            {
                recovery = Upgrade(directory, recovery, logger);
            }

            // Files of generations before the snapshot loaded are what a crash during a compaction's cleanup left.
            directory.RemoveGenerationsBefore(recovery.BaseGeneration);
            store.Restore(recovery.State.Objects, recovery.State.Revision);
            var persistence = new StorePersistence(directory, store, recovery, compactionThreshold, faults, logger);
            if (recovery.NeedsManifest)
            {
                // The journal that continues exists (and is durable) now; from here on its loss is noticed.
                ManifestFile.Write(directory, recovery.Generation);
            }

            store.AttachJournal(persistence._journal);
            logger.LogInformation(
                "data directory {Path}: {Count} objects at resourceVersion {Revision} (generation {Generation})",
                directory.FullPath,
                recovery.State.ObjectCount,
                recovery.State.Revision,
                recovery.Generation);
            return persistence;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Replaces journals of the first format (no acknowledged length) with a snapshot of what they hold and
    /// a new journal, so the directory is held to what it acknowledged from now on.
    /// </summary>
    private static Recovery Upgrade(DataDirectory directory, Recovery recovery, ILogger logger)
    {
        var generation = recovery.Generation + 1;
        // As in a compaction, the journal first: a snapshot is never without the journal that continues it.
        RecordFileWriter.CreateJournal(directory.JournalPath(generation)).Dispose();
        directory.SyncEntries();
        SnapshotFile.Write(directory, generation, new StoreSnapshot(recovery.State.Revision, [.. recovery.State.Objects]));
        logger.LogInformation(
            "data directory {Path}: journals of the first format replaced by snapshot {Generation} ({Count} objects at resourceVersion {Revision})",
            directory.FullPath,
            generation,
            recovery.State.ObjectCount,
            recovery.State.Revision);
        return recovery with { BaseGeneration = generation, Generation = generation, JournalLength = JournalFile.HeaderSize, Torn = null, Legacy = false, NeedsManifest = true };
    }

    /// <summary>Waits for a running compaction, makes the journal durable and closes it, then unlocks the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        Task compaction;
        lock (_gate)
        {
            _disposing = true;
            compaction = _compaction;
        }

        await compaction;
        _journal.Dispose();
        _directory.Dispose();
    }

    private void AfterFlush(long journalLength)
    {
        if (journalLength < _compactionThreshold)
        {
            return;
        }

        lock (_gate)
        {
            if (_compacting || _disposing)
            {
                return;
            }

            _compacting = true;
            _compaction = Task.Run(CompactAsync);
        }
    }

    private async Task CompactAsync()
    {
        try
        {
            var generation = 0L;
            var opened = Task.CompletedTask;
            var snapshot = _store.CaptureSnapshot(() => (generation, opened) = _journal.StartNextGeneration());
            await opened;
            SnapshotFile.Write(_directory, generation, snapshot);
            _directory.RemoveGenerationsBefore(generation);
            _logger.LogInformation(
                "compacted the data directory into snapshot {Generation}: {Count} objects at resourceVersion {Revision}",
                generation,
                snapshot.Objects.Count,
                snapshot.Revision);
        }
        #pragma warning disable CA1031 // A failed compaction loses nothing and is retried; see the comment below.
        catch (Exception e)
        #pragma warning restore CA1031
        {
            // The previous snapshot and every journal since are still in place: nothing is lost, and the
            // next compaction (when the new journal outgrows the threshold) tries again.
            _logger.LogError(e, "compacting the data directory {Path} failed", _directory.FullPath);
        }
        finally
        {
            lock (_gate)
            {
                _compacting = false;
            }
        }
    }
}
