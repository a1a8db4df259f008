using System.Globalization;
using System.Net;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// The test oracle: what the TenantIsolations declare, read straight from their specs and docs/design.md, without the
/// planner or the evaluator. Membership: selected or named, not protected; a namespace two tenants claim goes to the
/// older one (creationTimestamp, then name); exempt namespaces are not members; terminating namespaces are claimed
/// like live ones but are no one's members. A tenant's reach (what its intra-tenant policy and <c>tenant:</c> peers
/// match, from its membership definition) is its members plus the terminating namespaces it would own. A member pod
/// may send what intra-tenant (to its tenant's reach), DNS or one of its tenant's egress rules allows, and accept
/// what intra-tenant (from its reach) or one of its tenant's ingress rules allows; a pod of a namespace no tenant
/// isolates is open. <c>namespaces:</c> peers match by name, never by labels; <c>tenant:</c> peers match that
/// tenant's reach, and nothing when it has no member.
/// </summary>
internal sealed class DeclaredIntent
{
    private static readonly ProtocolPort[] DnsPorts = [ProtocolPort.Udp(53), ProtocolPort.Tcp(53)];

    private readonly Dictionary<string, TenantIsolation> _tenants;
    private readonly Dictionary<string, Dictionary<string, string>> _namespaceLabels;
    private readonly HashSet<string> _live;
    private readonly Dictionary<string, string> _departingOf = new(StringComparer.Ordinal);

    public DeclaredIntent(TenantCluster cluster, IReadOnlySet<string> protectedNamespaces)
    {
        _tenants = cluster.Tenants.ToDictionary(t => t.Metadata.Name, StringComparer.Ordinal);
        _namespaceLabels = cluster.Namespaces.ToDictionary(
            n => n.Metadata.Name,
            n => new Dictionary<string, string>(n.Metadata.Labels ?? new Dictionary<string, string>())
            {
                ["kubernetes.io/metadata.name"] = n.Metadata.Name, // the API server's, whatever the object says
            },
            StringComparer.Ordinal);
        _live = [.. cluster.Namespaces.Where(n => n.Status?.Phase != "Terminating").Select(n => n.Metadata.Name)];

        var candidates = _tenants.Values.ToDictionary(t => t.Metadata.Name, Candidates, StringComparer.Ordinal);
        foreach (var (tenant, names) in candidates)
        {
            foreach (var ns in names.Where(protectedNamespaces.Contains))
            {
                Excluded.Add((tenant, ns, "Protected"));
            }

            names.ExceptWith(protectedNamespaces);
        }

        var byAge = _tenants.Values.OrderBy(t => t.Metadata.CreationTimestamp).ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            foreach (var ns in candidates[tenant.Metadata.Name])
            {
                owners.TryAdd(ns, tenant.Metadata.Name);
            }
        }

        foreach (var (tenant, names) in candidates)
        {
            var exempt = (_tenants[tenant].Spec.ExemptNamespaces ?? []).ToDictionary(e => e.Name, e => e.Reason, StringComparer.Ordinal);
            foreach (var ns in names)
            {
                if (owners[ns] != tenant)
                {
                    Excluded.Add((tenant, ns, "ClaimedBy:" + owners[ns]));
                }
                else if (exempt.TryGetValue(ns, out var reason))
                {
                    Excluded.Add((tenant, ns, "Exempt: " + reason));
                }
                else if (_live.Contains(ns))
                {
                    MemberOf[ns] = tenant;
                }
                else
                {
                    _departingOf[ns] = tenant;
                }
            }
        }

        // Terminating namespaces are claimed, but the status lists only live ones.
        Excluded.RemoveAll(e => !_live.Contains(e.Namespace));
    }

    /// <summary>Member namespace → its tenant.</summary>
    public Dictionary<string, string> MemberOf { get; } = new(StringComparer.Ordinal);

    /// <summary>(tenant, namespace, reason) for every selected or named namespace that is not the tenant's member.</summary>
    public List<(string Tenant, string Namespace, string Reason)> Excluded { get; } = [];

    public IEnumerable<string> MembersOf(string tenant) => MemberOf.Where(m => m.Value == tenant).Select(m => m.Key);

    public string? TenantOf(V1Pod pod) => MemberOf.GetValueOrDefault(pod.Metadata.NamespaceProperty);

    public TenantIsolationSpec SpecOf(string tenant) => _tenants[tenant].Spec;

    /// <summary>True when <paramref name="ns"/> is inside <paramref name="tenant"/>'s membership definition: a member, or a terminating namespace it would own.</summary>
    public bool Reaches(string tenant, string ns) => MemberOf.GetValueOrDefault(ns) == tenant || _departingOf.GetValueOrDefault(ns) == tenant;

    /// <summary>Both sides: the connection needs egress at the source and ingress at the destination.</summary>
    public bool Allows(V1Pod source, V1Pod destination, ProtocolPort port) => Egress(source, destination, port) && Ingress(source, destination, port);

    /// <summary>May <paramref name="source"/> send to <paramref name="destination"/>, by its own tenant's declaration?</summary>
    public bool Egress(V1Pod source, V1Pod destination, ProtocolPort port, bool namePeers = true)
    {
        if (TenantOf(source) is not { } tenant)
        {
            return true;
        }

        var spec = SpecOf(tenant);
        return (spec.AllowIntraTenant != false && Reaches(tenant, destination.Metadata.NamespaceProperty))
            || (spec.Dns?.Allow != false && DnsAllows(spec, destination, port))
            || (spec.Egress ?? []).Any(r => Matches(r.PodSelector, source.Metadata.Labels)
                && PortsAllow(r.Ports, port, destination)
                && PeersAllow(r.To, destination, source.Metadata.NamespaceProperty, namePeers));
    }

    /// <summary>May <paramref name="destination"/> accept from <paramref name="source"/>, by its own tenant's declaration?</summary>
    public bool Ingress(V1Pod source, V1Pod destination, ProtocolPort port, bool namePeers = true)
    {
        if (TenantOf(destination) is not { } tenant)
        {
            return true;
        }

        var spec = SpecOf(tenant);
        return (spec.AllowIntraTenant != false && Reaches(tenant, source.Metadata.NamespaceProperty))
            || (spec.Ingress ?? []).Any(r => Matches(r.PodSelector, destination.Metadata.Labels)
                && PortsAllow(r.Ports, port, destination)
                && PeersAllow(r.From, source, destination.Metadata.NamespaceProperty, namePeers));
    }

    /// <summary>The DNS rule: the DNS pods (namespace by name AND pod selector) or the DNS CIDRs, on 53/UDP and 53/TCP only.</summary>
    public static bool DnsAllows(TenantIsolationSpec spec, V1Pod destination, ProtocolPort port)
    {
        if (!DnsPorts.Contains(port))
        {
            return false;
        }

        return IsDnsPod(spec, destination) || (spec.Dns?.Cidrs ?? []).Any(c => InBlock(destination, c, null));
    }

    public static bool IsDnsPod(TenantIsolationSpec spec, V1Pod pod)
    {
        var podSelector = spec.Dns?.PodSelector ?? new LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } };
        return pod.Metadata.NamespaceProperty == (spec.Dns?.Namespace ?? "kube-system") && Matches(podSelector, pod.Metadata.Labels);
    }

    private HashSet<string> Candidates(TenantIsolation tenant)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (tenant.Spec.NamespaceSelector is { } selector)
        {
            result.UnionWith(_namespaceLabels.Keys.Where(ns => Matches(selector, _namespaceLabels[ns])));
        }

        result.UnionWith((tenant.Spec.Namespaces ?? []).Where(_namespaceLabels.ContainsKey));
        return result;
    }

    private bool PeersAllow(IList<TenantPeer>? peers, V1Pod other, string ownNamespace, bool namePeers)
    {
        if (peers is not { Count: > 0 })
        {
            return true;
        }

        var ns = other.Metadata.NamespaceProperty;
        return peers.Any(peer =>
        {
            if (peer.IpBlock is { } block)
            {
                return InBlock(other, block.Cidr, block.Except);
            }

            var namespaceMatches =
                peer.Tenant is { } tenant ? namePeers && MemberOf.ContainsValue(tenant) && Reaches(tenant, ns)
                : peer.Namespaces is { } names ? namePeers && names.Contains(ns)
                : peer.NamespaceSelector is { } selector ? Matches(selector, _namespaceLabels[ns])
                : ns == ownNamespace;
            return namespaceMatches && Matches(peer.PodSelector, other.Metadata.Labels);
        });
    }

    private static bool PortsAllow(IList<PolicyPort>? ports, ProtocolPort port, V1Pod destination)
    {
        if (ports is not { Count: > 0 })
        {
            return true;
        }

        return ports.Any(p =>
        {
            if ((p.Protocol ?? "TCP") != port.Protocol.ToKubernetesName())
            {
                return false;
            }

            if (p.Port is null)
            {
                return true;
            }

            if (int.TryParse(p.Port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return port.Port >= number && port.Port <= (p.EndPort ?? number);
            }

            return destination.Spec.Containers.SelectMany(c => c.Ports ?? []).Any(c =>
                c.Name == p.Port.Value && (c.Protocol ?? "TCP") == port.Protocol.ToKubernetesName() && c.ContainerPort == port.Port);
        });
    }

    private static bool InBlock(V1Pod pod, string cidr, IList<string>? except)
    {
        if (pod.Status?.PodIP is not { } text)
        {
            return false; // no address yet: an ipBlock cannot match it
        }

        var address = IPAddress.Parse(text);
        return IPNetwork.Parse(cidr).Contains(address) && !(except ?? []).Any(e => IPNetwork.Parse(e).Contains(address));
    }

    /// <summary>Label selector semantics, written again here so the oracle shares no code with the planner or the evaluator.</summary>
    public static bool Matches(LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return true;
        }

        labels ??= new Dictionary<string, string>();
        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
            && (selector.MatchExpressions ?? []).All(e => e.Operator switch
            {
                "In" => labels.TryGetValue(e.Key, out var v) && e.Values!.Contains(v),
                "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values!.Contains(v),
                "Exists" => labels.ContainsKey(e.Key),
                "DoesNotExist" => !labels.ContainsKey(e.Key),
                _ => throw new InvalidOperationException($"unknown operator {e.Operator}"),
            });
    }
}
