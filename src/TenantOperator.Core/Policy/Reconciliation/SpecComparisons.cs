using System.Runtime.CompilerServices;
using k8s.Models;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Spec comparisons remembered by the identity of the two specs. A tenant's policy of one name has one planned spec
/// object in all its namespaces (<see cref="Planning.PlannerOptions.ShareUnchangingParts"/>), and the operator's cache
/// shares equal specs too, so a tenant of 5,000 namespaces compares each of its specs once per diff instead of 5,000
/// times through JSON. Only for one diff: specs are read-only while it runs.
/// </summary>
internal sealed class SpecComparisons
{
    private readonly Dictionary<(V1NetworkPolicySpec?, V1NetworkPolicySpec?), bool> _results = new(PairComparer.Instance);

    /// <summary>True when the two specs are the same document; each pair of objects is compared once.</summary>
    public bool SpecEquals(V1NetworkPolicySpec? desired, V1NetworkPolicySpec? actual)
    {
        if (ReferenceEquals(desired, actual))
        {
            return true;
        }

        if (!_results.TryGetValue((desired, actual), out var equal))
        {
            equal = PolicyComparer.SpecEquals(desired, actual);
            _results[(desired, actual)] = equal;
        }

        return equal;
    }

    private sealed class PairComparer : IEqualityComparer<(V1NetworkPolicySpec?, V1NetworkPolicySpec?)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((V1NetworkPolicySpec?, V1NetworkPolicySpec?) x, (V1NetworkPolicySpec?, V1NetworkPolicySpec?) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((V1NetworkPolicySpec?, V1NetworkPolicySpec?) pair) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(pair.Item1), RuntimeHelpers.GetHashCode(pair.Item2));
    }
}
