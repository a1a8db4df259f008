using TenantOperator.Runtime.Queue;

namespace TenantOperator.Runtime.Controllers;

/// <summary>
/// One controller: a queue of keys that its watches fill (<see cref="ControllerBuilder{TKey}"/>), workers that
/// reconcile one key at a time each, never the same key twice at once, and the keys a full pass covers. Made by
/// <see cref="ControllerManager.For{TKey}"/>.
/// </summary>
public sealed class Controller<TKey> : IController where TKey : notnull
{
    private readonly WorkQueue<TKey> _queue;
    private readonly ReconcileWorkerPool<TKey> _pool;
    private readonly Func<IEnumerable<TKey>> _allKeys;

    internal Controller(string name, WorkQueue<TKey> queue, ReconcileWorkerPool<TKey> pool, Func<IEnumerable<TKey>> allKeys)
    {
        Name = name;
        _queue = queue;
        _pool = pool;
        _allKeys = allKeys;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool Idle => _queue.Depth == 0 && _queue.DelayedCount == 0;

    /// <summary>Enqueues one key (de-duplicated while it waits).</summary>
    public void Enqueue(TKey key) => _queue.Add(key);

    /// <inheritdoc />
    public void EnqueueAll()
    {
        foreach (var key in _allKeys())
        {
            _queue.Add(key);
        }
    }

    /// <inheritdoc />
    public Task RunAsync(CancellationToken cancellationToken) => _pool.RunAsync(cancellationToken);

    /// <inheritdoc />
    public void ShutDown() => _queue.ShutDown();

    /// <inheritdoc />
    public void Dispose() => _queue.Dispose();
}
