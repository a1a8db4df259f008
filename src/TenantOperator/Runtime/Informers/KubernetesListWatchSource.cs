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
/// <para>
/// KubernetesClient's watch enumerables do not yield an in-stream ERROR event: they pass a
/// <see cref="KubernetesException"/> carrying the server's Status to the <c>onError</c> callback and
/// keep reading until the server closes the stream. A line that is not JSON goes to the same callback,
/// and KubernetesClient goes on reading as if it had not been there. A refused watch request (HTTP 410
/// among others) surfaces as an <see cref="HttpOperationException"/> from the first <c>MoveNextAsync</c>.
/// The end of the stream is the end of the enumeration, except before the first event: KubernetesClient
/// waits for the first line before it returns the response and parses that line as the list type, so a
/// stream that the server closes without any event throws a <see cref="JsonException"/> (as does a first
/// line that is not JSON at all: the two cannot be told apart).
/// </para>
/// <para>
/// This class turns the callback's Status into a final <see cref="WatchEventKind.Error"/> event, HTTP
/// 410 into <see cref="ResourceExpiredException"/>, and that first-line <see cref="JsonException"/>
/// into an empty stream. Watch events arrive as JSON and are bound to <typeparamref name="T"/> here, so
/// that an event that does not fit the type (a field of the wrong type, say) is known with its object's
/// key: it ends the stream as a <see cref="WatchEventKind.Undecodable"/> event, and so does a line that
/// is not JSON (its key unknown). Resuming from the last resourceVersion would only bring the same event
/// back; the informer lists again instead.
/// </para>
/// </remarks>
public sealed class KubernetesListWatchSource<T> : IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<ListPageRequest, CancellationToken, Task<ResourceListPage<T>>> _list;
    private readonly Func<WatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, JsonElement Object)>> _watch;
    private readonly ResourceTypeInfo _type;

    /// <summary>Creates a source from a list call and a watch call.</summary>
    /// <param name="resourceName">Name for logs and metrics.</param>
    /// <param name="type">apiVersion and kind to stamp on objects that arrive without them (list items do).</param>
    /// <param name="list">Lists one page.</param>
    /// <param name="watch">
    /// Opens a watch with bookmarks from a resource version, yielding each event's object as JSON and reporting
    /// stream errors to the callback.
    /// </param>
    public KubernetesListWatchSource(
        string resourceName,
        ResourceTypeInfo type,
        Func<ListPageRequest, CancellationToken, Task<ResourceListPage<T>>> list,
        Func<WatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, JsonElement Object)>> watch)
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

        // KubernetesClient reads on past a line it could not parse; stop it there, since that event is lost.
        using var unreadable = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = _watch(request, ex =>
        {
            streamError ??= ex;
            if (ex is not KubernetesException { Status: not null })
            {
                unreadable.Cancel();
            }
        }, unreadable.Token);
        await using var events = stream.GetAsyncEnumerator(unreadable.Token);
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
            catch (OperationCanceledException) when (unreadable.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                more = false;
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
                yield return ResourceWatchEvent<T>.Unreadable(new UndecodableObject(UndecodableObject.UnknownKey, null, streamError.Message));
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var (type, json) = events.Current;
            var watchEvent = Bind(type, json);
            yield return watchEvent;
            if (watchEvent.Kind == WatchEventKind.Undecodable)
            {
                yield break;
            }
        }
    }

    private ResourceWatchEvent<T> Bind(WatchEventType type, JsonElement json)
    {
        var kind = ToKind(type);
        T? resource;
        try
        {
            resource = KubernetesJson.Deserialize<T>(json);
        }
        catch (JsonException ex)
        {
            return ResourceWatchEvent<T>.Unreadable(Describe(json, ex.Message));
        }

        if (resource is null)
        {
            return ResourceWatchEvent<T>.Unreadable(Describe(json, $"a {type} event without an object"));
        }

        _type.Stamp(resource);
        return new ResourceWatchEvent<T>(kind, resource);
    }

    // What can be read of an object that does not fit the type: its namespace, name and resourceVersion, if they are strings.
    private static UndecodableObject Describe(JsonElement json, string error)
    {
        string? Read(JsonElement metadata, string property) =>
            metadata.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return new UndecodableObject(UndecodableObject.UnknownKey, null, error);
        }

        var name = Read(metadata, "name");
        var key = name is null ? UndecodableObject.UnknownKey : ObjectKey.For(Read(metadata, "namespace"), name);
        return new UndecodableObject(key, Read(metadata, "resourceVersion"), error);
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
