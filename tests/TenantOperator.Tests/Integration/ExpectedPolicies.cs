using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// The managed policies the integration tests expect, computed from the tenants and namespaces on the server by a
/// model written from the README's tables and docs/design.md alone: it shares no code with the planner, the
/// comparer or the label-selector matcher, so a bug in them cannot also fool the tests. It knows the vocabulary of
/// these tests (label selectors, names, tenant, namespace, pod and ipBlock peers, numbered ports, the default DNS) and
/// refuses the rest. Each policy is expected as its namespace/name, its spec, its two labels and its owner.
/// </summary>
internal static class ExpectedPolicies
{
    private const string NameLabel = "kubernetes.io/metadata.name";

    private static readonly HashSet<string> Protected = ["kube-system", "kube-public", "kube-node-lease", "tenant-operator-system"];

    /// <summary>Expected policy (spec, labels, owner uid) by namespace/name, for the tenants in Enforce mode.</summary>
    public static Dictionary<string, (V1NetworkPolicySpec Spec, IDictionary<string, string> Labels, string OwnerUid)> For(
        IReadOnlyList<TenantIsolation> tenants, IReadOnlyList<V1Namespace> namespaces)
    {
        var labels = namespaces.ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var terminating = namespaces.Where(n => n.Status?.Phase == "Terminating").Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var byAge = tenants.OrderBy(t => t.Metadata.CreationTimestamp).ThenBy(t => t.Metadata.Name, StringComparer.Ordinal).ToList();

        // Each namespace a tenant selects or names goes to the oldest such tenant; protected ones to none.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            var selected = labels.Keys.Where(ns => tenant.Spec.NamespaceSelector is { } s && Matches(s, labels[ns]));
            candidates[tenant.Metadata.Name] = [.. selected.Union(tenant.Spec.Namespaces ?? []).Where(labels.ContainsKey).Distinct()];
            foreach (var ns in candidates[tenant.Metadata.Name].Where(ns => !Protected.Contains(ns)))
            {
                owner.TryAdd(ns, tenant.Metadata.Name);
            }
        }

        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var definitions = new Dictionary<string, List<V1NetworkPolicyPeer>>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            var name = tenant.Metadata.Name;
            var exempt = (tenant.Spec.ExemptNamespaces ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var outside = candidates[name].Where(ns => Protected.Contains(ns) || owner[ns] != name || exempt.Contains(ns)).ToHashSet(StringComparer.Ordinal);
            members[name] = [.. candidates[name].Where(ns => !outside.Contains(ns) && !terminating.Contains(ns)).Order(StringComparer.Ordinal)];
            definitions[name] = Definition(tenant.Spec, outside, named: [.. (tenant.Spec.Namespaces ?? []).Where(ns => labels.ContainsKey(ns) && !outside.Contains(ns))]);
        }

        var expected = new Dictionary<string, (V1NetworkPolicySpec, IDictionary<string, string>, string)>(StringComparer.Ordinal);
        foreach (var tenant in tenants.Where(t => t.Spec.Mode != IsolationMode.DryRun))
        {
            var policyLabels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "tenant-operator", ["isolation.tenantoperator.io/tenant"] = tenant.Metadata.Name };
            foreach (var (policy, spec) in Specs(tenant.Spec, definitions[tenant.Metadata.Name], t => members.GetValueOrDefault(t) is { Count: > 0 } ? definitions[t] : null))
            {
                foreach (var ns in members[tenant.Metadata.Name])
                {
                    expected[$"{ns}/{policy}"] = (spec, policyLabels, tenant.Metadata.Uid);
                }
            }
        }

        return expected;
    }

    /// <summary>The policies of one tenant, as the README's table lists them.</summary>
    private static IEnumerable<(string Name, V1NetworkPolicySpec Spec)> Specs(
        TenantIsolationSpec spec, List<V1NetworkPolicyPeer> definition, Func<string, List<V1NetworkPolicyPeer>?> definitionOf)
    {
        yield return ("tenant-isolation-default-deny", new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] });
        if (spec.AllowIntraTenant != false)
        {
            yield return ("tenant-isolation-intra-tenant", new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = Copy(definition, null) }],
                Egress = [new V1NetworkPolicyEgressRule { To = Copy(definition, null) }],
            });
        }

        if (spec.Dns?.Allow != false)
        {
            if (spec.Dns is { Namespace: not null } or { PodSelector: not null } or { Cidrs.Count: > 0 })
            {
                throw new NotSupportedException("the expected-policies model knows only the default DNS");
            }

            yield return ("tenant-isolation-dns", new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Egress"],
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                        To = [new V1NetworkPolicyPeer { NamespaceSelector = Labels(NameLabel, "kube-system"), PodSelector = Labels("k8s-app", "kube-dns") }],
                    },
                ],
            });
        }

        foreach (var rule in spec.Ingress ?? [])
        {
            if (Peers(rule.From, definitionOf) is (true, var peers))
            {
                yield return ($"tenant-isolation-ingress-{rule.Name}", new V1NetworkPolicySpec
                {
                    PodSelector = Selector(rule.PodSelector) ?? new V1LabelSelector(),
                    PolicyTypes = ["Ingress"],
                    Ingress = [new V1NetworkPolicyIngressRule { FromProperty = peers, Ports = Ports(rule.Ports) }],
                });
            }
        }

        foreach (var rule in spec.Egress ?? [])
        {
            if (Peers(rule.To, definitionOf) is (true, var peers))
            {
                yield return ($"tenant-isolation-egress-{rule.Name}", new V1NetworkPolicySpec
                {
                    PodSelector = Selector(rule.PodSelector) ?? new V1LabelSelector(),
                    PolicyTypes = ["Egress"],
                    Egress = [new V1NetworkPolicyEgressRule { To = peers, Ports = Ports(rule.Ports) }],
                });
            }
        }
    }

    /// <summary>
    /// The definition (docs/design.md, "Membership inside policies"): the selector with a NotIn for what it matches but
    /// the tenant does not get (terminating namespaces stay inside), then an In for the named members.
    /// </summary>
    private static List<V1NetworkPolicyPeer> Definition(TenantIsolationSpec spec, HashSet<string> outside, List<string> named)
    {
        var peers = new List<V1NetworkPolicyPeer>();
        if (spec.NamespaceSelector is { } selector)
        {
            var excluded = outside.Order(StringComparer.Ordinal).ToList();
            var expressions = (Selector(selector)!.MatchExpressions ?? []).ToList();
            if (excluded.Count > 0)
            {
                expressions.Add(new V1LabelSelectorRequirement { Key = NameLabel, OperatorProperty = "NotIn", Values = excluded });
            }

            peers.Add(new V1NetworkPolicyPeer
            {
                NamespaceSelector = new V1LabelSelector { MatchLabels = Selector(selector)!.MatchLabels, MatchExpressions = expressions.Count > 0 ? expressions : null },
            });
        }

        if (named.Count > 0)
        {
            peers.Add(new V1NetworkPolicyPeer { NamespaceSelector = Named(named) });
        }

        return peers;
    }

    /// <summary>
    /// A rule's peers: none given keeps the rule without peers (everyone); peers that all resolve to nothing drop the
    /// rule (Keep false), since an empty list would mean everyone.
    /// </summary>
    private static (bool Keep, List<V1NetworkPolicyPeer>? Peers) Peers(IList<TenantPeer>? peers, Func<string, List<V1NetworkPolicyPeer>?> definitionOf)
    {
        if (peers is not { Count: > 0 })
        {
            return (true, null);
        }

        var result = new List<V1NetworkPolicyPeer>();
        foreach (var peer in peers)
        {
            var pods = Selector(peer.PodSelector);
            if (peer.Tenant is { } tenant)
            {
                result.AddRange(definitionOf(tenant) is { } definition ? Copy(definition, pods) : []);
            }
            else if (peer.Namespaces is { } names)
            {
                result.Add(new V1NetworkPolicyPeer { NamespaceSelector = Named(names), PodSelector = pods });
            }
            else if (peer.IpBlock is { } block)
            {
                result.Add(new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = block.Cidr, Except = block.Except?.ToList() } });
            }
            else
            {
                result.Add(new V1NetworkPolicyPeer { NamespaceSelector = Selector(peer.NamespaceSelector), PodSelector = pods });
            }
        }

        return (result.Count > 0, result);
    }

    private static List<V1NetworkPolicyPort>? Ports(IList<PolicyPort>? ports) => ports is not { Count: > 0 } ? null :
        [.. ports.Select(p => new V1NetworkPolicyPort
        {
            Protocol = p.Protocol ?? "TCP",
            Port = p.Port is null ? null : int.TryParse(p.Port.Value, out var number) ? (IntOrString)number : (IntOrString)p.Port.Value,
            EndPort = p.EndPort,
        })];

    private static List<V1NetworkPolicyPeer> Copy(List<V1NetworkPolicyPeer> definition, V1LabelSelector? pods) =>
        [.. definition.Select(p => new V1NetworkPolicyPeer { NamespaceSelector = p.NamespaceSelector, PodSelector = pods })];

    private static V1LabelSelector Named(IEnumerable<string> names) => new()
    {
        MatchExpressions = [new V1LabelSelectorRequirement { Key = NameLabel, OperatorProperty = "In", Values = [.. names.Distinct().Order(StringComparer.Ordinal)] }],
    };

    private static V1LabelSelector Labels(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    private static V1LabelSelector? Selector(LabelSelector? selector) => selector is null ? null : new V1LabelSelector
    {
        MatchLabels = selector.MatchLabels is { Count: > 0 } labels ? new Dictionary<string, string>(labels) : null,
        MatchExpressions = selector.MatchExpressions is { Count: > 0 } expressions
            ? [.. expressions.Select(e => new V1LabelSelectorRequirement { Key = e.Key, OperatorProperty = e.Operator, Values = e.Values?.ToList() })]
            : null,
    };

    /// <summary>Label selector semantics, written again here (the API server sets the name label).</summary>
    private static bool Matches(LabelSelector selector, IDictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && (selector.MatchExpressions ?? []).All(e => e.Operator switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values!.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values!.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => throw new NotSupportedException($"operator {e.Operator}"),
        });
}
