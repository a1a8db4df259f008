using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Which ports an audit probes for each destination pod: the ports asked for (<c>--ports</c>), or else the pod's own
/// container ports, and for a pod that declares none, every container port declared in the cluster (pods need not
/// declare what they listen on, and a breach must not hide behind that).
/// </summary>
public sealed class ProbePorts
{
    private readonly bool[][] _probed;

    private ProbePorts(IReadOnlyList<ProtocolPort> ports, bool[][] probed, bool explicitPorts)
    {
        Ports = ports;
        _probed = probed;
        Explicit = explicitPorts;
    }

    /// <summary>Every port probed for at least one destination, by number then protocol.</summary>
    public IReadOnlyList<ProtocolPort> Ports { get; }

    /// <summary>True when the ports were given (<c>--ports</c>) rather than read from container ports.</summary>
    public bool Explicit { get; }

    /// <summary>Is <c>Ports[portIndex]</c> probed for destination pod <paramref name="destination"/>?</summary>
    public bool IsProbed(int destination, int portIndex) => _probed[portIndex][destination];

    /// <summary>The probe plan for the pods of <paramref name="evaluator"/>.</summary>
    public static ProbePorts For(NetworkPolicyEvaluator evaluator, IReadOnlyList<ProtocolPort>? ports)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var pods = evaluator.Pods;
        if (ports is not null)
        {
            var distinct = Sorted(ports);
            return new ProbePorts(distinct, [.. distinct.Select(_ => Enumerable.Repeat(true, pods.Count).ToArray())], explicitPorts: true);
        }

        var clusterPorts = Sorted(pods.SelectMany(p => p.ContainerPorts).Select(c => c.ProtocolPort));
        var index = clusterPorts.Select((port, i) => (port, i)).ToDictionary(x => x.port, x => x.i);
        var probed = clusterPorts.Select(_ => new bool[pods.Count]).ToArray();
        foreach (var pod in pods)
        {
            var own = pod.ContainerPorts.Count > 0 ? pod.ContainerPorts.Select(c => c.ProtocolPort) : clusterPorts;
            foreach (var port in own)
            {
                probed[index[port]][pod.Index] = true;
            }
        }

        return new ProbePorts(clusterPorts, probed, explicitPorts: false);
    }

    private static List<ProtocolPort> Sorted(IEnumerable<ProtocolPort> ports) =>
        [.. ports.Distinct().OrderBy(p => p.Port).ThenBy(p => p.Protocol)];
}
