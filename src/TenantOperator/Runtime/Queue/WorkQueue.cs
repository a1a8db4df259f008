namespace TenantOperator.Runtime.Queue;

/// <summary>
/// The <see cref="IWorkQueue{TKey}"/> implementation: a FIFO of ready keys, a set of keys in
/// processing, a set of keys that must run (again), and a delay heap driven by one
/// <see cref="TimeProvider"/> timer for requeue-after and failure backoff.
/// </summary>
public sealed class WorkQueue<TKey> : IWorkQueue<TKey> where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _ready = new();

    // Keys that must be processed (again): queued, or added while being processed.
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];

    // When each dirty key was first added, for the wait-time metric.
    private readonly Dictionary<TKey, long> _addedAt = [];

    // Delayed keys: the heap may hold stale entries; _delayedUntil holds the one time that counts.
    private readonly PriorityQueue<TKey, DateTimeOffset> _delayed = new();
    private readonly Dictionary<TKey, DateTimeOffset> _delayedUntil = [];
    private readonly ITimer _delayTimer;
    private DateTimeOffset? _timerDueAt;

    private readonly SemaphoreSlim _readySignal = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly ItemExponentialBackoff<TKey> _backoff;
    private readonly IWorkQueueMetrics _metrics;
    private readonly string _name;

    /// <summary>Creates a queue.</summary>
    /// <param name="options">Name and backoff settings.</param>
    /// <param name="timeProvider">Clock for delays and wait times (FakeTimeProvider in tests).</param>
    /// <param name="metrics">Where depth, adds, wait times and retries are reported; null for none.</param>
    /// <param name="random">Jitter source in [0, 1); null for <see cref="Random.Shared"/>.</param>
    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null, IWorkQueueMetrics? metrics = null, Func<double>? random = null)
    {
        options ??= new WorkQueueOptions();
        _name = options.Name;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics ?? NoWorkQueueMetrics.Instance;
        _backoff = new ItemExponentialBackoff<TKey>(options.BackoffBase, options.BackoffMax, options.BackoffJitter, random);
        _delayTimer = _time.CreateTimer(_ => MoveDueKeysToReady(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The per-key failure backoff this queue applies in <see cref="AddRateLimited"/>.</summary>
    public ItemExponentialBackoff<TKey> Backoff => _backoff;

    /// <inheritdoc />
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Number of keys waiting for a delay (requeue-after or backoff) to pass.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _delayedUntil.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <inheritdoc />
    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signal = false;
        int depth;
        lock (_lock)
        {
            if (IsShuttingDown || !_dirty.Add(key))
            {
                return;
            }

            _addedAt[key] = _time.GetTimestamp();
            _metrics.Added(_name);

            // A key in processing stays out of the ready queue; Done puts it back.
            if (!_processing.Contains(key))
            {
                _ready.Enqueue(key);
                signal = true;
            }

            depth = _ready.Count;
        }

        if (signal)
        {
            _metrics.DepthChanged(_name, depth);
            _readySignal.Release();
        }
    }

    /// <inheritdoc />
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_delayedUntil.TryGetValue(key, out var existing) && existing <= readyAt)
            {
                return;
            }

            _delayedUntil[key] = readyAt;
            _delayed.Enqueue(key, readyAt);
            RescheduleTimer();
        }
    }

    /// <inheritdoc />
    public void AddRateLimited(TKey key)
    {
        _metrics.Retried(_name);
        AddAfter(key, _backoff.NextDelay(key));
    }

    /// <inheritdoc />
    public void Forget(TKey key) => _backoff.Forget(key);

    /// <inheritdoc />
    public int NumRequeues(TKey key) => _backoff.Failures(key);

    /// <inheritdoc />
    public async Task<WorkItem<TKey>> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await _readySignal.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WorkItem<TKey>(default!, ShuttingDown: true);
        }

        TKey key;
        TimeSpan wait;
        int depth;
        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return new WorkItem<TKey>(default!, ShuttingDown: true);
            }

            // The signal count equals the ready count, so a key is there.
            key = _ready.Dequeue();
            _processing.Add(key);
            _dirty.Remove(key);
            wait = _addedAt.Remove(key, out var addedAt) ? _time.GetElapsedTime(addedAt) : TimeSpan.Zero;
            depth = _ready.Count;
        }

        _metrics.DepthChanged(_name, depth);
        _metrics.Dequeued(_name, wait);
        return new WorkItem<TKey>(key, ShuttingDown: false);
    }

    /// <inheritdoc />
    public void Done(TKey key)
    {
        var signal = false;
        int depth;
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !IsShuttingDown)
            {
                _ready.Enqueue(key);
                signal = true;
            }

            depth = _ready.Count;
        }

        if (signal)
        {
            _metrics.DepthChanged(_name, depth);
            _readySignal.Release();
        }
    }

    /// <inheritdoc />
    public void ShutDown()
    {
        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return;
            }

            _shutdown.Cancel();
            _delayTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ShutDown();
        _delayTimer.Dispose();
        _readySignal.Dispose();
        _shutdown.Dispose();
    }

    private void MoveDueKeysToReady()
    {
        var due = new List<TKey>();
        lock (_lock)
        {
            _timerDueAt = null;
            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var key, out var readyAt) && readyAt <= now)
            {
                _delayed.Dequeue();

                // Skip stale heap entries: the key was re-delayed to an earlier time and already fired.
                if (_delayedUntil.TryGetValue(key, out var current) && current == readyAt)
                {
                    _delayedUntil.Remove(key);
                    due.Add(key);
                }
            }

            if (!IsShuttingDown)
            {
                RescheduleTimer();
            }
        }

        foreach (var key in due)
        {
            Add(key);
        }
    }

    // Caller holds _lock. Points the one timer at the earliest delayed key.
    private void RescheduleTimer()
    {
        // Drop stale entries at the head so the timer is not armed for nothing.
        while (_delayed.TryPeek(out var key, out var readyAt)
               && (!_delayedUntil.TryGetValue(key, out var current) || current != readyAt))
        {
            _delayed.Dequeue();
        }

        if (!_delayed.TryPeek(out _, out var next))
        {
            _timerDueAt = null;
            _delayTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        if (_timerDueAt == next)
        {
            return;
        }

        _timerDueAt = next;
        var dueIn = next - _time.GetUtcNow();
        _delayTimer.Change(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan);
    }
}
