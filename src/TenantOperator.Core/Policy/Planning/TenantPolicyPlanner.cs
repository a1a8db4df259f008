using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// The policies of the README's table ("What the operator keeps in each member namespace") for one valid tenant, the
/// same in every member namespace: default deny, intra-tenant, DNS, and one per declared ingress and egress rule.
/// </summary>
internal static class TenantPolicyPlanner
{
    private static readonly string[] IngressOnly = ["Ingress"];
    private static readonly string[] EgressOnly = ["Egress"];
    private static readonly string[] Both = ["Ingress", "Egress"];

    public static (IReadOnlyList<V1NetworkPolicy> Policies, List<string> Warnings) Plan(
        TenantIsolation tenant, TenantMembership membership, Func<string, TenantMembership?> memberships, PlannerOptions options)
    {
        var warnings = new List<string>();
        var specs = new List<(string Name, V1NetworkPolicySpec Spec)> { (WellKnown.DefaultDenyPolicy, DefaultDeny()) };
        var spec = tenant.Spec;
        if (spec.AllowsIntraTenant())
        {
            specs.Add((WellKnown.IntraTenantPolicy, IntraTenant(membership.Definition)));
        }

        if (spec.AllowsDns())
        {
            specs.Add((WellKnown.DnsPolicy, Dns(spec)));
        }

        foreach (var rule in spec.Ingress ?? [])
        {
            if (TryCompilePeers(rule, "ingress", memberships, warnings, out var peers))
            {
                specs.Add((WellKnown.IngressPolicy(rule.Name), IngressRule(rule, peers)));
            }
        }

        foreach (var rule in spec.Egress ?? [])
        {
            if (TryCompilePeers(rule, "egress", memberships, warnings, out var peers))
            {
                specs.Add((WellKnown.EgressPolicy(rule.Name), EgressRule(rule, peers)));
            }
        }

        specs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        // Each spec gets parts of its own (no two specs, nor two tenants, may share a part), and is hashed once.
        return (PolicyFactory.ForMembers(tenant, membership.Members, specs.Select(s => (s.Name, ModelCopy.Of(s.Spec))).ToList(), options), warnings);
    }

    private static V1NetworkPolicySpec DefaultDeny() => new() { PodSelector = ApiModelConversions.Everything(), PolicyTypes = Both };

    /// <summary>
    /// From and to the tenant's namespaces as its membership definition has them. Only a tenant with members gets
    /// policies, and its definition then matches at least its members, so the peer lists are never empty (which would
    /// mean "everyone").
    /// </summary>
    private static V1NetworkPolicySpec IntraTenant(MembershipDefinition definition) => new()
    {
        PodSelector = ApiModelConversions.Everything(),
        PolicyTypes = Both,
        Ingress = [new V1NetworkPolicyIngressRule { FromProperty = definition.Peers() }],
        Egress = [new V1NetworkPolicyEgressRule { To = definition.Peers() }],
    };

    /// <summary>One peer, namespace by name AND pod selector (two peers would mean OR), plus the DNS CIDRs.</summary>
    private static V1NetworkPolicySpec Dns(TenantIsolationSpec spec)
    {
        var peers = new List<V1NetworkPolicyPeer>
        {
            new()
            {
                NamespaceSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { [WellKnown.NamespaceNameLabel] = spec.DnsNamespaceOrDefault() },
                },
                PodSelector = spec.DnsPodSelectorOrDefault().ToV1(),
            },
        };
        peers.AddRange(spec.DnsCidrsOrDefault().Select(cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } }));
        return new V1NetworkPolicySpec
        {
            PodSelector = ApiModelConversions.Everything(),
            PolicyTypes = EgressOnly,
            Egress =
            [
                new V1NetworkPolicyEgressRule
                {
                    To = peers,
                    Ports =
                    [
                        new V1NetworkPolicyPort { Protocol = "UDP", Port = TenantDefaults.DnsPort },
                        new V1NetworkPolicyPort { Protocol = "TCP", Port = TenantDefaults.DnsPort },
                    ],
                },
            ],
        };
    }

    private static V1NetworkPolicySpec IngressRule(ITenantRule rule, List<V1NetworkPolicyPeer>? peers) => new()
    {
        PodSelector = rule.PodSelector.ToV1() ?? ApiModelConversions.Everything(),
        PolicyTypes = IngressOnly,
        Ingress = [new V1NetworkPolicyIngressRule { FromProperty = peers, Ports = Ports(rule) }],
    };

    private static V1NetworkPolicySpec EgressRule(ITenantRule rule, List<V1NetworkPolicyPeer>? peers) => new()
    {
        PodSelector = rule.PodSelector.ToV1() ?? ApiModelConversions.Everything(),
        PolicyTypes = EgressOnly,
        Egress = [new V1NetworkPolicyEgressRule { To = peers, Ports = Ports(rule) }],
    };

    private static List<V1NetworkPolicyPort>? Ports(ITenantRule rule) =>
        rule.Ports is { Count: > 0 } ports ? ports.Select(p => p.ToV1()).ToList() : null;

    /// <summary>
    /// Compiles the rule's peers. <paramref name="peers"/> is null when the rule names none (any source or
    /// destination). Returns false when the rule names peers that all resolve to nothing: the rule then allows nothing,
    /// and dropping its peers instead would wrongly open it to everyone.
    /// </summary>
    private static bool TryCompilePeers(
        ITenantRule rule, string direction, Func<string, TenantMembership?> memberships, List<string> warnings, out List<V1NetworkPolicyPeer>? peers)
    {
        peers = null;
        if (rule.Peers is not { Count: > 0 } declared)
        {
            return true;
        }

        peers = [];
        foreach (var peer in declared)
        {
            var (result, warning) = PeerCompiler.Compile(peer, memberships);
            if (result.Count > 0)
            {
                peers.AddRange(result);
            }
            else
            {
                warnings.Add($"{direction} rule {rule.Name}: {warning}: that peer allows nothing");
            }
        }

        if (peers.Count > 0)
        {
            return true;
        }

        warnings.Add($"{direction} rule {rule.Name}: no peer matches any namespace, so the rule allows nothing and no policy is kept for it");
        return false;
    }
}
