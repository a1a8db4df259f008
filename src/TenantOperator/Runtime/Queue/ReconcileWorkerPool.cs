using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TenantOperator.Runtime.Queue;

/// <summary>
/// Runs N workers that take keys from a <see cref="IWorkQueue{TKey}"/> and reconcile them, then act on
/// the <see cref="ReconcileResult"/>: success forgets the key's failures, requeue-after schedules it
/// again, an error or exception retries it with the key's exponential backoff.
/// </summary>
/// <remarks>
/// Cancelling the token passed to <see cref="RunAsync"/> stops the workers at once: in-flight
/// reconciles see the cancellation, and their keys are queued again so that the next run (the next
/// leadership term) picks them up; a cancelled reconcile is not a failure. To stop gracefully
/// instead (finish in-flight reconciles), call <see cref="IWorkQueue{TKey}.ShutDown"/> and await
/// <see cref="RunAsync"/>.
/// </remarks>
public sealed class ReconcileWorkerPool<TKey> where TKey : notnull
{
    private readonly IWorkQueue<TKey> _queue;
    private readonly Func<TKey, CancellationToken, Task<ReconcileResult>> _reconcile;
    private readonly WorkerPoolOptions _options;
    private readonly IReconcileObserver? _observer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _inFlight;

    /// <summary>Creates a pool; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="queue">Where keys come from.</param>
    /// <param name="reconcile">Reconciles one key.</param>
    /// <param name="options">Worker count and controller name.</param>
    /// <param name="observer">Told about each finished reconcile (metrics); null for none.</param>
    /// <param name="timeProvider">Clock for durations.</param>
    /// <param name="logger">Where failures are logged.</param>
    public ReconcileWorkerPool(
        IWorkQueue<TKey> queue,
        Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile,
        WorkerPoolOptions? options = null,
        IReconcileObserver? observer = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _reconcile = reconcile ?? throw new ArgumentNullException(nameof(reconcile));
        _options = options ?? new WorkerPoolOptions();
        if (_options.Workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Workers, "WorkerPoolOptions.Workers must be at least 1.");
        }

        _observer = observer;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Number of reconciles running right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Runs the workers until <paramref name="cancellationToken"/> is cancelled or the queue shuts down.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = new Task[_options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkerLoopAsync(cancellationToken), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private async Task WorkerLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            WorkItem<TKey> item;
            try
            {
                item = await _queue.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (item.ShuttingDown)
            {
                return;
            }

            Interlocked.Increment(ref _inFlight);
            try
            {
                await ProcessAsync(item.Key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _queue.Done(item.Key);
            }
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ReconcileResult result;
        try
        {
            result = await _reconcile(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, not failed: the key goes back so that the next run reconciles it.
            _queue.Add(key);
            return;
        }
#pragma warning disable CA1031 // A reconcile's failure of any kind is retried with backoff; the worker must survive it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Reconcile of {Controller} key {Key} threw; retrying with backoff (failure {Failures})",
                _options.ControllerName, key, _queue.NumRequeues(key) + 1);
            result = ReconcileResult.Failed(ex.Message);
        }

        _observer?.Reconciled(_options.ControllerName, result.Outcome, _time.GetElapsedTime(started));
        switch (result.Outcome)
        {
            case ReconcileOutcome.Success:
                _queue.Forget(key);
                break;
            case ReconcileOutcome.RequeueAfter:
                _queue.Forget(key);
                _queue.AddAfter(key, result.RequeueAfter!.Value);
                break;
            default:
                _logger.LogWarning("Reconcile of {Controller} key {Key} failed: {Error}", _options.ControllerName, key, result.Error);
                _queue.AddRateLimited(key);
                break;
        }
    }
}
