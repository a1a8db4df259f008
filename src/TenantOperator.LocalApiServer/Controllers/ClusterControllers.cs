using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Controllers;

/// <summary>
/// The in-process stand-ins for kube-controller-manager's garbage collector and namespace controller
/// and for kube-apiserver's CRD controllers. Store changes are triaged under the store lock into a
/// queue (cheap), and one background worker does the work through <see cref="ObjectService"/>.
/// Serving a CRD's resources is updated synchronously, so a created CRD is usable at once.
/// </summary>
internal sealed class ClusterControllers : IAsyncDisposable
{
    private readonly Channel<ControllerWork> _queue = Channel.CreateUnbounded<ControllerWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResourceRegistry _registry;
    private readonly ObjectStore _store;
    private readonly GarbageCollector _garbageCollector;
    private readonly NamespaceFinalizer _namespaces;
    private readonly CrdFinalizer _crds;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _worker = Task.CompletedTask;

    public ClusterControllers(ObjectService objects, ILogger logger)
    {
        _registry = objects.Registry;
        _store = objects.Store;
        _logger = logger;
        _garbageCollector = new GarbageCollector(objects);
        _namespaces = new NamespaceFinalizer(objects);
        _crds = new CrdFinalizer(objects);
        objects.Store.Changed += OnStoreChanged;
    }

    public void Start() => _worker = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Treats every object of a store restored from a data directory as just added, before serving:
    /// CRDs are served again, and work a restart interrupted (a terminating namespace or CRD, a foreground
    /// deletion, dependents of a deleted owner) is queued, as kube-controller-manager resyncs after a restart.
    /// </summary>
    public void Resync(IEnumerable<StoredObject> restored)
    {
        foreach (var obj in restored.OrderBy(o => o.StorageKey == CustomResourceDefinitions.StorageKey ? 0 : 1))
        {
            OnStoreChanged(new StoreEvent(StoreEventType.Added, obj, null));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _worker;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private void Enqueue(ControllerWork work) => _queue.Writer.TryWrite(work);

    // Runs under the store lock: only registry swaps and queueing here.
    private void OnStoreChanged(StoreEvent change)
    {
        var obj = change.Object;
        if (obj.StorageKey == CustomResourceDefinitions.StorageKey)
        {
            SyncServedResources(change);
        }

        if (change.Type == StoreEventType.Deleted)
        {
            Enqueue(new ControllerWork.OwnerGone(obj.Uid));
            if (obj.Namespace.Length > 0)
            {
                Enqueue(new ControllerWork.NamespaceProgress(obj.Namespace));
            }

            if (_registry.ByStorageKey(obj.StorageKey).FirstOrDefault()?.CrdName is { } crdName)
            {
                Enqueue(new ControllerWork.CrdProgress(crdName));
            }
        }
        else
        {
            if (obj.OwnerReferences.Count > 0)
            {
                Enqueue(new ControllerWork.CheckDependent(obj.Address));
            }

            if (obj.IsDeleting)
            {
                Enqueue(obj.StorageKey switch
                {
                    "namespaces" => new ControllerWork.NamespaceProgress(obj.Name),
                    CustomResourceDefinitions.StorageKey => new ControllerWork.CrdProgress(obj.Name),
                    _ => new ControllerWork.OwnerDeleting(obj.Address),
                });
                if (obj.StorageKey is "namespaces" or CustomResourceDefinitions.StorageKey)
                {
                    Enqueue(new ControllerWork.OwnerDeleting(obj.Address));
                }
            }
        }

        // A dependent that changed or went may unblock an owner's foreground deletion.
        foreach (var owner in (change.Previous ?? obj).OwnerReferences)
        {
            Enqueue(new ControllerWork.OwnerProgress(owner.Uid));
        }
    }

    private void SyncServedResources(StoreEvent change)
    {
        var crd = change.Object.ToJsonObject();
        if (change.Type == StoreEventType.Deleted)
        {
            _registry.SetCustomResources(change.Object.Name, []);
            Enqueue(new ControllerWork.Purge(CrdFinalizer.StorageKeyOf(crd)));
            return;
        }

        try
        {
            _registry.SetCustomResources(change.Object.Name, CustomResourceDefinitions.BuildDefinitions(crd));
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException)
        {
            _logger.LogWarning(e, "CRD {Name} could not be served", change.Object.Name);
        }
    }

    private async Task RunAsync(CancellationToken cancellation)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(cancellation))
        {
            try
            {
                Process(work);
            }
            #pragma warning disable CA1031 // One failed work item is logged; the controller loop keeps running.
            catch (Exception e)
            #pragma warning restore CA1031
            {
                _logger.LogError(e, "controller work {Work} failed", work);
            }
        }
    }

    private void Process(ControllerWork work)
    {
        switch (work)
        {
            case ControllerWork.CheckDependent c:
                _garbageCollector.CheckDependent(c.Address);
                break;
            case ControllerWork.OwnerGone g:
                _garbageCollector.OwnerGone(g.Uid);
                break;
            case ControllerWork.OwnerProgress p:
                _garbageCollector.OwnerProgress(p.Uid);
                break;
            case ControllerWork.OwnerDeleting d:
                _garbageCollector.OwnerDeleting(d.Address);
                break;
            case ControllerWork.NamespaceProgress n:
                _namespaces.Progress(n.Namespace);
                break;
            case ControllerWork.CrdProgress c:
                _crds.Progress(c.CrdName);
                break;
            case ControllerWork.Purge p:
                if (!_registry.ByStorageKey(p.StorageKey).Any())
                {
                    _store.Purge(p.StorageKey);
                }

                break;
        }
    }
}
