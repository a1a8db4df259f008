namespace TenantOperator.Runtime.Queue;

/// <summary>
/// A work queue with client-go semantics: a key is queued at most once; a key is never handed to two
/// workers at once; a key added while a worker processes it is handed out once more after
/// <see cref="Done"/>; failures back off per key.
/// </summary>
/// <remarks>
/// A worker takes a key with <see cref="GetAsync"/>, processes it, and must then call
/// <see cref="Done"/> for it, whatever happened; on success it also calls <see cref="Forget"/>,
/// on failure <see cref="AddRateLimited"/>.
/// </remarks>
public interface IWorkQueue<TKey> : IDisposable where TKey : notnull
{
    /// <summary>Number of keys waiting to be handed out (not those being processed or delayed).</summary>
    int Depth { get; }

    /// <summary>True after <see cref="ShutDown"/>.</summary>
    bool IsShuttingDown { get; }

    /// <summary>Queues <paramref name="key"/> unless it is already queued; if it is being processed, it runs again after.</summary>
    void Add(TKey key);

    /// <summary>Queues <paramref name="key"/> once <paramref name="delay"/> has passed (requeue-after).</summary>
    /// <remarks>If the key is already waiting for a later time, the earlier time wins.</remarks>
    void AddAfter(TKey key, TimeSpan delay);

    /// <summary>Queues <paramref name="key"/> after its per-key exponential backoff, counting one more failure.</summary>
    void AddRateLimited(TKey key);

    /// <summary>Clears the failure count of <paramref name="key"/>; call after it was processed successfully.</summary>
    void Forget(TKey key);

    /// <summary>Consecutive failures of <paramref name="key"/> since it was last forgotten.</summary>
    int NumRequeues(TKey key);

    /// <summary>Waits for a key to process; returns <see cref="WorkItem{TKey}.ShuttingDown"/> once the queue is shut down.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled first.</exception>
    Task<WorkItem<TKey>> GetAsync(CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="key"/> as no longer being processed; queues it again if it was added meanwhile.</summary>
    void Done(TKey key);

    /// <summary>Stops handing out keys: waiting and later <see cref="GetAsync"/> calls return shutting down, adds are ignored.</summary>
    void ShutDown();
}
