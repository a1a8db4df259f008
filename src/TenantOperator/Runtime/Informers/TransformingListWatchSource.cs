using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// A list-watch source whose objects pass through a transform before any informer or cache sees them, as with
/// client-go's <c>SetTransform</c>: to drop fields the controller never reads, or to let equal parts of many objects
/// be one instance. The transform gets each freshly deserialized object once and may change it in place.
/// </summary>
public sealed class TransformingListWatchSource<T>(IListWatchSource<T> inner, Func<T, T> transform) : IListWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ResourceName => inner.ResourceName;

    /// <inheritdoc />
    public async Task<ResourceListPage<T>> ListAsync(ListPageRequest request, CancellationToken cancellationToken)
    {
        var page = await inner.ListAsync(request, cancellationToken).ConfigureAwait(false);
        return page with { Items = [.. page.Items.Select(transform)] };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var watchEvent in inner.WatchAsync(request, cancellationToken).ConfigureAwait(false))
        {
            // Bookmarks carry only a resourceVersion and errors no object: nothing to transform.
            yield return watchEvent is { Kind: WatchEventKind.Added or WatchEventKind.Modified or WatchEventKind.Deleted, Object: { } item }
                ? watchEvent with { Object = transform(item) }
                : watchEvent;
        }
    }
}
