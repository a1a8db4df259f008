using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// The two calls an informer needs from the API server, for one resource type. Small on purpose so an
/// informer can be tested against a scripted fake; <see cref="KubernetesListWatchSource{T}"/> is the
/// real one.
/// </summary>
public interface IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The resource's name for logs and metrics, e.g. <c>namespaces</c>.</summary>
    string ResourceName { get; }

    /// <summary>Lists one page.</summary>
    /// <exception cref="ResourceExpiredException">When the continue token has expired (HTTP 410).</exception>
    Task<ResourceListPage<T>> ListAsync(ListPageRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <see cref="WatchRequest.ResourceVersion"/>. The sequence ends when the server closes
    /// the stream. An in-stream ERROR arrives as a <see cref="WatchEventKind.Error"/> event (410 Expired
    /// among them) and is the last event of the stream.
    /// </summary>
    /// <exception cref="ResourceExpiredException">When the server refuses the resource version with HTTP 410.</exception>
    IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}

/// <summary>One page request of a paged list.</summary>
/// <param name="Limit">Most items per page.</param>
/// <param name="Continue">The previous page's continue token; null for the first page.</param>
public sealed record ListPageRequest(int Limit, string? Continue);

/// <summary>A watch request.</summary>
/// <param name="ResourceVersion">Watch changes after this version (from the list or the last event or bookmark).</param>
/// <param name="TimeoutSeconds">Ask the server to end the stream after this long, so it is renewed regularly.</param>
public sealed record WatchRequest(string ResourceVersion, int TimeoutSeconds);

/// <summary>One page of a list.</summary>
/// <param name="Items">The objects of this page.</param>
/// <param name="ResourceVersion">The list's resource version: watch from here to see later changes.</param>
/// <param name="Continue">Token for the next page; null or empty on the last page.</param>
public sealed record ResourceListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
