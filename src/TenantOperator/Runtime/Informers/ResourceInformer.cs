using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// Keeps a <see cref="ResourceCache{T}"/> of one resource type current and tells handlers what changed:
/// a paged list, then a watch from the list's resourceVersion with bookmarks. A watch that ends or
/// drops resumes from the last resourceVersion seen (events and bookmarks); a 410 Expired, in the
/// stream or as HTTP 410, leads to a fresh list whose differences from the cache are delivered as
/// added, updated and deleted events. Every reconnect after a failure waits an exponential backoff.
/// </summary>
/// <remarks>
/// <para>
/// Handlers run on the informer's loop, in order, after the cache has the change. A handler that
/// throws is logged and does not stop the informer. State kept across reconnects is only the cache
/// and the last resourceVersion, so reconnecting does not grow memory.
/// </para>
/// <para>
/// An event that cannot be decoded is logged once with its object's key, counted, and answered with a
/// fresh list (at most one per <see cref="InformerOptions.UndecodableRelistInterval"/>): resuming the
/// watch from the last resourceVersion would only bring the same event back, for ever. Until that list
/// succeeds the cache misses a change and <see cref="Health"/> says so; it also says so when lists and
/// watches have failed for <see cref="InformerOptions.UnhealthyAfter"/> with nothing getting through.
/// </para>
/// </remarks>
public sealed class ResourceInformer<T> : IResourceEventSource<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IInformerObserver? _observer;
    private readonly ReconnectBackoff _backoff;
    private readonly Func<double> _random;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held while the cache changes and handlers run, and while a handler registers, so that a late
    // handler's replay of the cache and the live events do not interleave.
    private readonly Lock _dispatchLock = new();
    private IResourceEventHandler<T>[] _handlers = [];
    private string? _lastResourceVersion;
    private DateTimeOffset _noUndecodableRelistBefore = DateTimeOffset.MinValue;
    private string? _lastUndecodable;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="source">List and watch of the resource.</param>
    /// <param name="options">Paging, timeouts and backoff.</param>
    /// <param name="timeProvider">Clock for backoff waits and watch deadlines.</param>
    /// <param name="logger">Where reconnects and handler failures are logged.</param>
    /// <param name="observer">Told about lists and watch ends (metrics); null for none.</param>
    /// <param name="random">Uniform numbers in [0, 1) for jitter and watch timeouts; tests pass fixed ones.</param>
    public ResourceInformer(
        IListWatchSource<T> source,
        InformerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IInformerObserver? observer = null,
        Func<double>? random = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _options = options ?? new InformerOptions();
        if (_options.PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.PageSize, "InformerOptions.PageSize must be at least 1.");
        }

        if (_options.UnhealthyAfter <= TimeSpan.Zero || _options.UndecodableRelistInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"InformerOptions.UnhealthyAfter must be positive (got {_options.UnhealthyAfter}) and UndecodableRelistInterval not negative (got {_options.UndecodableRelistInterval}).");
        }

        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _observer = observer;
        _random = random ?? Random.Shared.NextDouble;
        _backoff = new ReconnectBackoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay, _options.ReconnectJitter, _random);
        Health = new InformerHealth(_options.UnhealthyAfter, _time, OnHealthChanged);
    }

    /// <summary>The objects seen so far. Read-only for everyone but this informer.</summary>
    public ResourceCache<T> Cache { get; } = new();

    /// <summary>The resource this informer watches.</summary>
    public string ResourceName => _source.ResourceName;

    /// <summary>True once the first list is in the cache and its events were delivered.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastResourceVersion => Volatile.Read(ref _lastResourceVersion);

    /// <summary>Consecutive failed connections since the last healthy one.</summary>
    public int ConsecutiveFailures => _backoff.Failures;

    /// <summary>Whether the cache can be trusted now, and since when it last heard from the server.</summary>
    public InformerHealth Health { get; }

    /// <summary>Raised with the new state when the cache becomes unhealthy or healthy again (see <see cref="Health"/>).</summary>
    public event Action<bool>? HealthChanged;

    /// <summary>Raised when a reconnect wait has started (its timer exists); lets tests advance a fake clock safely.</summary>
    internal event Action<TimeSpan>? ReconnectScheduled;

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Registers a handler. If the informer has synced already, the handler first gets every cached
    /// object as added, so it misses nothing whenever it registers.
    /// </summary>
    public void AddHandler(IResourceEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatchLock)
        {
            _handlers = [.. _handlers, handler];
            if (HasSynced)
            {
                foreach (var item in Cache.List())
                {
                    Invoke(handler, h => h.OnAdded(item));
                }
            }
        }
    }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }

                var (outcome, undecodable) = await WatchAsync(cancellationToken).ConfigureAwait(false);
                if (outcome == WatchOutcome.Silent)
                {
                    // The server should have ended it at its timeout: a connection that died without a reset.
                    Health.Failed("the watch stayed silent past its timeout");
                }
                else if (outcome != WatchOutcome.Undecodable)
                {
                    // The server ended the watch: it was answering (a 410 too), and the loss of a quiet connection is no failure.
                    Synced(listed: false);
                }

                if (outcome == WatchOutcome.ClosedAfterEvents)
                {
                    // A stream that delivered something and then ended (server timeout) resumes at once.
                    _observer?.WatchEnded(ResourceName, "closed");
                    continue;
                }

                needList = outcome is WatchOutcome.Expired or WatchOutcome.Undecodable;
                wait = outcome == WatchOutcome.Undecodable ? AfterUndecodable(undecodable!) : AfterWatchEnded(outcome);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceExpiredException ex)
            {
                if (needList)
                {
                    Health.Failed($"list: {ex.Message}");
                }

                needList = true;
                wait = _backoff.Next();
                _observer?.WatchEnded(ResourceName, "expired");
                _logger.LogInformation("{Resource}: {Message}; re-listing in {Wait}", ResourceName, ex.Message, wait);
            }
#pragma warning disable CA1031 // Any failure of the connection is retried with backoff: an informer must never stop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                wait = _backoff.Next();
                Health.Failed($"{(needList ? "list" : "watch")}: {ex.Message}");
                _observer?.WatchEnded(ResourceName, "error");
                _logger.LogWarning(ex, "{Action} {Resource} failed ({Failures} in a row); retrying in {Wait}",
                    needList ? "Listing" : "Watching", ResourceName, _backoff.Failures, wait);
            }

            try
            {
                var delay = Task.Delay(wait, _time, cancellationToken);
                ReconnectScheduled?.Invoke(wait);
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await _source.ListAsync(new ListPageRequest(_options.PageSize, continueToken), cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            resourceVersion = page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (!string.IsNullOrEmpty(continueToken));

        lock (_dispatchLock)
        {
            foreach (var change in Cache.Replace(items))
            {
                Dispatch(change.Old, change.Current);
            }

            Volatile.Write(ref _lastResourceVersion, resourceVersion);
        }

        _observer?.Listed(ResourceName, items.Count);
        _observer?.CacheSize(ResourceName, Cache.Count);
        Synced(listed: true);
        _logger.LogDebug("Listed {Count} {Resource} at resourceVersion {ResourceVersion}", items.Count, ResourceName, resourceVersion);
        _synced.TrySetResult();
    }

    private async Task<(WatchOutcome Outcome, UndecodableObject? Undecodable)> WatchAsync(CancellationToken cancellationToken)
    {
        var serverTimeout = _options.MinWatchTimeout * (1 + _random());
        using var deadline = new CancellationTokenSource(serverTimeout + _options.ClientWatchGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var request = new WatchRequest(LastResourceVersion!, (int)serverTimeout.TotalSeconds);

        // KubernetesClient hands out nothing of a watch before its first line, so a quiet watch that works looks like
        // one that hangs. One that has stayed open this long without failing counts as working.
        using var established = _time.CreateTimer(_ => Synced(listed: false), null, _options.WatchEstablishedAfter, Timeout.InfiniteTimeSpan);
        var sawEvents = false;
        try
        {
            await foreach (var watchEvent in _source.WatchAsync(request, linked.Token).ConfigureAwait(false))
            {
                if (watchEvent.Kind == WatchEventKind.Undecodable)
                {
                    return (WatchOutcome.Undecodable, watchEvent.Undecodable ?? new UndecodableObject(UndecodableObject.UnknownKey, null, "no detail"));
                }

                if (watchEvent.Kind == WatchEventKind.Error)
                {
                    if (watchEvent.IsExpired)
                    {
                        return (WatchOutcome.Expired, null);
                    }

                    throw new WatchFailedException(
                        $"Watch of {ResourceName} failed: {watchEvent.Status?.Code} {watchEvent.Status?.Reason} {watchEvent.Status?.Message}",
                        watchEvent.Status);
                }

                if (!sawEvents)
                {
                    // The connection works: later failures start the backoff from the beginning again.
                    sawEvents = true;
                    _backoff.Reset();
                }

                Apply(watchEvent);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Watch of {Resource} silent past its timeout; dropping it and resuming", ResourceName);
            return (WatchOutcome.Silent, null);
        }

        return (sawEvents ? WatchOutcome.ClosedAfterEvents : WatchOutcome.ClosedEmpty, null);
    }

    private TimeSpan AfterWatchEnded(WatchOutcome outcome)
    {
        var expired = outcome == WatchOutcome.Expired;
        _observer?.WatchEnded(ResourceName, expired ? "expired" : "closed");
        var wait = _backoff.Next();
        _logger.LogInformation("Watch of {Resource} {Outcome}; {Action} in {Wait}",
            ResourceName, expired ? "expired (410)" : outcome == WatchOutcome.Silent ? "dropped" : "ended without events",
            expired ? "re-listing" : $"resuming from resourceVersion {LastResourceVersion}", wait);
        return wait;
    }

    /// <summary>
    /// The cache has missed the change the event carried: say so once, count it, and list again after the reconnect
    /// backoff, but never sooner than <see cref="InformerOptions.UndecodableRelistInterval"/> after the last list an
    /// undecodable event caused.
    /// </summary>
    private TimeSpan AfterUndecodable(UndecodableObject what)
    {
        _observer?.WatchEnded(ResourceName, "undecodable");
        _observer?.UndecodableEvent(ResourceName);
        Health.MissedEvent(what);
        var now = _time.GetUtcNow();
        var wait = _backoff.Next();
        if (now + wait < _noUndecodableRelistBefore)
        {
            wait = _noUndecodableRelistBefore - now;
        }

        _noUndecodableRelistBefore = now + wait + _options.UndecodableRelistInterval;
        var described = what.ToString();
        if (described == _lastUndecodable && what.Key != UndecodableObject.UnknownKey)
        {
            _logger.LogDebug("Watch of {Resource} again sent an undecodable event for {Object}; re-listing in {Wait}", ResourceName, described, wait);
        }
        else
        {
            _logger.LogWarning("Watch of {Resource} sent an event for {Object} that cannot be decoded ({Error}); the cache misses that change, re-listing in {Wait}",
                ResourceName, described, what.Error, wait);
        }

        _lastUndecodable = described;
        return wait;
    }

    private void Synced(bool listed)
    {
        Health.Succeeded(listed);
        _observer?.Synced(ResourceName, _time.GetUtcNow());
    }

    private void OnHealthChanged(bool healthy)
    {
        // What made it unhealthy was logged as a warning where it happened; this only marks the turn.
        _observer?.HealthChanged(ResourceName, healthy);
        if (healthy)
        {
            _logger.LogInformation("The {Resource} cache is healthy again", ResourceName);
        }
        else
        {
            _logger.LogInformation("The {Resource} cache is unhealthy: {Problem}", ResourceName, Health.Problem);
        }

        HealthChanged?.Invoke(healthy);
    }

    private void Apply(ResourceWatchEvent<T> watchEvent)
    {
        var resource = watchEvent.Object
            ?? throw new WatchFailedException($"Watch of {ResourceName} sent a {watchEvent.Kind} event without an object.");
        var resourceVersion = resource.Metadata?.ResourceVersion;
        lock (_dispatchLock)
        {
            switch (watchEvent.Kind)
            {
                case WatchEventKind.Added:
                case WatchEventKind.Modified:
                    Dispatch(Cache.Upsert(resource), resource);
                    break;
                case WatchEventKind.Deleted:
                    // Hand out the deleted object's final state, as the watch sent it.
                    Cache.Remove(ObjectKey.Of(resource));
                    Dispatch(resource, null);
                    break;
                case WatchEventKind.Bookmark:
                    break;
                default:
                    throw new WatchFailedException($"Watch of {ResourceName} sent an unknown event kind {watchEvent.Kind}.");
            }

            if (!string.IsNullOrEmpty(resourceVersion))
            {
                Volatile.Write(ref _lastResourceVersion, resourceVersion);
            }
        }

        if (watchEvent.Kind != WatchEventKind.Bookmark)
        {
            _observer?.CacheSize(ResourceName, Cache.Count);
        }

        Synced(listed: false);
    }

    // Caller holds _dispatchLock.
    private void Dispatch(T? old, T? current)
    {
        foreach (var handler in _handlers)
        {
            if (old is null && current is not null)
            {
                Invoke(handler, h => h.OnAdded(current));
            }
            else if (old is not null && current is not null)
            {
                Invoke(handler, h => h.OnUpdated(old, current));
            }
            else if (old is not null)
            {
                Invoke(handler, h => h.OnDeleted(old));
            }
        }
    }

    private void Invoke(IResourceEventHandler<T> handler, Action<IResourceEventHandler<T>> call)
    {
        try
        {
            call(handler);
        }
#pragma warning disable CA1031 // One broken handler must not stop the cache or the other handlers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "An event handler of the {Resource} informer threw", ResourceName);
        }
    }

    private enum WatchOutcome
    {
        ClosedAfterEvents,
        ClosedEmpty,
        Silent,
        Expired,
        Undecodable,
    }
}
