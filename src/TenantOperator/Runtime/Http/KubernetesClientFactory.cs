using k8s;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Runtime.Http;

/// <summary>Builds the operator's KubernetesClient with request metrics in its handler chain.</summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// A client for <paramref name="configuration"/> (in-cluster, kubeconfig, or the local API server)
    /// that counts every request in <paramref name="metrics"/>. Extra handlers go after the metrics
    /// handler, nearer the network.
    /// </summary>
    public static Kubernetes Create(KubernetesClientConfiguration configuration, RuntimeMetrics metrics, params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(metrics);
        return new Kubernetes(configuration, [new ApiRequestMetricsHandler(metrics.ApiRequests), .. handlers]);
    }
}
