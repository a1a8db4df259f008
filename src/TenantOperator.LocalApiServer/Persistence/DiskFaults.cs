namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Disk faults armed by tests through <see cref="Faults.FaultInjector"/>: a journal sync that takes longer
/// (a slow disk widens the window in which a change is committed in memory but not yet durable), or one
/// that fails (a full or broken disk).
/// </summary>
internal sealed class DiskFaults(TimeProvider time)
{
    private long _syncDelayTicks;
    private int _failNextSync;

    /// <summary>How much longer each journal sync takes; zero for none.</summary>
    public TimeSpan SyncDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _syncDelayTicks));
        set => Interlocked.Exchange(ref _syncDelayTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Makes the next journal sync fail.</summary>
    public void FailNextSync() => Interlocked.Exchange(ref _failNextSync, 1);

    /// <summary>Runs on the journal's flusher thread before each sync: waits out the delay, then fails if armed.</summary>
    public void BeforeSync()
    {
        var delay = SyncDelay;
        if (delay > TimeSpan.Zero)
        {
            // The flusher is a dedicated thread; blocking it is what a slow fsync does.
            Task.Delay(delay, time).Wait();
        }

        if (Interlocked.Exchange(ref _failNextSync, 0) == 1)
        {
            throw new IOException("injected disk fault: the sync failed");
        }
    }
}
