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
    /// <summary>Creates a NetworkPolicy in its <c>metadata.namespace</c>.</summary>
    Task<V1NetworkPolicy> CreateNetworkPolicyAsync(V1NetworkPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a NetworkPolicy. <c>metadata.resourceVersion</c> must be the version the caller based
    /// its change on, so a concurrent change is refused (409) rather than overwritten.
    /// </summary>
    Task<V1NetworkPolicy> ReplaceNetworkPolicyAsync(V1NetworkPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a NetworkPolicy if it is still the object the caller saw: <paramref name="preconditions"/>
    /// (uid and/or resourceVersion) make the server refuse with 409 if it changed. Returns false when it
    /// was already gone.
    /// </summary>
    Task<bool> DeleteNetworkPolicyAsync(string @namespace, string name, V1Preconditions? preconditions, CancellationToken cancellationToken);

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
}
