namespace TenantOperator.Api;

/// <summary>What an ingress and an egress rule have in common, so both are planned and validated by one code path.</summary>
public interface ITenantRule
{
    /// <summary>The rule's name, unique in its list; part of the generated policy's name.</summary>
    string Name { get; }

    /// <summary>Which of the tenant's pods the rule applies to; null means all.</summary>
    LabelSelector? PodSelector { get; }

    /// <summary>The other end of the traffic (<c>from</c> for ingress, <c>to</c> for egress); null or empty means any.</summary>
    IList<TenantPeer>? Peers { get; }

    /// <summary>The ports; null or empty means all.</summary>
    IList<PolicyPort>? Ports { get; }

    /// <summary>The JSON name of the peers field: <c>from</c> or <c>to</c>.</summary>
    string PeersField { get; }
}
