using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// How a tenant's membership appears inside policies, in its intra-tenant policy and in every <c>tenant:</c> peer that
/// names it: its namespaceSelector, with the namespaces the selector matches that are not in the tenant excluded by
/// their immutable name label, and the namespaces it names. It changes with the spec and the exclusions, never when
/// a namespace joins or leaves by its labels: such a join rewrites no policy outside the joining namespace, and no
/// policy grows with its tenant.
/// </summary>
/// <remarks>
/// What the peers match (the tenant's reach) is its members plus its namespaces being deleted: a terminating namespace
/// gets no policies, but it stays inside the definition while its pods shut down, so that deleting a namespace does
/// not rewrite the policies of every other member twice (once when it starts terminating, once when it is gone).
/// </remarks>
public sealed record MembershipDefinition
{
    /// <summary>A definition that matches no namespace.</summary>
    public static MembershipDefinition Nothing { get; } = new();

    /// <summary>The tenant's namespaceSelector as policies carry it, or null when membership is by name only.</summary>
    public V1LabelSelector? Selector { get; init; }

    /// <summary>Namespaces the selector matches that are not the tenant's: protected, exempt, or claimed by an older tenant. Sorted.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Namespaces in the tenant by name (<c>spec.namespaces</c>, or every one when the selector cannot go into a policy). Sorted.</summary>
    public IReadOnlyList<string> Named { get; init; } = [];

    /// <summary>
    /// The NetworkPolicy peers that match the tenant's namespaces (with <paramref name="pods"/> in each when given): at
    /// most two, the selector with a <c>NotIn</c> for <see cref="Excluded"/> (none when nothing is excluded), and an
    /// <c>In</c> for <see cref="Named"/> (none when nothing is named). Two peers are OR'ed, as the union needs.
    /// Every call returns new objects.
    /// </summary>
    public List<V1NetworkPolicyPeer> Peers(V1LabelSelector? pods = null)
    {
        var peers = new List<V1NetworkPolicyPeer>(2);
        if (Selector is { } selector)
        {
            peers.Add(new V1NetworkPolicyPeer { NamespaceSelector = WithExclusions(selector), PodSelector = Copy(pods) });
        }

        if (Named.Count > 0)
        {
            peers.Add(new V1NetworkPolicyPeer { NamespaceSelector = ApiModelConversions.NamespacesNamed(Named), PodSelector = Copy(pods) });
        }

        return peers;
    }

    private V1LabelSelector WithExclusions(V1LabelSelector selector)
    {
        var expressions = (selector.MatchExpressions ?? []).Select(Copy).ToList();
        if (Excluded.Count > 0)
        {
            expressions.Add(new V1LabelSelectorRequirement { Key = WellKnown.NamespaceNameLabel, OperatorProperty = "NotIn", Values = [.. Excluded] });
        }

        return new V1LabelSelector
        {
            MatchLabels = selector.MatchLabels is { Count: > 0 } labels ? new Dictionary<string, string>(labels) : null,
            MatchExpressions = expressions.Count > 0 ? expressions : null,
        };
    }

    private static V1LabelSelector? Copy(V1LabelSelector? selector) => selector is null ? null : new V1LabelSelector
    {
        MatchLabels = selector.MatchLabels is null ? null : new Dictionary<string, string>(selector.MatchLabels),
        MatchExpressions = selector.MatchExpressions?.Select(Copy).ToList(),
    };

    private static V1LabelSelectorRequirement Copy(V1LabelSelectorRequirement requirement) => new()
    {
        Key = requirement.Key,
        OperatorProperty = requirement.OperatorProperty,
        Values = requirement.Values?.ToList(),
    };
}
