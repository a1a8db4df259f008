namespace TenantOperator.Runtime.Controllers;

/// <summary>A controller as the host runs it, whatever its key: see <see cref="Controller{TKey}"/>.</summary>
public interface IController : IDisposable
{
    /// <summary>The controller's name: its queue's and its reconcile metrics' label.</summary>
    string Name { get; }

    /// <summary>True when no key waits, now or later.</summary>
    bool Idle { get; }

    /// <summary>Enqueues every key a full pass covers (on leading, on each resync, when the caches' health changes).</summary>
    void EnqueueAll();

    /// <summary>Runs the workers until <paramref name="cancellationToken"/> is cancelled or <see cref="ShutDown"/> drains the queue.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Takes no new work; the workers finish what they hold and stop.</summary>
    void ShutDown();
}
