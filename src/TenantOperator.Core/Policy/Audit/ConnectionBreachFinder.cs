using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Finds the breaches: probed pod-to-pod connections across the tenant boundary that the cluster allows and the
/// declared policies deny, each with what opens it.
/// </summary>
internal static class ConnectionBreachFinder
{
    public static List<ConnectionBreach> Find(AuditedCluster cluster, ProbePorts probes, ConnectivityMatrix matrix)
    {
        var found = new List<(int Source, int Destination, int Port)>();
        var pods = cluster.Actual.Pods.Count;
        for (var port = 0; port < probes.Ports.Count; port++)
        {
            for (var source = 0; source < pods; source++)
            {
                foreach (var destination in matrix.AllowedDestinations(source, port))
                {
                    if (cluster.AcrossBoundary(source, destination)
                        && probes.IsProbed(destination, port)
                        && !cluster.Declared.IsAllowed(source, destination, probes.Ports[port]))
                    {
                        found.Add((source, destination, port));
                    }
                }
            }
        }

        // Pods are ordered by namespace and name, ports by number and protocol: sort by source, destination, port.
        return [.. found
            .OrderBy(b => b.Source).ThenBy(b => b.Destination).ThenBy(b => b.Port)
            .Select(b => new ConnectionBreach(
                cluster.Actual.Pods[b.Source].ToString(),
                cluster.Actual.Pods[b.Destination].ToString(),
                probes.Ports[b.Port],
                cluster.PartyOf(b.Source),
                cluster.PartyOf(b.Destination),
                cluster.OpeningsOf(b.Source, b.Destination, probes.Ports[b.Port])))];
    }
}
