using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Writes;

/// <summary>
/// The one way the operator writes to the API server: every call goes through the write budget and
/// the retry pipeline of <see cref="KubernetesWriter"/>. Failures that remain are thrown as
/// <see cref="KubernetesApiException"/>; 409 as <see cref="ApiConflictException"/>.
/// </summary>
public interface IKubernetesWriter
{
    /// <summary>
    /// Creates a namespaced object of a named API group (a NetworkPolicy, a namespaced custom resource) in its
    /// <c>metadata.namespace</c>; group, version and plural come from its <see cref="KubernetesEntityAttribute"/>.
    /// </summary>
    Task<T> CreateAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces a namespaced object of a named API group. <c>metadata.resourceVersion</c> must be the version the
    /// caller based its change on, so a concurrent change is refused (409) rather than overwritten.
    /// </summary>
    Task<T> ReplaceAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Deletes a namespaced object of kind <typeparamref name="T"/> if it is still the object the caller saw:
    /// <paramref name="preconditions"/> (uid and/or resourceVersion) make the server refuse with 409 if it changed.
    /// Returns false when it was already gone.
    /// </summary>
    Task<bool> DeleteAsync<T>(string @namespace, string name, V1Preconditions? preconditions, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces the status subresource of a cluster-scoped custom resource (group, version and plural
    /// from its <see cref="KubernetesEntityAttribute"/>). <c>metadata.resourceVersion</c> is required.
    /// </summary>
    Task<T> ReplaceClusterCustomResourceStatusAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates a core/v1 Event in its <c>metadata.namespace</c>.</summary>
    Task<Corev1Event> CreateEventAsync(Corev1Event kubernetesEvent, CancellationToken cancellationToken);

    /// <summary>Patches a core/v1 Event (a JSON merge patch), e.g. to raise its count.</summary>
    Task<Corev1Event> PatchEventAsync(string @namespace, string name, V1Patch patch, CancellationToken cancellationToken);

    /// <summary>
    /// Runs any other write through the same budget and retries. <paramref name="verb"/> and
    /// <paramref name="resource"/> only name it in errors.
    /// </summary>
    Task<TResult> ExecuteAsync<TResult>(string verb, string resource, Func<IKubernetes, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken);
}
