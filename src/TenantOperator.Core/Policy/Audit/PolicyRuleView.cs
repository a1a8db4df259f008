using k8s.Models;

namespace TenantOperator.Policy.Audit;

/// <summary>One ingress or egress rule of a NetworkPolicy, seen the same way for both directions.</summary>
internal sealed record PolicyRuleView(V1NetworkPolicy Policy, string Direction, int Index, IList<V1NetworkPolicyPeer>? Peers, IList<V1NetworkPolicyPort>? Ports)
{
    /// <summary>The rules a policy enforces: only for the directions its policyTypes govern (inferred when absent).</summary>
    public static IEnumerable<PolicyRuleView> Of(V1NetworkPolicy policy)
    {
        var spec = policy.Spec;
        if (spec is null)
        {
            yield break;
        }

        // As the API server infers them: Ingress always, Egress when the policy has egress rules.
        var types = spec.PolicyTypes is { Count: > 0 } declared
            ? declared
            : spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];
        if (types.Contains("Ingress"))
        {
            var rules = spec.Ingress ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                yield return new PolicyRuleView(policy, "Ingress", i, rules[i].FromProperty, rules[i].Ports);
            }
        }

        if (types.Contains("Egress"))
        {
            var rules = spec.Egress ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                yield return new PolicyRuleView(policy, "Egress", i, rules[i].To, rules[i].Ports);
            }
        }
    }

    /// <summary>The selector of the pods the policy applies to.</summary>
    public V1LabelSelector? PodSelector => Policy.Spec.PodSelector;
}
