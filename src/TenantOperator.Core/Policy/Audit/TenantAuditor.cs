using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// The auditor: the tenant-to-tenant matrix, the breaches (connections across a tenant boundary that the cluster
/// allows and no TenantIsolation declares, with the policies that open them) and, when asked, every pod-to-pod
/// connection. Pure: the caller reads the cluster.
/// </summary>
public static class TenantAuditor
{
    /// <summary>Audits <paramref name="input"/>.</summary>
    /// <exception cref="InvalidClusterObjectException">An object is malformed or duplicated.</exception>
    public static AuditReport Audit(AuditInput input, AuditOptions? options = null)
    {
        options ??= new AuditOptions();
        return Audit(AuditedCluster.Build(input), input.PlanPolicies, options);
    }

    /// <summary>Audits a prepared cluster.</summary>
    public static AuditReport Audit(AuditedCluster cluster, bool planned, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        var probes = ProbePorts.For(cluster.Actual, options.Ports);
        var warnings = cluster.Warnings.ToList();
        if (cluster.Actual.Pods.Count == 0)
        {
            warnings.Add("the input holds no running pod, so no connection was probed: give the cluster's pods too (kubectl get pods -A -o yaml), or audit it live with --kubeconfig");
        }
        else if (probes.Ports.Count == 0)
        {
            warnings.Add("no pod declares a container port, so nothing was probed: name the ports with --ports");
        }

        var matrix = cluster.Actual.ComputeMatrix(probes.Ports);
        return new AuditReport
        {
            Counts = new AuditCounts(cluster.Actual.Namespaces.Count, cluster.Actual.Pods.Count, cluster.SkippedPods, cluster.PolicyCount, cluster.Tenants.Count),
            Planned = planned,
            Probes = probes,
            Tenants = cluster.Tenants,
            Matrix = TenantMatrixBuilder.Build(cluster, probes, matrix),
            Connections = options.IncludePodConnections ? Connections(cluster.Actual.Pods, probes, matrix) : [],
            Breaches = ConnectionBreachFinder.Find(cluster, probes, matrix),
            Warnings = warnings,
            Pods = cluster.Actual.Pods,
        };
    }

    private static List<PodConnection> Connections(IReadOnlyList<PodInfo> pods, ProbePorts probes, ConnectivityMatrix matrix)
    {
        var result = new List<PodConnection>();
        foreach (var source in pods)
        {
            foreach (var destination in pods)
            {
                for (var port = 0; port < probes.Ports.Count; port++)
                {
                    if (probes.IsProbed(destination.Index, port))
                    {
                        result.Add(new PodConnection(source.ToString(), destination.ToString(), probes.Ports[port], matrix.IsAllowed(source.Index, destination.Index, port)));
                    }
                }
            }
        }

        return result;
    }
}
