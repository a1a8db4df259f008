using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly;
using TenantOperator.Api;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Cli.Audit;

/// <summary>
/// Reads what an audit needs from a live cluster, read-only: Namespaces, Pods and NetworkPolicies of every namespace,
/// and the TenantIsolations (none, with a note, when their CRD is not installed). Lists are paged, and a transient
/// failure (429, 5xx, a dropped connection) is retried with exponential backoff.
/// </summary>
internal sealed class LiveClusterReader(IKubernetes client)
{
    private const int PageSize = 500;

    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(TransientRetry.Options(maxRetries: 4, baseDelay: TimeSpan.FromMilliseconds(200)))
        .Build();

    /// <summary>Everything the audit reads, and notes on what was missing.</summary>
    public async Task<LiveCluster> ReadAsync(CancellationToken cancellationToken)
    {
        var namespaces = await ListAsync<V1NamespaceList, V1Namespace>("namespaces",
            (next, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: next, limit: PageSize, cancellationToken: ct), cancellationToken);
        var pods = await ListAsync<V1PodList, V1Pod>("pods",
            (next, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: ct), cancellationToken);
        var policies = await ListAsync<V1NetworkPolicyList, V1NetworkPolicy>("networkpolicies",
            (next, ct) => client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: ct), cancellationToken);
        var notes = new List<string>();
        List<TenantIsolation> tenants;
        try
        {
            tenants = await ListAsync<TenantOperator.Runtime.Informers.KubernetesList<TenantIsolation>, TenantIsolation>(TenantIsolation.Plural,
                (next, ct) => client.CustomObjects.ListClusterCustomObjectAsync<TenantOperator.Runtime.Informers.KubernetesList<TenantIsolation>>(
                    TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, continueParameter: next, limit: PageSize, cancellationToken: ct),
                cancellationToken);
        }
        catch (LiveReadException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            notes.Add($"the {TenantIsolation.Plural}.{TenantIsolation.Group} CRD is not installed: no tenants to audit");
            tenants = [];
        }

        return new LiveCluster(namespaces, pods, policies, tenants, notes);
    }

    private static async Task<List<T>> ListAsync<TList, T>(string resource, Func<string?, CancellationToken, Task<TList>> page, CancellationToken cancellationToken)
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var items = new List<T>();
        string? next = null;
        do
        {
            TList list;
            try
            {
                list = await Retry.ExecuteAsync(async ct => await page(next, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex)
            {
                throw new LiveReadException(resource, ex.Response?.StatusCode, Reason(ex), ex);
            }
            catch (HttpRequestException ex)
            {
                throw new LiveReadException(resource, null, ex.Message, ex);
            }

            items.AddRange(list.Items ?? []);
            next = list.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return items;
    }

    /// <summary>The Status message the API server sent, or the HTTP reason.</summary>
    private static string Reason(HttpOperationException ex)
    {
        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(ex.Response?.Content ?? "");
            if (!string.IsNullOrEmpty(status?.Message))
            {
                return status.Message;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not a Status: fall back to the HTTP reason
        }

        return ex.Response?.ReasonPhrase ?? ex.Message;
    }
}
