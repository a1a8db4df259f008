using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// The tenant-to-tenant matrix: for every ordered pair of parties with at least one tenant, the probed ports on which
/// some pod of one reaches some pod of the other (a pod reaching itself does not count), with the number of pod pairs.
/// </summary>
internal static class TenantMatrixBuilder
{
    public static List<TenantReach> Build(AuditedCluster cluster, ProbePorts probes, ConnectivityMatrix matrix)
    {
        var counts = new Dictionary<(Party From, Party To), int[]>();
        var pods = cluster.Actual.Pods.Count;
        for (var port = 0; port < probes.Ports.Count; port++)
        {
            for (var source = 0; source < pods; source++)
            {
                var from = cluster.PartyOf(source);
                foreach (var destination in matrix.AllowedDestinations(source, port))
                {
                    var to = cluster.PartyOf(destination);
                    if (destination == source || !probes.IsProbed(destination, port) || !(from.IsTenant || to.IsTenant))
                    {
                        continue;
                    }

                    if (!counts.TryGetValue((from, to), out var perPort))
                    {
                        perPort = new int[probes.Ports.Count];
                        counts[(from, to)] = perPort;
                    }

                    perPort[port]++;
                }
            }
        }

        return [.. counts
            .OrderBy(c => c.Key.From.Kind).ThenBy(c => c.Key.From.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Key.To.Kind).ThenBy(c => c.Key.To.Name, StringComparer.Ordinal)
            .Select(c => new TenantReach(c.Key.From, c.Key.To,
                [.. c.Value.Select((n, i) => new PortReach(probes.Ports[i], n)).Where(r => r.Connections > 0)]))];
    }
}
