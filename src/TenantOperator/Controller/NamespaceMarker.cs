using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Controller;

/// <summary>
/// Writes the operator's marks on namespaces (<see cref="NamespaceMarks"/>) as <see cref="NamespaceMarkPlanner"/>
/// decides them, one JSON merge patch of the two labels per namespace. Each patch carries the resourceVersion the
/// caches read, so a namespace that changed since (another tenant marked it, say) is refused with 409 instead of
/// overwritten; the tenant is then reconciled again from the newer cache.
/// </summary>
public sealed class NamespaceMarker(ClusterCaches caches, IKubernetesWriter writer, ILogger<NamespaceMarker> logger)
{
    /// <summary>
    /// Brings the marks of <paramref name="tenant"/>'s namespaces to what this pass found. Returns null when every
    /// write succeeded, else what failed first (the reconcile is retried).
    /// </summary>
    public async Task<string?> SyncAsync(string tenant, TenantPlan? plan, PolicyChangeSet changes, CancellationToken cancellationToken)
    {
        var marked = caches.NamespacesMarkedFor(tenant).Select(Read);
        var wanted = NamespaceMarkPlanner.Plan(tenant, plan, changes, marked, name => caches.Namespaces.Cache.Get(null, name) is { } ns ? Read(ns) : null);
        foreach (var change in wanted)
        {
            try
            {
                await writer.ExecuteAsync("patch", $"namespaces {change.Namespace}",
                    (client, ct) => client.CoreV1.PatchNamespaceAsync(new V1Patch(Patch(change), V1Patch.PatchType.MergePatch), change.Namespace, cancellationToken: ct),
                    cancellationToken);
                logger.LogDebug("Marked namespace {Namespace} for {Tenant}: tenant={Mark}, isolated={Isolated}", change.Namespace, tenant, change.Marks.Tenant, change.Marks.Isolated);
            }
            catch (KubernetesApiException ex) when (ex.IsNotFound)
            {
                // Deleted since the cache saw it: nothing left to mark.
            }
            catch (KubernetesApiException ex)
            {
                return ex.Message;
            }
        }

        return null;
    }

    private static MarkedNamespace Read(V1Namespace ns) =>
        new(ns.Metadata.Name, ns.Metadata.ResourceVersion, NamespaceMarks.Of(ns.Metadata.Labels));

    private static string Patch(NamespaceMarkChange change)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in change.Marks.AsLabelPatch())
        {
            labels[key] = value;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = change.ResourceVersion, ["labels"] = labels } };
        return patch.ToJsonString(JsonSerializerOptions.Default);
    }
}
