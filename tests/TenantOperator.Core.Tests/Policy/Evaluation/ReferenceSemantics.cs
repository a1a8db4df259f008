using System.Net;
using k8s.Models;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// A deliberately naive second implementation of the semantics in docs/evaluator.md, read straight off the
/// Kubernetes API reference: no compilation, no bitsets, no indexes, .NET's own <see cref="IPNetwork"/> for CIDRs.
/// The property tests check the evaluator against it on random clusters.
/// </summary>
internal sealed class ReferenceSemantics(RandomCluster cluster)
{
    public bool Allowed(V1Pod source, V1Pod destination, ProtocolPort port)
    {
        if (ReferenceEquals(source, destination))
        {
            return true; // a pod cannot block access to itself
        }

        // A connection runs over one address family; a pod without addresses yet could use either.
        foreach (var family in new[] { System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.AddressFamily.InterNetworkV6 })
        {
            if (CanUse(source, family) && CanUse(destination, family)
                && EgressAllows(source, destination, port, family) && IngressAllows(source, destination, port, family))
            {
                return true;
            }
        }

        return false;
    }

    private bool EgressAllows(V1Pod source, V1Pod destination, ProtocolPort port, System.Net.Sockets.AddressFamily family)
    {
        if (HostNetwork(source) || (HostNetwork(destination) && SameNode(source, destination)))
        {
            return true;
        }

        var isolating = cluster.Policies.Where(p => Selects(p, source) && Governs(p, "Egress")).ToList();
        return isolating.Count == 0 || isolating.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            PortsAllow(rule.Ports, destination, port) && PeersMatch(rule.To, p.Metadata.NamespaceProperty, destination, family)));
    }

    private bool IngressAllows(V1Pod source, V1Pod destination, ProtocolPort port, System.Net.Sockets.AddressFamily family)
    {
        if (HostNetwork(destination) || (HostNetwork(source) && SameNode(source, destination)))
        {
            return true;
        }

        var isolating = cluster.Policies.Where(p => Selects(p, destination) && Governs(p, "Ingress")).ToList();
        return isolating.Count == 0 || isolating.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            PortsAllow(rule.Ports, destination, port) && PeersMatch(rule.FromProperty, p.Metadata.NamespaceProperty, source, family)));
    }

    private static bool Selects(V1NetworkPolicy policy, V1Pod pod) =>
        !HostNetwork(pod)
        && policy.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty
        && CompiledLabelSelector.Compile(policy.Spec.PodSelector).Matches(pod.Metadata.Labels);

    private static bool Governs(V1NetworkPolicy policy, string direction)
    {
        var types = policy.Spec.PolicyTypes;
        if (types is null || types.Count == 0)
        {
            return direction == "Ingress" || policy.Spec.Egress is { Count: > 0 };
        }

        return types.Contains(direction);
    }

    private bool PeersMatch(IList<V1NetworkPolicyPeer>? peers, string policyNamespace, V1Pod pod, System.Net.Sockets.AddressFamily family)
    {
        if (peers is null || peers.Count == 0)
        {
            return true;
        }

        foreach (var peer in peers)
        {
            if (peer.IpBlock is not null)
            {
                var block = IPNetwork.Parse(peer.IpBlock.Cidr);
                if (Addresses(pod).Any(a => a.AddressFamily == family && block.Contains(a)
                    && !(peer.IpBlock.Except ?? []).Any(e => IPNetwork.Parse(e).Contains(a))))
                {
                    return true;
                }

                continue;
            }

            if (HostNetwork(pod))
            {
                continue;
            }

            var namespaceMatches = peer.NamespaceSelector is null
                ? pod.Metadata.NamespaceProperty == policyNamespace
                : CompiledLabelSelector.Compile(peer.NamespaceSelector).Matches(NamespaceLabels(pod.Metadata.NamespaceProperty));
            if (namespaceMatches && CompiledLabelSelector.Compile(peer.PodSelector).Matches(pod.Metadata.Labels))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PortsAllow(IList<V1NetworkPolicyPort>? ports, V1Pod destination, ProtocolPort port)
    {
        if (ports is null || ports.Count == 0)
        {
            return true;
        }

        foreach (var policyPort in ports)
        {
            var protocol = policyPort.Protocol ?? "TCP";
            if (protocol != port.Protocol.ToKubernetesName())
            {
                continue;
            }

            if (policyPort.Port is null)
            {
                return true;
            }

            if (int.TryParse(policyPort.Port.Value, out var number))
            {
                if (port.Port >= number && port.Port <= (policyPort.EndPort ?? number))
                {
                    return true;
                }
            }
            else if ((destination.Spec.Containers ?? []).SelectMany(c => c.Ports ?? []).Any(c =>
                c.Name == policyPort.Port.Value && (c.Protocol ?? "TCP") == protocol && c.ContainerPort == port.Port))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, string> NamespaceLabels(string name)
    {
        var labels = new Dictionary<string, string>(cluster.Namespaces.Single(n => n.Metadata.Name == name).Metadata.Labels ?? new Dictionary<string, string>())
        {
            ["kubernetes.io/metadata.name"] = name,
        };
        return labels;
    }

    private static bool CanUse(V1Pod pod, System.Net.Sockets.AddressFamily family)
    {
        var addresses = Addresses(pod).ToList();
        return addresses.Count == 0 || addresses.Any(a => a.AddressFamily == family);
    }

    private static IEnumerable<IPAddress> Addresses(V1Pod pod) => (pod.Status?.PodIPs ?? []).Select(ip => IPAddress.Parse(ip.Ip));

    private static bool HostNetwork(V1Pod pod) => pod.Spec?.HostNetwork == true;

    private static bool SameNode(V1Pod a, V1Pod b) => a.Spec?.NodeName is { Length: > 0 } node && node == b.Spec?.NodeName;
}
