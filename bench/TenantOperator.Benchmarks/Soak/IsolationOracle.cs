using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// The soak's yardstick: what the NetworkPolicies must be for the tenants and namespaces in the cluster, computed here
/// from the rules in README.md ("What the operator keeps in each member namespace", "Membership"), not by the operator's
/// planner or comparer. It covers the part of the API the soak uses: a namespaceSelector of matchLabels, names, the
/// default DNS, allowIntraTenant, and egress rules to ipBlocks on numbered ports. Deny, DNS and egress policies are
/// expected literally; the intra-tenant policy by what it means (its peers pick exactly the members, however they are
/// written), so the oracle holds whether the planner lists members by name or by their tenant's selector.
/// </summary>
public sealed class IsolationOracle
{
    /// <summary>Namespaces never isolated: Kubernetes' own and the operator's.</summary>
    public static readonly IReadOnlySet<string> Protected = new HashSet<string>(StringComparer.Ordinal)
    {
        "kube-system", "kube-public", "kube-node-lease", SoakFleet.OperatorNamespace,
    };

    private const string NameLabel = "kubernetes.io/metadata.name";
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _liveLabels;
    private readonly Dictionary<string, TenantIsolation> _tenants;

    /// <summary>Computes membership and the expected policies for the cluster's tenants and namespaces.</summary>
    public IsolationOracle(IReadOnlyList<TenantIsolation> tenants, IReadOnlyList<V1Namespace> namespaces)
    {
        _tenants = tenants.ToDictionary(t => t.Metadata.Name, StringComparer.Ordinal);
        _liveLabels = namespaces
            .Where(n => n.Metadata.DeletionTimestamp is null && n.Status?.Phase != "Terminating")
            .ToDictionary(n => n.Metadata.Name, n => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(n.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [NameLabel] = n.Metadata.Name,
            }, StringComparer.Ordinal);

        // A namespace two tenants select belongs to the older one: creationTimestamp, then name.
        var byAge = tenants.OrderBy(t => t.Metadata.CreationTimestamp).ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            foreach (var ns in Candidates(tenant).Order(StringComparer.Ordinal))
            {
                owner.TryAdd(ns, tenant.Metadata.Name);
            }
        }

        MemberOf = owner;
        Members = tenants.ToDictionary(
            t => t.Metadata.Name,
            t => (IReadOnlySet<string>)owner.Where(o => o.Value == t.Metadata.Name).Select(o => o.Key).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        Policies = [.. tenants.SelectMany(t => Members[t.Metadata.Name].Order(StringComparer.Ordinal).SelectMany(ns => PoliciesIn(t, ns)))];
    }

    /// <summary>Member namespace → its tenant.</summary>
    public IReadOnlyDictionary<string, string> MemberOf { get; }

    /// <summary>Tenant → its member namespaces.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Members { get; }

    /// <summary>Every policy the cluster must hold.</summary>
    public IReadOnlyList<ExpectedPolicy> Policies { get; }

    /// <summary>
    /// How <paramref name="policies"/> and the tenants' status differ from what they must be; empty when the cluster is
    /// exactly as planned. <paramref name="unowned"/> are the policies with our labels that the tenant named in their
    /// label does not own (the soak's copies): each tenant must list them, and they must not count as extra.
    /// </summary>
    public IReadOnlyList<string> Differences(IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyCollection<string> unowned)
    {
        var differences = new List<string>();
        var byKey = policies.ToDictionary(p => Key(p.Metadata.NamespaceProperty, p.Metadata.Name), StringComparer.Ordinal);
        foreach (var expected in Policies)
        {
            if (!byKey.TryGetValue(expected.Key, out var actual))
            {
                differences.Add($"missing {expected.Key}");
            }
            else if (Problem(expected, actual) is { } problem)
            {
                differences.Add($"{expected.Key}: {problem}");
            }
        }

        var expectedKeys = Policies.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var uids = _tenants.Values.Select(t => t.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, policy) in byKey)
        {
            var controller = policy.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (!expectedKeys.Contains(key) && controller is not null && uids.Contains(controller.Uid))
            {
                differences.Add($"extra {key} (owned by {controller.Name})");
            }
        }

        foreach (var tenant in _tenants.Values)
        {
            if (StatusProblem(tenant, unowned.Where(k => byKey.TryGetValue(k, out var p) && Label(p, WellKnown.TenantLabel) == tenant.Metadata.Name).ToList()) is { } problem)
            {
                differences.Add($"tenant {tenant.Metadata.Name}: {problem}");
            }
        }

        return differences;
    }

    /// <summary>Null when <paramref name="actual"/> is what <paramref name="expected"/> says, else what differs.</summary>
    public string? Problem(ExpectedPolicy expected, V1NetworkPolicy actual)
    {
        if (Label(actual, WellKnown.ManagedByLabel) != WellKnown.ManagedByValue || Label(actual, WellKnown.TenantLabel) != expected.Tenant)
        {
            return "labels";
        }

        if (actual.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == TenantIsolation.KindName && o.Uid == expected.TenantUid) != true)
        {
            return "owner";
        }

        if (expected.ExactSpec is { } spec)
        {
            return JsonNode.DeepEquals(spec, JsonNode.Parse(KubernetesJson.Serialize(actual.Spec))) ? null : "spec";
        }

        return IntraTenantProblem(actual.Spec, expected.PeersPickExactly!);
    }

    private HashSet<string> Candidates(TenantIsolation tenant)
    {
        var spec = tenant.Spec;
        var picked = new HashSet<string>(StringComparer.Ordinal);
        if (spec.NamespaceSelector is { } selector)
        {
            if (selector.MatchExpressions is { Count: > 0 })
            {
                throw new InvalidOperationException($"The soak's oracle covers matchLabels selectors only (tenant {tenant.Metadata.Name}).");
            }

            var matchLabels = new V1LabelSelector { MatchLabels = selector.MatchLabels };
            picked.UnionWith(_liveLabels.Where(ns => NamespaceSelection.Matches(matchLabels, ns.Value)).Select(ns => ns.Key));
        }

        picked.UnionWith((spec.Namespaces ?? []).Where(_liveLabels.ContainsKey));
        picked.ExceptWith(Protected);
        return picked;
    }

    private IEnumerable<ExpectedPolicy> PoliciesIn(TenantIsolation tenant, string ns)
    {
        var name = tenant.Metadata.Name;
        var uid = tenant.Metadata.Uid;
        yield return new ExpectedPolicy(name, uid, ns, WellKnown.DefaultDenyPolicy, Json("""{"podSelector":{},"policyTypes":["Ingress","Egress"]}"""), null);
        if (tenant.Spec.Dns is not null)
        {
            throw new InvalidOperationException($"The soak's oracle covers the default DNS only (tenant {name}).");
        }

        yield return new ExpectedPolicy(name, uid, ns, WellKnown.DnsPolicy, Json("""
            {"podSelector":{},"policyTypes":["Egress"],"egress":[{"ports":[{"port":53,"protocol":"UDP"},{"port":53,"protocol":"TCP"}],
             "to":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"kube-system"}},"podSelector":{"matchLabels":{"k8s-app":"kube-dns"}}}]}]}
            """), null);
        if (tenant.Spec.AllowIntraTenant != false)
        {
            yield return new ExpectedPolicy(name, uid, ns, WellKnown.IntraTenantPolicy, null, Members[name]);
        }

        foreach (var rule in tenant.Spec.Egress ?? [])
        {
            var cidrs = (rule.To ?? []).Select(peer => peer.IpBlock is { Except: null or { Count: 0 } } block && peer.NamespaceSelector is null && peer.PodSelector is null
                && peer.Tenant is null && peer.Namespaces is null ? block.Cidr : throw new InvalidOperationException($"The soak's oracle covers egress to plain ipBlocks only (tenant {name}, rule {rule.Name})."));
            var ports = (rule.Ports ?? []).Select(p => p.Port is { } port && int.TryParse(port.Value, out var number) && p.EndPort is null
                ? new JsonObject { ["port"] = number, ["protocol"] = p.Protocol ?? "TCP" }
                : throw new InvalidOperationException($"The soak's oracle covers numbered ports only (tenant {name}, rule {rule.Name})."));
            if (rule.PodSelector is not null)
            {
                throw new InvalidOperationException($"The soak's oracle covers rules for all of a tenant's pods only (tenant {name}, rule {rule.Name}).");
            }

            var egress = new JsonObject { ["to"] = new JsonArray([.. cidrs.Select(c => (JsonNode)new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = c } })]) };
            var portList = ports.ToList();
            if (portList.Count > 0)
            {
                egress["ports"] = new JsonArray([.. portList]);
            }

            var spec = new JsonObject { ["podSelector"] = new JsonObject(), ["policyTypes"] = new JsonArray("Egress"), ["egress"] = new JsonArray(egress) };
            yield return new ExpectedPolicy(name, uid, ns, WellKnown.EgressPolicy(rule.Name), spec, null);
        }
    }

    // Ingress from and egress to exactly the members, for every pod, on every port: one rule each way whose peers are
    // namespace selectors that, together, pick the live member namespaces and no other live namespace.
    private string? IntraTenantProblem(V1NetworkPolicySpec spec, IReadOnlySet<string> members)
    {
        if (spec.PodSelector is not { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } })
        {
            return "intra-tenant podSelector is not {}";
        }

        if (spec.PolicyTypes is not { Count: 2 } types || !types.Contains("Ingress") || !types.Contains("Egress"))
        {
            return "intra-tenant policyTypes";
        }

        if (spec.Ingress is not { Count: 1 } ingress || ingress[0].Ports is { Count: > 0 })
        {
            return "intra-tenant ingress is not one rule for every port";
        }

        if (spec.Egress is not { Count: 1 } egress || egress[0].Ports is { Count: > 0 })
        {
            return "intra-tenant egress is not one rule for every port";
        }

        if (PeersProblem(ingress[0].FromProperty, members) is { } from)
        {
            return $"intra-tenant ingress: {from}";
        }

        if (PeersProblem(egress[0].To, members) is { } to)
        {
            return $"intra-tenant egress: {to}";
        }

        return null;
    }

    private string? PeersProblem(IList<V1NetworkPolicyPeer>? peers, IReadOnlySet<string> members)
    {
        if (peers is not { Count: > 0 })
        {
            return "no peers (that would mean everyone)";
        }

        var picked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            if (peer.IpBlock is not null || peer.PodSelector is not null || peer.NamespaceSelector is null)
            {
                return "a peer other than a namespace selector";
            }

            picked.UnionWith(NamespaceSelection.Of(peer.NamespaceSelector, _liveLabels));
        }

        return picked.SetEquals(members)
            ? null
            : $"peers pick [{string.Join(",", picked.Order(StringComparer.Ordinal))}], members are [{string.Join(",", members.Order(StringComparer.Ordinal))}]";
    }

    private string? StatusProblem(TenantIsolation tenant, IReadOnlyList<string> unowned)
    {
        var status = tenant.Status;
        if (status is null || status.ObservedGeneration != tenant.Metadata.Generation)
        {
            return $"status describes generation {status?.ObservedGeneration}, not {tenant.Metadata.Generation}";
        }

        var members = Members[tenant.Metadata.Name];
        var (readyStatus, reason) = members.Count > 0 ? ("True", "Reconciled") : ("False", "NoNamespaces");
        var ready = status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (ready?.Status != readyStatus || ready.Reason != reason)
        {
            return $"Ready {ready?.Status} {ready?.Reason}, not {readyStatus} {reason}";
        }

        if (!(status.Namespaces ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(members))
        {
            return $"status.namespaces [{string.Join(",", status.Namespaces ?? [])}]";
        }

        var listed = status.UnownedPolicies ?? [];
        return unowned.All(listed.Contains) ? null : $"status.unownedPolicies [{string.Join(",", listed)}] lacks one of [{string.Join(",", unowned)}]";
    }

    private static JsonNode Json(string text) => JsonNode.Parse(text)!;

    private static string? Label(V1NetworkPolicy policy, string key) =>
        policy.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private static string Key(string ns, string name) => $"{ns}/{name}";
}

/// <summary>
/// A policy the cluster must hold: its tenant (name and uid, for labels and ownerReference), where, and its spec,
/// either literally (<see cref="ExactSpec"/>) or, for the intra-tenant policy, as the member namespaces its peers pick.
/// </summary>
public sealed record ExpectedPolicy(string Tenant, string TenantUid, string Namespace, string Name, JsonNode? ExactSpec, IReadOnlySet<string>? PeersPickExactly)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Key => $"{Namespace}/{Name}";
}
