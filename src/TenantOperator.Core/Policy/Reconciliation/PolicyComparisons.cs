using System.Runtime.CompilerServices;
using k8s.Models;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// <see cref="PolicyComparer.Matches(V1NetworkPolicy, V1NetworkPolicy)"/> remembered by the identity of the parts
/// compared: spec, labels, annotations and ownerReferences of both sides. A tenant's policy of one name has one
/// planned instance of each part in all its namespaces (<see cref="Planning.PlannerOptions.ShareUnchangingParts"/>),
/// and the operator's cache shares equal parts too, so a tenant of 5,000 namespaces compares each of its policy names
/// once per diff instead of 5,000 times (the spec through JSON). Only for one diff: parts are read-only while it runs.
/// </summary>
internal sealed class PolicyComparisons
{
    private readonly Dictionary<Parts, bool> _results = new();

    /// <summary>True when <paramref name="actual"/> enforces and declares what <paramref name="desired"/> does.</summary>
    public bool Matches(V1NetworkPolicy desired, V1NetworkPolicy actual)
    {
        var key = new Parts(
            desired.Spec, desired.Metadata.Labels, desired.Metadata.Annotations, desired.Metadata.OwnerReferences,
            actual.Spec, actual.Metadata?.Labels, actual.Metadata?.Annotations, actual.Metadata?.OwnerReferences);
        if (!_results.TryGetValue(key, out var matches))
        {
            matches = PolicyComparer.Matches(desired, actual);
            _results[key] = matches;
        }

        return matches;
    }

    /// <summary>The parts a comparison reads, equal when they are the same objects.</summary>
    private readonly record struct Parts(object? A, object? B, object? C, object? D, object? E, object? F, object? G, object? H)
    {
        public bool Equals(Parts other) =>
            ReferenceEquals(A, other.A) && ReferenceEquals(B, other.B) && ReferenceEquals(C, other.C) && ReferenceEquals(D, other.D)
            && ReferenceEquals(E, other.E) && ReferenceEquals(F, other.F) && ReferenceEquals(G, other.G) && ReferenceEquals(H, other.H);

        public override int GetHashCode() => HashCode.Combine(
            HashCode.Combine(Id(A), Id(B), Id(C), Id(D)), HashCode.Combine(Id(E), Id(F), Id(G), Id(H)));

        private static int Id(object? part) => part is null ? 0 : RuntimeHelpers.GetHashCode(part);
    }
}
