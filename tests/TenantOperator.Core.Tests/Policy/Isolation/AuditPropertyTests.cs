using CsCheck;
using k8s.Models;
using TenantOperator.Core.Tests.Policy.Evaluation;
using TenantOperator.Policy.Audit;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// The auditor on random multi-tenant clusters (<see cref="TenantClusterGen"/>): with the planner's policies in place
/// it finds no breach; with one hand-written policy added, its breaches are exactly the probed connections across the
/// boundary that the cluster allows and the oracle (<see cref="DeclaredIntent"/>) does not declare, each opened by
/// that policy.
/// </summary>
public class AuditPropertyTests
{
    private const int Iterations = 200;

    private static readonly Gen<V1NetworkPolicy> HandWritten = Gen.Select(
        Gen.Int[0, 20],
        Gen.OneOfConst<string?>(null, "web", "db"),
        Gen.OneOfConst<string[]?>(null, ["Ingress"], ["Egress"], ["Ingress", "Egress"]),
        RandomClusterGen.Rule.Array[0, 2],
        RandomClusterGen.Rule.Array[0, 2],
        (ns, app, types, ingress, egress) => new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "hand-written", NamespaceProperty = $"#{ns}" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = app is null ? new V1LabelSelector() : new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
                PolicyTypes = types?.ToList(),
                Ingress = [.. ingress.Select(RandomClusterGen.IngressRule)],
                Egress = [.. egress.Select(RandomClusterGen.EgressRule)],
            },
        });

    private static AuditInput Input(TenantCluster cluster, IEnumerable<V1NetworkPolicy> policies) => new()
    {
        Namespaces = cluster.Namespaces,
        Pods = cluster.Pods,
        Policies = [.. policies],
        Tenants = cluster.Tenants,
        PlannerOptions = TenantCluster.Options,
    };

    [Fact]
    public void WithThePlannedPoliciesInPlace_ThereIsNoBreach()
    {
        TenantClusterGen.Cluster.Sample(cluster =>
        {
            var policies = TenantCluster.PoliciesOf(cluster.Plan());
            var report = TenantAuditor.Audit(Input(cluster, policies), new AuditOptions { Ports = TenantCluster.ProbePorts });
            Assert.Empty(report.Breaches);
            Assert.DoesNotContain(report.Warnings, w => w.Contains("planned policies", StringComparison.Ordinal));
        }, iter: Iterations, print: c => c.ToString());
    }

    [Fact]
    public void WithAHandWrittenPolicy_TheBreachesAreExactlyTheUndeclaredCrossings_EachOpenedByIt()
    {
        var breaches = 0;
        Gen.Select(TenantClusterGen.Cluster, HandWritten).Sample((cluster, extra) =>
        {
            var namespaces = cluster.Namespaces.Select(n => n.Metadata.Name).ToList();
            extra.Metadata.NamespaceProperty = namespaces[int.Parse(extra.Metadata.NamespaceProperty[1..], System.Globalization.CultureInfo.InvariantCulture) % namespaces.Count];
            var planned = TenantCluster.PoliciesOf(cluster.Plan());
            var report = TenantAuditor.Audit(Input(cluster, [.. planned, extra]), new AuditOptions { Ports = TenantCluster.ProbePorts });

            var intent = new DeclaredIntent(cluster, TenantCluster.Options.ProtectedNamespaces);
            var actual = cluster.Evaluate([.. planned, extra]);
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
            Assert.All(report.Breaches, b => Assert.All(b.OpenedBy, o => Assert.Equal($"{extra.Metadata.NamespaceProperty}/hand-written", o.Policy?.ToString())));
            Assert.All(report.Breaches, b => Assert.NotEmpty(b.OpenedBy));
            Interlocked.Add(ref breaches, report.Breaches.Count);
        }, iter: Iterations, print: t => $"{t.Item1}---\n{k8s.KubernetesYaml.Serialize(t.Item2)}");

        Assert.True(breaches > 0, "no hand-written policy ever opened the boundary");
    }
}
