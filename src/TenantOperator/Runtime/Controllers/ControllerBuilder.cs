using Microsoft.Extensions.Logging;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Runtime.Controllers;

/// <summary>
/// Declares a controller, as controller-runtime's builder does: what it watches and how each change maps to keys
/// (<see cref="Watches{T}"/>), which keys a full pass covers (<see cref="ResyncsAll"/>), how many workers it runs;
/// <see cref="Complete"/> gives it its reconcile and registers it with the <see cref="ControllerManager"/>. Handlers
/// are added to the sources at <see cref="Complete"/>, so declare before the sources run.
/// </summary>
public sealed class ControllerBuilder<TKey> where TKey : notnull
{
    private readonly ControllerManager _manager;
    private readonly string _name;
    private readonly List<Action<Action<TKey>>> _watches = [];
    private Func<IEnumerable<TKey>> _allKeys = () => [];
    private int _workers = 2;

    internal ControllerBuilder(ControllerManager manager, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _manager = manager;
        _name = name;
    }

    /// <summary>
    /// Watches <paramref name="source"/>: each change is mapped by <paramref name="keysFor"/> (old, current) to the keys
    /// it concerns: (null, object) for an addition, (object, null) for a deletion. An update whose
    /// <paramref name="updateMatters"/> is false maps to nothing (a status-only write, say); null takes every update.
    /// The mapping runs on the source's loop: keep it quick.
    /// </summary>
    public ControllerBuilder<TKey> Watches<T>(IResourceEventSource<T> source, Func<T?, T?, IEnumerable<TKey>> keysFor, Func<T, T, bool>? updateMatters = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keysFor);
        _watches.Add(enqueue =>
        {
            void Enqueue(IEnumerable<TKey> keys)
            {
                foreach (var key in keys)
                {
                    enqueue(key);
                }
            }

            source.AddHandler(new ResourceEventHandler<T>(
                added => Enqueue(keysFor(null, added)),
                (old, current) =>
                {
                    if (updateMatters?.Invoke(old, current) ?? true)
                    {
                        Enqueue(keysFor(old, current));
                    }
                },
                deleted => Enqueue(keysFor(deleted, null))));
        });
        return this;
    }

    /// <summary>The keys a full pass covers: enqueued when this instance starts leading, on each resync, and when the caches' health changes.</summary>
    public ControllerBuilder<TKey> ResyncsAll(Func<IEnumerable<TKey>> allKeys)
    {
        _allKeys = allKeys ?? throw new ArgumentNullException(nameof(allKeys));
        return this;
    }

    /// <summary>How many keys are reconciled at once (at least 1; 2 unless set).</summary>
    public ControllerBuilder<TKey> WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        return this;
    }

    /// <summary>Gives the controller its reconcile, adds its handlers to the sources, and registers it.</summary>
    public Controller<TKey> Complete(Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile)
    {
        ArgumentNullException.ThrowIfNull(reconcile);
        var runtime = _manager.Runtime;
        var queue = new WorkQueue<TKey>(new WorkQueueOptions { Name = _name }, runtime.Time, runtime.Metrics.WorkQueue);
        var pool = new ReconcileWorkerPool<TKey>(queue, reconcile, new WorkerPoolOptions { ControllerName = _name, Workers = _workers },
            runtime.Metrics.Reconciles, runtime.Time, runtime.Loggers.CreateLogger<ReconcileWorkerPool<TKey>>());
        foreach (var watch in _watches)
        {
            watch(queue.Add);
        }

        var controller = new Controller<TKey>(_name, queue, pool, _allKeys);
        _manager.Add(controller);
        return controller;
    }
}
