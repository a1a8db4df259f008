using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The journal, with group commit. The store hands it each committed change under the store lock, in
/// resourceVersion order, and that only queues. One flusher thread writes whatever is queued, fsyncs once
/// for the batch, and then releases the answers waiting for those revisions; changes that arrive during
/// an fsync go out together in the next one, so concurrent writers share the disk's latency instead of
/// queueing behind it. A failed write or fsync is final: the journal stops taking changes, and every
/// answer that would show one not yet durable becomes an error, as kube-apiserver's do when etcd is gone.
/// </summary>
internal sealed class WriteAheadJournal : IStoreJournal, IDurabilityGate, IDisposable
{
    // A plain object, not a Lock: the flusher sleeps on it with Monitor.Wait.
    private readonly object _gate = new();
    private readonly DataDirectory _directory;
    private readonly Action<long> _afterFlush;
    private readonly DiskFaults _faults;
    private readonly ILogger _logger;
    private readonly Thread _flusher;
    private List<Pending> _pending = [];
    private TaskCompletionSource _nextFlush = NewSignal();
    private RecordFileWriter _file;
    private long _generation;
    private long _appendedRevision;
    private long _durableRevision;
    private IOException? _failure;
    private bool _stopping;
    private bool _stopped;
    private long _syncs;
    private long _recordsWritten;

    /// <summary>
    /// Continues generation <paramref name="generation"/>'s journal after its first <paramref name="validLength"/>
    /// bytes (creating it when absent). <paramref name="afterFlush"/> gets the journal's length after each
    /// batch, on the flusher thread.
    /// </summary>
    public WriteAheadJournal(DataDirectory directory, long generation, long validLength, long revision, Action<long> afterFlush, DiskFaults faults, ILogger logger)
    {
        _directory = directory;
        _generation = generation;
        _afterFlush = afterFlush;
        _faults = faults;
        _logger = logger;
        var path = directory.JournalPath(generation);
        var created = !File.Exists(path);
        _file = RecordFileWriter.ContinueJournal(path, validLength);
        if (created)
        {
            directory.SyncEntries();
        }

        _appendedRevision = revision;
        _durableRevision = revision;
        _flusher = new Thread(RunFlusher) { IsBackground = true, Name = "local-apiserver journal" };
        _flusher.Start();
    }

    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure?.Message;
            }
        }
    }

    /// <summary>How many batches were synced, and how many records they held: their ratio is the group commit's batch size.</summary>
    public (long Syncs, long Records) Statistics => (Interlocked.Read(ref _syncs), Interlocked.Read(ref _recordsWritten));

    public void Record(StoreEvent change)
    {
        var obj = change.Object;
        JournalRecord record = change.Type == StoreEventType.Deleted
            ? new JournalRecord.Delete(obj.StorageKey, obj.Namespace, obj.Name, change.Revision)
            : new JournalRecord.Put(obj);
        Enqueue(new Append(record));
    }

    public void RecordPurge(string storageKey) => Enqueue(new Append(new JournalRecord.Purge(storageKey)));

    /// <summary>
    /// Queues the switch to the next generation's journal. Call it under the store lock (from
    /// <see cref="ObjectStore.CaptureSnapshot"/>) so the switch falls exactly at the snapshot. The task
    /// completes once the new journal exists and everything before the switch is durable.
    /// </summary>
    public (long Generation, Task Opened) StartNextGeneration()
    {
        lock (_gate)
        {
            if (_failure is not null || _stopping)
            {
                return (_generation, Task.FromException(new IOException("the journal is not taking changes", _failure)));
            }

            var rotate = new Rotate(++_generation, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _pending.Add(rotate);
            Monitor.Pulse(_gate);
            return (rotate.Generation, rotate.Opened.Task);
        }
    }

    public ValueTask WhenDurableAsync(long revision, CancellationToken cancellation) =>
        revision <= Volatile.Read(ref _durableRevision) ? ValueTask.CompletedTask : new ValueTask(WaitAsync(revision, cancellation));

    public ValueTask WhenAllDurableAsync(CancellationToken cancellation) => WhenDurableAsync(Volatile.Read(ref _appendedRevision), cancellation);

    /// <summary>Writes and syncs what is queued, then stops the flusher and closes the journal.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _flusher.Join();
        _file.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Enqueue(Append append)
    {
        lock (_gate)
        {
            if (_failure is not null || _stopped)
            {
                // Not durable and never will be: answers showing it wait on the failure (or the server is gone).
                return;
            }

            _pending.Add(append);
            if (append.Record.Revision > _appendedRevision)
            {
                Volatile.Write(ref _appendedRevision, append.Record.Revision);
            }

            Monitor.Pulse(_gate);
        }
    }

    private async Task WaitAsync(long revision, CancellationToken cancellation)
    {
        while (true)
        {
            Task flushed;
            lock (_gate)
            {
                // Every stamped revision is appended before anyone can see it; the clamp only guards that.
                if (Math.Min(revision, _appendedRevision) <= _durableRevision)
                {
                    return;
                }

                if (_failure is not null)
                {
                    throw new IOException(_failure.Message, _failure);
                }

                flushed = _nextFlush.Task;
            }

            await flushed.WaitAsync(cancellation);
        }
    }

    private void RunFlusher()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Count == 0)
                {
                    _stopped = true;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            WriteBatch(batch);
        }
    }

    private void WriteBatch(List<Pending> batch)
    {
        var revision = 0L;
        try
        {
            foreach (var item in batch)
            {
                switch (item)
                {
                    case Append append:
                        _file.Append(append.Record);
                        revision = Math.Max(revision, append.Record.Revision);
                        break;
                    case Rotate rotate:
                        OpenGeneration(rotate.Generation);
                        break;
                }
            }

            _faults.BeforeSync();
            _file.Sync();
            Interlocked.Increment(ref _syncs);
            Interlocked.Add(ref _recordsWritten, batch.Count(i => i is Append));
        }
        #pragma warning disable CA1031 // Any write or sync failure fails the whole batch for its waiters (Fail), whatever its type.
        catch (Exception e)
        #pragma warning restore CA1031
        {
            Fail(e, batch);
            return;
        }

        TaskCompletionSource flushed;
        lock (_gate)
        {
            if (revision > _durableRevision)
            {
                Volatile.Write(ref _durableRevision, revision);
            }

            flushed = _nextFlush;
            _nextFlush = NewSignal();
        }

        flushed.SetResult();
        foreach (var rotate in batch.OfType<Rotate>())
        {
            rotate.Opened.SetResult();
        }

        try
        {
            _afterFlush(_file.Length);
        }
        #pragma warning disable CA1031 // Only a compaction trigger: see the comment below.
        catch (Exception e)
        #pragma warning restore CA1031
        {
            // Only a compaction trigger: a failure there must not stop the flusher.
            _logger.LogError(e, "after syncing the journal {Path}", _file.FilePath);
        }
    }

    // The previous journal is synced before the next one exists, so only the newest journal can end torn;
    // the manifest names the next one before anything goes into it.
    private void OpenGeneration(long generation)
    {
        _file.Sync();
        _file.Dispose();
        _file = RecordFileWriter.CreateJournal(_directory.JournalPath(generation));
        _directory.SyncEntries();
        ManifestFile.Write(_directory, generation);
    }

    private void Fail(Exception error, List<Pending> batch)
    {
        var failure = new IOException($"writing the journal {_file.FilePath} failed, so no further change can be made durable: {error.Message}", error);
        _logger.LogCritical(error, "the data directory journal {Path} failed; every answer showing a later change is now an error until the server restarts", _file.FilePath);
        TaskCompletionSource flushed;
        List<Pending> abandoned;
        lock (_gate)
        {
            _failure = failure;
            abandoned = [.. batch, .. _pending];
            _pending = [];
            flushed = _nextFlush;
            _nextFlush = NewSignal();
        }

        flushed.SetResult();
        foreach (var rotate in abandoned.OfType<Rotate>())
        {
            rotate.Opened.TrySetException(failure);
        }
    }

    private abstract record Pending;

    private sealed record Append(JournalRecord Record) : Pending;

    private sealed record Rotate(long Generation, TaskCompletionSource Opened) : Pending;
}
