using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Decides whether a policy in the cluster is the planned one: same spec (compared as canonical JSON, so
/// serialization order does not matter), our labels present with our values, and our ownerReference present.
/// Labels or annotations others add are left alone: they do not change what the policy enforces.
/// </summary>
public static class PolicyComparer
{
    /// <summary>True when <paramref name="actual"/> enforces and declares what <paramref name="desired"/> does.</summary>
    public static bool Matches(V1NetworkPolicy desired, V1NetworkPolicy actual) =>
        (ReferenceEquals(desired.Spec, actual.Spec) || SpecEquals(desired.Spec, actual.Spec))
        && ContainsAll(actual.Metadata?.Labels, desired.Metadata.Labels)
        && ContainsAll(actual.Metadata?.Annotations, desired.Metadata.Annotations)
        && HasOwners(actual.Metadata?.OwnerReferences, desired.Metadata.OwnerReferences);

    /// <summary>True when the two specs are the same document.</summary>
    public static bool SpecEquals(V1NetworkPolicySpec? a, V1NetworkPolicySpec? b) =>
        JsonNode.DeepEquals(Normalize(a), Normalize(b));

    /// <summary>True when the policy carries our managed-by label: the only policies the operator may touch.</summary>
    public static bool IsManaged(V1NetworkPolicy policy) =>
        policy.Metadata?.Labels is { } labels
        && labels.TryGetValue(WellKnown.ManagedByLabel, out var value)
        && value == WellKnown.ManagedByValue;

    /// <summary>The tenant a managed policy belongs to, or null.</summary>
    public static string? TenantOf(V1NetworkPolicy policy) =>
        IsManaged(policy) && policy.Metadata.Labels.TryGetValue(WellKnown.TenantLabel, out var tenant) ? tenant : null;

    private static JsonNode? Normalize(V1NetworkPolicySpec? spec) =>
        spec is null ? null : JsonNode.Parse(KubernetesJson.Serialize(spec));

    private static bool ContainsAll(IDictionary<string, string>? actual, IDictionary<string, string>? desired) =>
        desired is null || desired.All(kv => actual is not null && actual.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool HasOwners(IList<V1OwnerReference>? actual, IList<V1OwnerReference>? desired) =>
        desired is null || desired.All(d => actual is not null && actual.Any(a =>
            a.Uid == d.Uid && a.Kind == d.Kind && a.ApiVersion == d.ApiVersion && a.Name == d.Name
            && a.Controller == d.Controller && a.BlockOwnerDeletion == d.BlockOwnerDeletion));
}
