using k8s.Models;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Policies cut down to one direction, so an evaluator over them answers for one side of a connection only: the
/// other side is never isolated, and <see cref="NetworkPolicyEvaluator.IsAllowed"/> becomes that side's verdict.
/// </summary>
internal static class DirectionalPolicies
{
    /// <summary>The policies that govern <paramref name="direction"/>, with only that direction's rules.</summary>
    public static List<V1NetworkPolicy> Only(IEnumerable<V1NetworkPolicy> policies, TrafficDirection direction) =>
        [.. policies.Where(p => Governs(p.Spec, direction)).Select(p => Cut(p, direction))];

    /// <summary>policyTypes as the API server infers them: Ingress always, plus Egress when the policy has egress rules.</summary>
    public static bool Governs(V1NetworkPolicySpec? spec, TrafficDirection direction)
    {
        if (spec is null)
        {
            return direction == TrafficDirection.Ingress;
        }

        var word = direction == TrafficDirection.Ingress ? "Ingress" : "Egress";
        return spec.PolicyTypes is { Count: > 0 } types
            ? types.Contains(word)
            : direction == TrafficDirection.Ingress || spec.Egress is { Count: > 0 };
    }

    private static V1NetworkPolicy Cut(V1NetworkPolicy policy, TrafficDirection direction) => new()
    {
        ApiVersion = policy.ApiVersion,
        Kind = policy.Kind,
        Metadata = policy.Metadata,
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = policy.Spec?.PodSelector ?? new V1LabelSelector(),
            PolicyTypes = [direction == TrafficDirection.Ingress ? "Ingress" : "Egress"],
            Ingress = direction == TrafficDirection.Ingress ? policy.Spec?.Ingress : null,
            Egress = direction == TrafficDirection.Egress ? policy.Spec?.Egress : null,
        },
    };
}
