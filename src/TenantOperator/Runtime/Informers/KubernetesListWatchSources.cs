using System.Text.Json;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>Ready-made <see cref="KubernetesListWatchSource{T}"/>s for the resources an operator watches.</summary>
public static class KubernetesListWatchSources
{
    /// <summary>All Namespaces (cluster-scoped, core/v1), optionally filtered by a label selector.</summary>
    public static IListWatchSource<V1Namespace> Namespaces(IKubernetes client, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1Namespace>(
            "namespaces",
            ResourceTypeInfo.For<V1Namespace>(),
            async (request, ct) => ToPage<V1NamespaceList, V1Namespace>(await client.CoreV1.ListNamespaceAsync(
                continueParameter: request.Continue, labelSelector: labelSelector, limit: request.Limit, cancellationToken: ct).ConfigureAwait(false)),
            (request, onError, ct) => AsJson(client.CoreV1.ListNamespaceWithHttpMessagesAsync(
                allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: true, cancellationToken: ct), onError, ct));
    }

    /// <summary>NetworkPolicies (networking.k8s.io/v1) in all namespaces, optionally filtered by a label selector.</summary>
    public static IListWatchSource<V1NetworkPolicy> NetworkPolicies(IKubernetes client, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1NetworkPolicy>(
            "networkpolicies",
            ResourceTypeInfo.For<V1NetworkPolicy>(),
            async (request, ct) => ToPage<V1NetworkPolicyList, V1NetworkPolicy>(await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(
                continueParameter: request.Continue, labelSelector: labelSelector, limit: request.Limit, cancellationToken: ct).ConfigureAwait(false)),
            (request, onError, ct) => AsJson(client.NetworkingV1.ListNetworkPolicyForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: true, cancellationToken: ct), onError, ct));
    }

    /// <summary>All ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, cluster-scoped).</summary>
    public static IListWatchSource<V1ValidatingAdmissionPolicy> ValidatingAdmissionPolicies(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1ValidatingAdmissionPolicy>(
            "validatingadmissionpolicies",
            ResourceTypeInfo.For<V1ValidatingAdmissionPolicy>(),
            async (request, ct) => ToPage<V1ValidatingAdmissionPolicyList, V1ValidatingAdmissionPolicy>(await client.AdmissionregistrationV1.ListValidatingAdmissionPolicyAsync(
                continueParameter: request.Continue, limit: request.Limit, cancellationToken: ct).ConfigureAwait(false)),
            (request, onError, ct) => AsJson(client.AdmissionregistrationV1.ListValidatingAdmissionPolicyWithHttpMessagesAsync(
                allowWatchBookmarks: true, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: true, cancellationToken: ct), onError, ct));
    }

    /// <summary>All ValidatingAdmissionPolicyBindings (admissionregistration.k8s.io/v1, cluster-scoped).</summary>
    public static IListWatchSource<V1ValidatingAdmissionPolicyBinding> ValidatingAdmissionPolicyBindings(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1ValidatingAdmissionPolicyBinding>(
            "validatingadmissionpolicybindings",
            ResourceTypeInfo.For<V1ValidatingAdmissionPolicyBinding>(),
            async (request, ct) => ToPage<V1ValidatingAdmissionPolicyBindingList, V1ValidatingAdmissionPolicyBinding>(await client.AdmissionregistrationV1.ListValidatingAdmissionPolicyBindingAsync(
                continueParameter: request.Continue, limit: request.Limit, cancellationToken: ct).ConfigureAwait(false)),
            (request, onError, ct) => AsJson(client.AdmissionregistrationV1.ListValidatingAdmissionPolicyBindingWithHttpMessagesAsync(
                allowWatchBookmarks: true, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, watch: true, cancellationToken: ct), onError, ct));
    }

    /// <summary>
    /// A cluster-scoped custom resource through KubernetesClient's CustomObjects API. The type's
    /// <see cref="KubernetesEntityAttribute"/> names group, version, kind and plural unless
    /// <paramref name="type"/> is given.
    /// </summary>
    public static IListWatchSource<T> ClusterCustomResources<T>(IKubernetes client, ResourceTypeInfo? type = null, string? labelSelector = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        type ??= ResourceTypeInfo.For<T>();
        return new KubernetesListWatchSource<T>(
            type.Plural,
            type,
            async (request, ct) => ToPage<KubernetesList<T>, T>(await client.CustomObjects.ListClusterCustomObjectAsync<KubernetesList<T>>(
                type.Group, type.Version, type.Plural, continueParameter: request.Continue, labelSelector: labelSelector,
                limit: request.Limit, cancellationToken: ct).ConfigureAwait(false)),
            (request, onError, ct) => AsJson(client.CustomObjects.WatchListClusterCustomObjectAsync(
                type.Group, type.Version, type.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, onError: onError, cancellationToken: ct), ct));
    }

    private static ResourceListPage<T> ToPage<TList, T>(TList list)
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
        where T : IKubernetesObject<V1ObjectMeta>
    {
        return new ResourceListPage<T>([.. list.Items ?? []], list.Metadata?.ResourceVersion ?? "", list.Metadata?.ContinueProperty);
    }

    // A watch whose events' objects stay JSON, so that the source binds them itself and can name an object that does
    // not fit the type. KubernetesClient marks this extension obsolete in favour of the typed WatchList… methods, which
    // fail on such an object without saying which it was.
    private static IAsyncEnumerable<(WatchEventType, JsonElement)> AsJson<TList>(
        Task<HttpOperationResponse<TList>> response, Action<Exception> onError, CancellationToken cancellationToken)
    {
#pragma warning disable CS0618
        return response.WatchAsync<JsonElement, TList>(onError, cancellationToken);
#pragma warning restore CS0618
    }

    // The CustomObjects watch yields untyped objects: JSON elements as KubernetesClient parsed them.
    private static async IAsyncEnumerable<(WatchEventType, JsonElement)> AsJson(
        IAsyncEnumerable<(WatchEventType Type, object Object)> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, value) in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (type, value is JsonElement element ? element : JsonSerializer.SerializeToElement(value));
        }
    }
}
