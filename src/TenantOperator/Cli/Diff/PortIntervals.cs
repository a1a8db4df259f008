using k8s.Models;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Diff;

/// <summary>A range of ports of one protocol on which every policy of both revisions decides alike.</summary>
/// <param name="Protocol">The transport protocol.</param>
/// <param name="Start">The first port.</param>
/// <param name="End">The last port (equal to <paramref name="Start"/> for one port).</param>
internal sealed record PortInterval(TransportProtocol Protocol, int Start, int End)
{
    /// <summary>The port probed for the whole range: any port in it gets the same verdict.</summary>
    public ProtocolPort Probe => new(Protocol, Start);

    /// <summary><c>8443/TCP</c> or <c>1-52/UDP</c>.</summary>
    public override string ToString() => Start == End ? $"{Start}/{Protocol.ToKubernetesName()}" : $"{Start}-{End}/{Protocol.ToKubernetesName()}";
}

/// <summary>
/// Splits each protocol's ports 1–65535 where some rule's port or range (<c>port</c>..<c>endPort</c>) starts or ends,
/// so that one probe per piece answers for all its ports (probe pods declare no container ports, so named ports
/// match none of them: see docs/audit.md).
/// </summary>
internal static class PortIntervals
{
    private static readonly TransportProtocol[] Protocols = [TransportProtocol.Tcp, TransportProtocol.Udp, TransportProtocol.Sctp];

    /// <summary>The pieces for <paramref name="policies"/>, by protocol then port.</summary>
    public static List<PortInterval> From(IEnumerable<V1NetworkPolicy> policies)
    {
        var cuts = Protocols.ToDictionary(p => p, _ => new SortedSet<int> { 1 });
        var ports = policies.SelectMany(p => (p.Spec?.Ingress ?? []).SelectMany(r => r.Ports ?? [])
            .Concat((p.Spec?.Egress ?? []).SelectMany(r => r.Ports ?? [])));
        foreach (var port in ports)
        {
            if (!TransportProtocols.TryParse(port.Protocol ?? "TCP", out var protocol)
                || !int.TryParse(port.Port?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start))
            {
                continue; // protocol-only or named: no cut (the evaluator has refused an unknown protocol already)
            }

            var end = port.EndPort ?? start;
            cuts[protocol].Add(start);
            if (end < 65535)
            {
                cuts[protocol].Add(end + 1);
            }
        }

        var result = new List<PortInterval>();
        foreach (var protocol in Protocols)
        {
            var starts = cuts[protocol].ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                result.Add(new PortInterval(protocol, starts[i], i + 1 < starts.Count ? starts[i + 1] - 1 : 65535));
            }
        }

        return result;
    }
}
