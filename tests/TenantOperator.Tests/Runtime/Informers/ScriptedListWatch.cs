using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>
/// A list/watch source that plays a script: each list call takes the next scripted answer, each watch
/// call the next scripted stream; a watch with no script left stays open until cancelled. Records
/// every request and how many streams are open.
/// </summary>
internal sealed class ScriptedListWatch<T> : IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<ListPageRequest, ResourceListPage<T>>> _lists = new();
    private readonly Queue<WatchStep[]> _watches = new();
    private int _openWatches;

    public string ResourceName => "scripted";

    public List<ListPageRequest> ListRequests { get; } = [];

    public List<WatchRequest> WatchRequests { get; } = [];

    public int MaxOpenWatches { get; private set; }

    public int ClosedWatches { get; private set; }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _openWatches;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (_lock)
            {
                return WatchRequests.Count;
            }
        }
    }

    public int ListCount
    {
        get
        {
            lock (_lock)
            {
                return ListRequests.Count;
            }
        }
    }

    public ScriptedListWatch<T> List(string resourceVersion, params T[] items) =>
        Page(resourceVersion, null, items);

    public ScriptedListWatch<T> Page(string resourceVersion, string? continueToken, params T[] items)
    {
        lock (_lock)
        {
            _lists.Enqueue(_ => new ResourceListPage<T>(items, resourceVersion, continueToken));
        }

        return this;
    }

    public ScriptedListWatch<T> ListFails(Exception exception)
    {
        lock (_lock)
        {
            _lists.Enqueue(_ => throw exception);
        }

        return this;
    }

    public ScriptedListWatch<T> Watch(params WatchStep[] steps)
    {
        lock (_lock)
        {
            _watches.Enqueue(steps);
        }

        return this;
    }

    public Task<ResourceListPage<T>> ListAsync(ListPageRequest request, CancellationToken cancellationToken)
    {
        Func<ListPageRequest, ResourceListPage<T>>? answer;
        lock (_lock)
        {
            ListRequests.Add(request);
            _lists.TryDequeue(out answer);
        }

        return answer is null
            ? Task.FromException<ResourceListPage<T>>(new InvalidOperationException("No list scripted."))
            : Task.FromResult(answer(request));
    }

    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchStep[]? script;
        lock (_lock)
        {
            WatchRequests.Add(request);
            _openWatches++;
            MaxOpenWatches = Math.Max(MaxOpenWatches, _openWatches);
            _watches.TryDequeue(out script);
        }

        try
        {
            if (script is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                yield break;
            }

            foreach (var step in script)
            {
                await Task.Yield();
                if (step.Failure is not null)
                {
                    throw step.Failure;
                }

                yield return (ResourceWatchEvent<T>)step.Event!;
            }
        }
        finally
        {
            lock (_lock)
            {
                _openWatches--;
                ClosedWatches++;
            }
        }
    }
}

/// <summary>One step of a scripted watch stream: an event, or a failure.</summary>
internal sealed record WatchStep(object? Event, Exception? Failure)
{
    public static WatchStep Added<T>(T resource) => new(new ResourceWatchEvent<T>(WatchEventKind.Added, resource), null);

    public static WatchStep Modified<T>(T resource) => new(new ResourceWatchEvent<T>(WatchEventKind.Modified, resource), null);

    public static WatchStep Deleted<T>(T resource) => new(new ResourceWatchEvent<T>(WatchEventKind.Deleted, resource), null);

    public static WatchStep Bookmark(string resourceVersion) =>
        new(new ResourceWatchEvent<V1Namespace>(WatchEventKind.Bookmark, new V1Namespace { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } }), null);

    public static WatchStep Expired() =>
        new(ResourceWatchEvent<V1Namespace>.Failure(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }), null);

    public static WatchStep ServerError() =>
        new(ResourceWatchEvent<V1Namespace>.Failure(new V1Status { Code = 500, Reason = "InternalError", Message = "etcd unavailable" }), null);

    public static WatchStep Throws(Exception exception) => new(null, exception);

    public static WatchStep Undecodable(string key, string resourceVersion) =>
        new(ResourceWatchEvent<V1Namespace>.Unreadable(new UndecodableObject(key, resourceVersion, "The JSON value could not be converted. Path: $.metadata.labels")), null);
}
