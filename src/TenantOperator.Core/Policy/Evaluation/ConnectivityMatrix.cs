using System.Text;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// Every pod-to-pod verdict for a list of ports: <see cref="IsAllowed"/>(source, destination, port index). Built by
/// <see cref="NetworkPolicyEvaluator.ComputeMatrix"/>; the answers equal <see cref="NetworkPolicyEvaluator.IsAllowed"/>.
/// </summary>
public sealed class ConnectivityMatrix
{
    private readonly PodSet[][] _rows;

    internal ConnectivityMatrix(IReadOnlyList<PodInfo> pods, IReadOnlyList<ProtocolPort> ports, PodSet[][] rows)
    {
        Pods = pods;
        Ports = ports;
        _rows = rows;
    }

    /// <summary>The pods, by index (the evaluator's order).</summary>
    public IReadOnlyList<PodInfo> Pods { get; }

    /// <summary>The ports, by index.</summary>
    public IReadOnlyList<ProtocolPort> Ports { get; }

    /// <summary>May pod <paramref name="source"/> connect to pod <paramref name="destination"/> on <c>Ports[portIndex]</c>?</summary>
    public bool IsAllowed(int source, int destination, int portIndex) => _rows[portIndex][source].Contains(destination);

    /// <summary>The destinations <paramref name="source"/> may reach on <c>Ports[portIndex]</c>, in index order.</summary>
    public IEnumerable<int> AllowedDestinations(int source, int portIndex) => _rows[portIndex][source].Members();

    /// <summary>How many (source, destination) pairs are allowed on <c>Ports[portIndex]</c>, the pod's own pair included.</summary>
    public long CountAllowed(int portIndex) => _rows[portIndex].Sum(row => (long)row.Count);

    /// <summary>
    /// The matrix for one port as a text grid: a row per source, a column per destination, <c>.</c> allowed and
    /// <c>X</c> denied. Meant for small clusters (tests, examples).
    /// </summary>
    public string ToGrid(int portIndex)
    {
        var names = Pods.Select(p => p.ToString()).ToArray();
        var width = Math.Max(4, names.Select(n => n.Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.Append(Ports[portIndex].ToString().PadRight(width));
        foreach (var name in names)
        {
            text.Append(' ').Append(name.PadLeft(width));
        }

        text.AppendLine();
        for (var source = 0; source < names.Length; source++)
        {
            text.Append(names[source].PadRight(width));
            for (var destination = 0; destination < names.Length; destination++)
            {
                text.Append(' ').Append((IsAllowed(source, destination, portIndex) ? "." : "X").PadLeft(width));
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
