namespace TenantOperator.Policy.Audit;

/// <summary>
/// The tenant-to-tenant matrix: for every ordered pair of parties with at least one tenant, the probed ports on which
/// some pod of one reaches some pod of the other (a pod reaching itself does not count), with the number of pod pairs.
/// </summary>
internal static class TenantMatrixBuilder
{
    public static List<TenantReach> Build(AuditedCluster cluster, ProbePorts probes, Evaluation.ConnectivityMatrix matrix)
    {
        var parties = cluster.Parties.Count;
        var pods = cluster.Actual.Pods.Count;
        var counts = new Dictionary<long, int[]>();
        // Per source, destinations are tallied by party in a scratch row, then folded into the pair's counts once.
        var row = new int[parties];
        var touched = new List<int>();
        for (var port = 0; port < probes.Ports.Count; port++)
        {
            for (var source = 0; source < pods; source++)
            {
                var from = cluster.PartyIdOf(source);
                var fromTenant = cluster.IsTenant(from);
                foreach (var destination in matrix.AllowedDestinations(source, port))
                {
                    var to = cluster.PartyIdOf(destination);
                    if (destination == source || !(fromTenant || cluster.IsTenant(to)) || !probes.IsProbed(destination, port))
                    {
                        continue;
                    }

                    if (row[to]++ == 0)
                    {
                        touched.Add(to);
                    }
                }

                foreach (var to in touched)
                {
                    var key = ((long)from * parties) + to;
                    if (!counts.TryGetValue(key, out var perPort))
                    {
                        perPort = new int[probes.Ports.Count];
                        counts[key] = perPort;
                    }

                    perPort[port] += row[to];
                    row[to] = 0;
                }

                touched.Clear();
            }
        }

        return [.. counts
            .Select(c => (From: cluster.Parties[(int)(c.Key / parties)], To: cluster.Parties[(int)(c.Key % parties)], PerPort: c.Value))
            .OrderBy(c => c.From.Kind).ThenBy(c => c.From.Name, StringComparer.Ordinal)
            .ThenBy(c => c.To.Kind).ThenBy(c => c.To.Name, StringComparer.Ordinal)
            .Select(c => new TenantReach(c.From, c.To,
                [.. c.PerPort.Select((n, i) => new PortReach(probes.Ports[i], n)).Where(r => r.Connections > 0)]))];
    }
}
