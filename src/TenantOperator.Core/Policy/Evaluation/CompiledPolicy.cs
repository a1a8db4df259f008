using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Evaluation;

/// <summary>A NetworkPolicy compiled: the directions it governs (after <c>policyTypes</c> inference) and its rules.</summary>
internal sealed class CompiledPolicy(
    PolicyRef reference,
    CompiledLabelSelector podSelector,
    bool governsIngress,
    bool governsEgress,
    CompiledRule[] ingressRules,
    CompiledRule[] egressRules)
{
    public PolicyRef Ref { get; } = reference;

    public CompiledLabelSelector PodSelector { get; } = podSelector;

    public bool GovernsIngress { get; } = governsIngress;

    public bool GovernsEgress { get; } = governsEgress;

    /// <summary>The ingress rules; empty when the policy does not govern ingress (its rules are then ignored).</summary>
    public IReadOnlyList<CompiledRule> IngressRules { get; } = ingressRules;

    /// <summary>The egress rules; empty when the policy does not govern egress.</summary>
    public IReadOnlyList<CompiledRule> EgressRules { get; } = egressRules;

    public bool Governs(TrafficDirection direction) => direction == TrafficDirection.Ingress ? GovernsIngress : GovernsEgress;

    public IReadOnlyList<CompiledRule> Rules(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressRules : EgressRules;
}
