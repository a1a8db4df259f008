using k8s.Models;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// A generated cluster with the planner's output applied: the plan, the evaluator over exactly the planned policies
/// (no other policy exists), its matrix over <see cref="TenantCluster.ProbePorts"/>, and the oracle to compare with.
/// </summary>
internal sealed class PlannedCluster
{
    public PlannedCluster(TenantCluster cluster)
    {
        Cluster = cluster;
        Plan = cluster.Plan();
        Policies = TenantCluster.PoliciesOf(Plan);
        Evaluator = cluster.Evaluate(Policies);
        Matrix = Evaluator.ComputeMatrix(TenantCluster.ProbePorts);
        Intent = new DeclaredIntent(cluster, TenantCluster.Options.ProtectedNamespaces);
        var byName = cluster.Pods.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal);
        Pods = [.. Evaluator.Pods.Select(p => byName[p.ToString()])];
    }

    public TenantCluster Cluster { get; }

    public ClusterPlan Plan { get; }

    public IReadOnlyList<V1NetworkPolicy> Policies { get; }

    public NetworkPolicyEvaluator Evaluator { get; }

    public ConnectivityMatrix Matrix { get; }

    public DeclaredIntent Intent { get; }

    /// <summary>The pods in the evaluator's index order.</summary>
    public IReadOnlyList<V1Pod> Pods { get; }

    public bool Allowed(int source, int destination, int port) => Matrix.IsAllowed(source, destination, port);

    /// <summary>Every (source, destination) pair of distinct pods with their indexes.</summary>
    public IEnumerable<(int From, V1Pod Source, int To, V1Pod Destination)> Pairs() =>
        from a in Enumerable.Range(0, Pods.Count)
        from b in Enumerable.Range(0, Pods.Count)
        where a != b
        select (a, Pods[a], b, Pods[b]);

    /// <summary>The evaluator's explanation, for failure messages.</summary>
    public string Explain(int source, int destination, int port) =>
        Evaluator.Evaluate(Endpoint.Pod(Pods[source].Metadata.NamespaceProperty, Pods[source].Metadata.Name),
            Endpoint.Pod(Pods[destination].Metadata.NamespaceProperty, Pods[destination].Metadata.Name), TenantCluster.ProbePorts[port]).ToString();

    public static string Name(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
