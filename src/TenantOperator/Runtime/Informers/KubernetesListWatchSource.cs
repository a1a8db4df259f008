using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// <see cref="IListWatchSource{T}"/> over KubernetesClient's generated list and watch calls (see
/// <see cref="KubernetesListWatchSources"/> for ready-made ones), translating how KubernetesClient
/// 21 reports trouble into what the informer expects.
/// </summary>
/// <remarks>
/// KubernetesClient's watch enumerables do not yield an in-stream ERROR event: they pass a
/// <see cref="KubernetesException"/> carrying the server's Status to the <c>onError</c> callback and
/// keep reading until the server closes the stream; a line that fails to parse goes to the same
/// callback. A refused watch request (HTTP 410 among others) surfaces as an
/// <see cref="HttpOperationException"/> from the first <c>MoveNextAsync</c>. The end of the stream is
/// the end of the enumeration, except before the first event: KubernetesClient waits for the first
/// line before it returns the response and parses that line as the list type, so a stream that the
/// server closes without any event throws a <see cref="JsonException"/> (as does an unreadable first
/// line). This class turns the callback into a final <see cref="WatchEventKind.Error"/> event, HTTP
/// 410 into <see cref="ResourceExpiredException"/>, and that first-line <see cref="JsonException"/>
/// into an empty stream, which the informer answers the same way as an unreadable line: reconnect
/// after backoff from the same resource version.
/// </remarks>
public sealed class KubernetesListWatchSource<T> : IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<ListPageRequest, CancellationToken, Task<ResourceListPage<T>>> _list;
    private readonly Func<WatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> _watch;
    private readonly ResourceTypeInfo _type;

    /// <summary>Creates a source from a list call and a watch call.</summary>
    /// <param name="resourceName">Name for logs and metrics.</param>
    /// <param name="type">apiVersion and kind to stamp on objects that arrive without them (list items do).</param>
    /// <param name="list">Lists one page.</param>
    /// <param name="watch">Opens a watch with bookmarks from a resource version, reporting stream errors to the callback.</param>
    public KubernetesListWatchSource(
        string resourceName,
        ResourceTypeInfo type,
        Func<ListPageRequest, CancellationToken, Task<ResourceListPage<T>>> list,
        Func<WatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);
        ResourceName = resourceName;
        _type = type ?? throw new ArgumentNullException(nameof(type));
        _list = list ?? throw new ArgumentNullException(nameof(list));
        _watch = watch ?? throw new ArgumentNullException(nameof(watch));
    }

    /// <inheritdoc />
    public string ResourceName { get; }

    /// <inheritdoc />
    public async Task<ResourceListPage<T>> ListAsync(ListPageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var page = await _list(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                _type.Stamp(item);
            }

            return page;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
        {
            throw new ResourceExpiredException($"The list of {ResourceName} expired (HTTP 410): {ex.Response.Content}", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var stream = _watch(request, ex => streamError ??= ex, cancellationToken);
        await using var events = stream.GetAsyncEnumerator(cancellationToken);
        var first = true;
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
            {
                throw new ResourceExpiredException(
                    $"The watch of {ResourceName} from resourceVersion {request.ResourceVersion} expired (HTTP 410): {ex.Response.Content}", ex);
            }
            catch (JsonException) when (first)
            {
                // KubernetesClient parses the first line eagerly; nothing there means the stream closed empty.
                yield break;
            }

            first = false;

            // The callback runs inside MoveNextAsync, so an error is known before the next event is handed out.
            if (streamError is KubernetesException { Status: not null } statusError)
            {
                yield return ResourceWatchEvent<T>.Failure(statusError.Status);
                yield break;
            }

            if (streamError is not null)
            {
                throw new WatchFailedException($"The watch stream of {ResourceName} broke: {streamError.Message}", innerException: streamError);
            }

            if (!more)
            {
                yield break;
            }

            var (type, resource) = events.Current;
            _type.Stamp(resource);
            yield return new ResourceWatchEvent<T>(ToKind(type), resource);
        }
    }

    private WatchEventKind ToKind(WatchEventType type) => type switch
    {
        WatchEventType.Added => WatchEventKind.Added,
        WatchEventType.Modified => WatchEventKind.Modified,
        WatchEventType.Deleted => WatchEventKind.Deleted,
        WatchEventType.Bookmark => WatchEventKind.Bookmark,
        _ => throw new WatchFailedException($"The watch of {ResourceName} sent an event of unknown type {type}."),
    };
}
