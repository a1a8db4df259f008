using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>Dresses a planned policy spec with the metadata every generated policy carries.</summary>
internal static class PolicyFactory
{
    /// <summary>
    /// One policy per member namespace for each of the tenant's specs, sorted by namespace then name. A tenant's policy
    /// of one name is the same in every member namespace but for <c>metadata.namespace</c>, so its labels,
    /// ownerReference and content hash are built (and hashed) once. With <see cref="PlannerOptions.ShareUnchangingParts"/>
    /// the namespaces' policies share those parts and the spec (taken from <see cref="PlannerOptions.SpecPool"/> when
    /// given), read-only, and are not even kept: the list makes each from its template when it is read, so a plan holds
    /// a tenant's templates and members, not a policy object per namespace. Without it each policy is built once, with
    /// copies of its own.
    /// </summary>
    public static IReadOnlyList<V1NetworkPolicy> ForMembers(
        TenantIsolation tenant, IReadOnlyList<string> members, IReadOnlyList<(string Name, V1NetworkPolicySpec Spec)> specs, PlannerOptions options)
    {
        var labels = new Dictionary<string, string>
        {
            [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue,
            [WellKnown.TenantLabel] = tenant.Metadata.Name,
        };
        var owners = Owners(tenant);
        if (options.ShareUnchangingParts)
        {
            var pool = options.SpecPool ?? (spec => spec);
            return new MemberPolicies([.. specs.Select(s => Template(s.Name, s.Spec, labels, owners) with { Spec = pool(s.Spec) })], members);
        }

        var templates = specs.Select(s => Template(s.Name, s.Spec, labels, owners)).ToList();
        var policies = new List<V1NetworkPolicy>(members.Count * templates.Count);
        foreach (var ns in members)
        {
            policies.AddRange(templates.Select(t => t.Copy().In(ns)));
        }

        return policies;
    }

    /// <summary>
    /// The parts of a policy that do not depend on its namespace: labelled as ours and as the tenant's (one set of
    /// labels and one owner list for all the tenant's templates), annotated with its content hash, and owned by the
    /// tenant.
    /// </summary>
    private static PolicyTemplate Template(string name, V1NetworkPolicySpec spec, Dictionary<string, string> labels, List<V1OwnerReference>? owners)
    {
        var annotations = new Dictionary<string, string> { [WellKnown.ContentHashAnnotation] = ContentHash.Of(labels, spec) };
        return new PolicyTemplate(name, spec, labels, annotations, owners);
    }

    /// <summary>
    /// The tenant as the controlling owner (blockOwnerDeletion) when its uid is known, so the garbage collector removes
    /// its policies with it. Offline (render) there is no uid, and no ownerReference: the API server would reject one
    /// without it.
    /// </summary>
    private static List<V1OwnerReference>? Owners(TenantIsolation tenant) => string.IsNullOrEmpty(tenant.Metadata.Uid) ? null :
    [
        new V1OwnerReference
        {
            ApiVersion = TenantIsolation.GroupVersion,
            Kind = TenantIsolation.KindName,
            Name = tenant.Metadata.Name,
            Uid = tenant.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        },
    ];

    /// <summary>The policies of templates × members, namespace by namespace, made as they are read.</summary>
    private sealed class MemberPolicies(IReadOnlyList<PolicyTemplate> templates, IReadOnlyList<string> members) : IReadOnlyList<V1NetworkPolicy>
    {
        public int Count => templates.Count * members.Count;

        public V1NetworkPolicy this[int index] =>
            (uint)index < (uint)Count ? templates[index % templates.Count].In(members[index / templates.Count]) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<V1NetworkPolicy> GetEnumerator()
        {
            foreach (var ns in members)
            {
                foreach (var template in templates)
                {
                    yield return template.In(ns);
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed record PolicyTemplate(
        string Name, V1NetworkPolicySpec Spec, Dictionary<string, string> Labels, Dictionary<string, string> Annotations, List<V1OwnerReference>? Owners)
    {
        /// <summary>A template with parts of its own, equal to these (the spec and owners through JSON, as before sharing).</summary>
        public PolicyTemplate Copy() => this with
        {
            Spec = ModelCopy.Of(Spec),
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
