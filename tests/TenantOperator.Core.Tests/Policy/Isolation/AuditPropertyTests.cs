using CsCheck;
using k8s.Models;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// The auditor on random multi-tenant clusters (<see cref="TenantClusterGen"/>): with the planner's policies in place
/// it finds no breach; with hand-written policies added, its breaches are exactly the probed connections across the
/// boundary that the cluster allows and the oracle (<see cref="DeclaredIntent"/>) does not declare, each side opened
/// by exactly the hand-written policies that allow it. Each property runs on the hand-built
/// <see cref="ExampleClusters"/> alone (which must open the boundary, once by both policies on one side) and on those
/// plus fixed generated cases (see <see cref="PropertyRun"/>).
/// </summary>
[Trait("Category", "Property")]
public class AuditPropertyTests
{
    private const int Iterations = 200;

    private static AuditInput Input(TenantCluster cluster, IEnumerable<V1NetworkPolicy> policies) => new()
    {
        Namespaces = cluster.Namespaces,
        Pods = cluster.Pods,
        Policies = [.. policies],
        Tenants = cluster.Tenants,
        PlannerOptions = TenantCluster.Options,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void WithThePlannedPoliciesInPlace_ThereIsNoBreach(int generated)
    {
        PropertyRun.ForAll(TenantClusterGen.Cluster, cluster =>
        {
            var policies = TenantCluster.PoliciesOf(cluster.Plan());
            var report = TenantAuditor.Audit(Input(cluster, policies), new AuditOptions { Ports = TenantCluster.ProbePorts });
            Assert.Empty(report.Breaches);
            Assert.DoesNotContain(report.Warnings, w => w.Contains("planned policies", StringComparison.Ordinal));
        }, iterations: generated, print: c => c.ToString(), examples: ExampleClusters.Clusters());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void WithHandWrittenPolicies_TheBreachesAreExactlyTheUndeclaredCrossings_EachOpenedByThoseThatAllowIt(int generated)
    {
        var breaches = 0;
        var sharedSides = 0;
        PropertyRun.ForAll(Gen.Select(TenantClusterGen.Cluster, TenantClusterGen.HandWrittenPolicy, TenantClusterGen.HandWrittenPolicy, Gen.Bool), (cluster, first, second, together) =>
        {
            var extra = new[] { TenantClusterGen.Place(first, cluster, "hand-written-0"), TenantClusterGen.Place(second, cluster, "hand-written-1") };

            if (together)
            {
                second.Metadata.NamespaceProperty = first.Metadata.NamespaceProperty; // both may open one side
            }

            var planned = TenantCluster.PoliciesOf(cluster.Plan());
            var report = TenantAuditor.Audit(Input(cluster, [.. planned, .. extra]), new AuditOptions { Ports = TenantCluster.ProbePorts });

            var intent = new DeclaredIntent(cluster, TenantCluster.Options.ProtectedNamespaces);
            var actual = cluster.Evaluate([.. planned, .. extra]);
            var pods = cluster.Pods.ToDictionary(PlannedCluster.Name, StringComparer.Ordinal);
            var expected = new List<string>();
            foreach (var source in actual.Pods)
            {
                foreach (var destination in actual.Pods)
                {
                    var (from, to) = (intent.TenantOf(pods[source.ToString()]), intent.TenantOf(pods[destination.ToString()]));
                    var across = source.Namespace != destination.Namespace && (from ?? "ns:" + source.Namespace) != (to ?? "ns:" + destination.Namespace) && (from ?? to) is not null;
                    foreach (var port in TenantCluster.ProbePorts.OrderBy(p => p.Port).ThenBy(p => p.Protocol))
                    {
                        if (across && actual.IsAllowed(source.Index, destination.Index, port) && !intent.Allows(pods[source.ToString()], pods[destination.ToString()], port))
                        {
                            expected.Add($"{source} -> {destination} {port}");
                        }
                    }
                }
            }

            Assert.Equal(expected, report.Breaches.Select(b => $"{b.From} -> {b.To} {b.Port}"));

            // Every member pod is isolated both ways by its tenant's default deny, so each blamed side is opened by
            // rules, and the openings of a side are exactly the hand-written policies that allow it on their own.
            var alone = extra.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", p => cluster.Evaluate([p]), StringComparer.Ordinal);
            foreach (var breach in report.Breaches)
            {
                Assert.NotEmpty(breach.OpenedBy);
                foreach (var side in breach.OpenedBy.GroupBy(o => o.Direction))
                {
                    var subject = side.First().Pod;
                    var allowing = alone
                        .Where(a => subject.StartsWith(a.Key[..(a.Key.IndexOf('/', StringComparison.Ordinal) + 1)], StringComparison.Ordinal))
                        .Where(a =>
                        {
                            var verdict = a.Value.Evaluate(Endpoint.Parse(breach.From), Endpoint.Parse(breach.To), breach.Port);
                            var s = side.Key == TrafficDirection.Egress ? verdict.Egress : verdict.Ingress;
                            return s.Outcome == DirectionOutcome.AllowedByRule;
                        })
                        .Select(a => a.Key)
                        .Order(StringComparer.Ordinal);
                    Assert.Equal(allowing, side.Select(o => o.Policy?.ToString() ?? "-").Order(StringComparer.Ordinal));
                    if (side.Count() > 1)
                    {
                        Interlocked.Increment(ref sharedSides);
                    }
                }
            }

            Interlocked.Add(ref breaches, report.Breaches.Count);
        }, iterations: generated, print: t => $"{t.Item1}---\n{k8s.KubernetesYaml.Serialize(t.Item2)}\n---\n{k8s.KubernetesYaml.Serialize(t.Item3)}\n",
            examples: [.. ExampleClusters.WithOpenings().Select(e => (e.Cluster, e.First, e.Second, true))]);

        Assert.True(breaches > 0, "no hand-written policy ever opened the boundary");
        Assert.True(sharedSides > 0, "no side was ever opened by both hand-written policies");
    }
}
