using System.Globalization;
using k8s.Models;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// Validates a V1NetworkPolicy the way the API server does (where it matters to semantics) and compiles it: policy
/// types inferred when absent, selectors compiled once, peers resolved to pod sets, ports to number ranges and names.
/// </summary>
internal sealed class PolicyCompiler(PeerResolver peers, NamedPortRegistry portNames)
{
    public CompiledPolicy Compile(V1NetworkPolicy policy)
    {
        var meta = policy.Metadata;
        var errors = new ObjectErrors("NetworkPolicy", ObjectErrors.NameOf(meta?.NamespaceProperty, meta?.Name));
        var reference = new PolicyRef(meta!.NamespaceProperty, meta.Name);
        var spec = policy.Spec ?? throw errors.Required("spec", "a NetworkPolicy needs a spec");

        // podSelector is required by the API but may be empty; an absent one is read as {} (all pods of the namespace).
        var podSelector = CompileSelector(spec.PodSelector, "spec.podSelector", errors);
        var (governsIngress, governsEgress) = PolicyTypes(spec, errors);

        var ingress = spec.Ingress ?? [];
        var ingressRules = new CompiledRule[governsIngress ? ingress.Count : 0];
        for (var i = 0; i < ingressRules.Length; i++)
        {
            var path = $"spec.ingress[{i}]";
            ingressRules[i] = CompileRule(
                new RuleRef(reference, TrafficDirection.Ingress, i), ingress[i]?.FromProperty, ingress[i]?.Ports, path, path + ".from", errors);
        }

        var egress = spec.Egress ?? [];
        var egressRules = new CompiledRule[governsEgress ? egress.Count : 0];
        for (var i = 0; i < egressRules.Length; i++)
        {
            var path = $"spec.egress[{i}]";
            egressRules[i] = CompileRule(
                new RuleRef(reference, TrafficDirection.Egress, i), egress[i]?.To, egress[i]?.Ports, path, path + ".to", errors);
        }

        return new CompiledPolicy(reference, podSelector, governsIngress, governsEgress, ingressRules, egressRules);
    }

    private static (bool Ingress, bool Egress) PolicyTypes(V1NetworkPolicySpec spec, ObjectErrors errors)
    {
        var types = spec.PolicyTypes;
        if (types is null || types.Count == 0)
        {
            // The API server's default: Ingress always, Egress when the policy has at least one egress rule.
            return (true, spec.Egress is { Count: > 0 });
        }

        var ingress = false;
        var egress = false;
        for (var i = 0; i < types.Count; i++)
        {
            switch (types[i])
            {
                case "Ingress":
                    ingress = true;
                    break;
                case "Egress":
                    egress = true;
                    break;
                default:
                    throw errors.Unsupported($"spec.policyTypes[{i}]", types[i], "Ingress", "Egress");
            }
        }

        return (ingress, egress);
    }

    private CompiledRule CompileRule(
        RuleRef reference, IList<V1NetworkPolicyPeer>? peerList, IList<V1NetworkPolicyPort>? portList, string path, string peersPath, ObjectErrors errors)
    {
        var ports = CompilePorts(portList, path + ".ports", errors);
        if (peerList is null || peerList.Count == 0)
        {
            // Absent or empty from/to: every source (destination), inside the cluster or not.
            return new CompiledRule(reference, true, peers.Everyone, peers.Everyone, [], ports);
        }

        // The sets the resolver returns are fresh, so the first of each kind is kept and the rest are merged into it.
        PodSet? bySelector = null;
        PodSet? byIpV4 = null;
        PodSet? byIpV6 = null;
        var ipBlocks = new List<IpBlockMatcher>();
        for (var j = 0; j < peerList.Count; j++)
        {
            var peerPath = $"{peersPath}[{j}]";
            var peer = peerList[j] ?? throw errors.Required(peerPath, "must specify a peer");
            var hasSelector = peer.PodSelector is not null || peer.NamespaceSelector is not null;
            if (peer.IpBlock is null && !hasSelector)
            {
                throw errors.Required(peerPath, "must specify a peer");
            }

            if (peer.IpBlock is not null && hasSelector)
            {
                throw errors.Forbidden(peerPath, "may not specify more than 1 peer type (ipBlock cannot be combined with podSelector or namespaceSelector)");
            }

            if (peer.IpBlock is not null)
            {
                var block = CompileIpBlock(peer.IpBlock, peerPath + ".ipBlock", errors);
                ipBlocks.Add(block);
                var (overV4, overV6) = peers.MatchIpBlock(block);
                byIpV4 = Merge(byIpV4, overV4);
                byIpV6 = Merge(byIpV6, overV6);
                continue;
            }

            var podSelector = CompileSelector(peer.PodSelector, peerPath + ".podSelector", errors);
            var selected = peer.NamespaceSelector is null
                ? peers.SelectInNamespace(reference.Policy.Namespace, podSelector)
                : peers.SelectInNamespaces(CompileSelector(peer.NamespaceSelector, peerPath + ".namespaceSelector", errors), podSelector);
            bySelector = Merge(bySelector, selected);
        }

        bySelector ??= new PodSet(peers.PodCount);
        if ((byIpV4 is null || byIpV4.IsEmpty) && (byIpV6 is null || byIpV6.IsEmpty))
        {
            // The common case: no ipBlock matches a pod, so both families see the same peers; share one set.
            return new CompiledRule(reference, false, bySelector, bySelector, [.. ipBlocks], ports);
        }

        byIpV4!.UnionWith(bySelector);
        byIpV6!.UnionWith(bySelector);
        return new CompiledRule(reference, false, byIpV4, byIpV6, [.. ipBlocks], ports);
    }

    private static PodSet Merge(PodSet? into, PodSet more)
    {
        if (into is null)
        {
            return more;
        }

        into.UnionWith(more);
        return into;
    }

    private PortMatcher CompilePorts(IList<V1NetworkPolicyPort>? ports, string path, ObjectErrors errors)
    {
        if (ports is null || ports.Count == 0)
        {
            return PortMatcher.All;
        }

        var entries = new PortEntry[ports.Count];
        for (var k = 0; k < ports.Count; k++)
        {
            var field = $"{path}[{k}]";
            var port = ports[k] ?? new V1NetworkPolicyPort();
            if (!TransportProtocols.TryParse(port.Protocol, out var protocol))
            {
                throw errors.Unsupported(field + ".protocol", port.Protocol, "TCP", "UDP", "SCTP");
            }

            entries[k] = CompilePort(port, protocol, field, errors);
        }

        return new PortMatcher(entries);
    }

    private PortEntry CompilePort(V1NetworkPolicyPort port, TransportProtocol protocol, string field, ObjectErrors errors)
    {
        var value = port.Port?.Value;
        if (value is null)
        {
            if (port.EndPort is not null)
            {
                throw errors.Forbidden(field + ".endPort", "may not be specified when `port` is not specified");
            }

            // No port: every port of the protocol.
            return new PortEntry(protocol, 1, 65535, null, -1);
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > 65535)
            {
                throw errors.InvalidValue(field + ".port", number, "must be between 1 and 65535, inclusive");
            }

            var last = port.EndPort ?? number;
            if (last < number || last > 65535)
            {
                throw errors.InvalidValue(field + ".endPort", last, "must be greater than or equal to `port` and at most 65535");
            }

            return new PortEntry(protocol, number, last, null, -1);
        }

        if (!IsServiceName(value))
        {
            throw errors.InvalidValue(field + ".port", value, "must be a port number or a port name (at most 15 lower-case letters, digits and '-', with at least one letter, no '-' at either end and no '--')");
        }

        if (port.EndPort is not null)
        {
            throw errors.Forbidden(field + ".endPort", "may not be specified when `port` is a name");
        }

        return new PortEntry(protocol, 0, 0, value, portNames.Intern(value));
    }

    private static IpBlockMatcher CompileIpBlock(V1IPBlock block, string path, ObjectErrors errors)
    {
        if (string.IsNullOrEmpty(block.Cidr))
        {
            throw errors.Required(path + ".cidr", "an ipBlock needs a cidr");
        }

        if (!IpCidr.TryParse(block.Cidr, out var cidr))
        {
            throw errors.InvalidValue(path + ".cidr", block.Cidr, "must be a CIDR such as 10.0.0.0/8 or fd00::/64");
        }

        var except = block.Except ?? [];
        var compiled = new IpCidr[except.Count];
        for (var i = 0; i < except.Count; i++)
        {
            var field = $"{path}.except[{i}]";
            if (!IpCidr.TryParse(except[i], out compiled[i]))
            {
                throw errors.InvalidValue(field, except[i], "must be a CIDR such as 10.0.0.0/8 or fd00::/64");
            }

            if (!cidr.StrictlyContains(compiled[i]))
            {
                throw errors.InvalidValue(field, except[i], $"must be a strict subset of `cidr` ({cidr})");
            }
        }

        return new IpBlockMatcher(cidr, compiled);
    }

    private static CompiledLabelSelector CompileSelector(V1LabelSelector? selector, string path, ObjectErrors errors)
    {
        try
        {
            return CompiledLabelSelector.Compile(selector);
        }
        catch (InvalidLabelSelectorException ex)
        {
            // The selector's message starts with the field inside the selector ("matchExpressions[0].operator: ...").
            var colon = ex.Message.IndexOf(": ", StringComparison.Ordinal);
            return colon < 0
                ? throw errors.Invalid(path, ex.Message)
                : throw errors.Invalid($"{path}.{ex.Message[..colon]}", ex.Message[(colon + 2)..]);
        }
    }

    /// <summary>The IANA service name rule Kubernetes applies to port names.</summary>
    private static bool IsServiceName(string name) =>
        name.Length is > 0 and <= 15
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name.Any(char.IsAsciiLetterLower)
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);
}
