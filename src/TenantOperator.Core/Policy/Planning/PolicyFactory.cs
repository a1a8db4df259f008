using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>Dresses a planned policy spec with the metadata every generated policy carries.</summary>
internal static class PolicyFactory
{
    /// <summary>
    /// One policy per member namespace for each of the tenant's specs. A tenant's policy of one name is the same in
    /// every member namespace but for <c>metadata.namespace</c>, so its labels, ownerReference and content hash are
    /// built (and hashed) once. With <paramref name="share"/> the namespaces' policies share those parts and the spec,
    /// read-only (see <see cref="PlannerOptions.ShareUnchangingParts"/>); without it each gets copies of its own.
    /// </summary>
    public static List<V1NetworkPolicy> ForMembers(
        TenantIsolation tenant, IReadOnlyList<string> members, IReadOnlyList<(string Name, V1NetworkPolicySpec Spec)> specs, bool share)
    {
        var templates = specs.Select(s => Template(tenant, s.Name, s.Spec)).ToList();
        var policies = new List<V1NetworkPolicy>(members.Count * templates.Count);
        foreach (var ns in members)
        {
            policies.AddRange(templates.Select(t => share ? t.In(ns) : t.Copy().In(ns)));
        }

        return policies;
    }

    /// <summary>
    /// The parts of a policy that do not depend on its namespace: labelled as ours and as the tenant's, annotated with
    /// its content hash, and owned by the tenant (controller, blockOwnerDeletion) when the tenant's uid is known, so
    /// the garbage collector removes it with the tenant. Offline (render) there is no uid, and no ownerReference: the
    /// API server would reject one without it.
    /// </summary>
    private static PolicyTemplate Template(TenantIsolation tenant, string name, V1NetworkPolicySpec spec)
    {
        var labels = new Dictionary<string, string>
        {
            [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue,
            [WellKnown.TenantLabel] = tenant.Metadata.Name,
        };
        var uid = tenant.Metadata.Uid;
        var owners = string.IsNullOrEmpty(uid) ? null : new List<V1OwnerReference>
        {
            new()
            {
                ApiVersion = TenantIsolation.GroupVersion,
                Kind = TenantIsolation.KindName,
                Name = tenant.Metadata.Name,
                Uid = uid,
                Controller = true,
                BlockOwnerDeletion = true,
            },
        };
        var annotations = new Dictionary<string, string> { [WellKnown.ContentHashAnnotation] = ContentHash.Of(labels, spec) };
        return new PolicyTemplate(name, spec, labels, annotations, owners);
    }

    private sealed record PolicyTemplate(
        string Name, V1NetworkPolicySpec Spec, Dictionary<string, string> Labels, Dictionary<string, string> Annotations, List<V1OwnerReference>? Owners)
    {
        /// <summary>A template with parts of its own, equal to these (the spec and owners through JSON, as before sharing).</summary>
        public PolicyTemplate Copy() => this with
        {
            Spec = k8s.KubernetesJson.Deserialize<V1NetworkPolicySpec>(k8s.KubernetesJson.Serialize(Spec)),
            Labels = new Dictionary<string, string>(Labels),
            Annotations = new Dictionary<string, string>(Annotations),
            Owners = Owners is null ? null : k8s.KubernetesJson.Deserialize<List<V1OwnerReference>>(k8s.KubernetesJson.Serialize(Owners)),
        };

        public V1NetworkPolicy In(string ns) => new()
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                NamespaceProperty = ns,
                Labels = Labels,
                Annotations = Annotations,
                OwnerReferences = Owners,
            },
            Spec = Spec,
        };
    }
}
