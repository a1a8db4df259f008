using CsCheck;
using k8s.Models;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// The operator's breach finder (behind the <c>Isolated</c> condition) works without pods, so it must be
/// conservative: every policy that the pod-level audit blames for a breach in a tenant's member namespace is also a
/// breach the finder reports for that tenant, in the same direction. Otherwise <c>Isolated</c> could say True while
/// pods cross the boundary. The property runs on the hand-built <see cref="ExampleClusters"/> alone (where the audit
/// blames both hand-written policies) and on those plus fixed generated cases (see <see cref="PropertyRun"/>).
/// </summary>
[Trait("Category", "Property")]
public class PolicyBreachFinderSoundnessTests
{
    private const int Iterations = 200;

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void EveryPolicyTheAuditBlames_IsABreachTheOperatorReports(int generated)
    {
        var blamed = 0;
        PropertyRun.ForAll(Gen.Select(TenantClusterGen.Cluster, TenantClusterGen.HandWrittenPolicy, TenantClusterGen.HandWrittenPolicy), (cluster, first, second) =>
        {
            var plan = cluster.Plan();
            var policies = TenantCluster.PoliciesOf(plan)
                .Append(TenantClusterGen.Place(first, cluster, "hand-written-0"))
                .Append(TenantClusterGen.Place(second, cluster, "hand-written-1"))
                .ToList();
            var report = TenantAuditor.Audit(new AuditInput
            {
                Namespaces = cluster.Namespaces,
                Pods = cluster.Pods,
                Policies = policies,
                Tenants = cluster.Tenants,
                PlannerOptions = TenantCluster.Options,
            }, new AuditOptions { Ports = TenantCluster.ProbePorts });

            var namespaces = cluster.Namespaces.Select(NamespaceInfo.From).ToList();
            var finder = new PolicyBreachFinder();
            foreach (var opening in report.Breaches.SelectMany(b => b.OpenedBy).Where(o => o.Policy is not null).Distinct())
            {
                var policy = opening.Policy!;
                var tenant = plan.Tenants.Single(t => t.Members.Contains(policy.Namespace));
                var found = finder.Find(new BreachQuery(tenant, plan, namespaces, [.. policies.Where(p => tenant.Members.Contains(p.Metadata.NamespaceProperty))]));
                Assert.True(
                    found.Any(b => b.Namespace == policy.Namespace && b.Policy == policy.Name && b.Direction == opening.Direction.ToString()),
                    $"the audit blames {opening} but the breach finder reports: {string.Join("; ", found.Select(b => $"{b.Namespace}/{b.Policy} {b.Direction}: {b.Detail}"))}\n"
                    + string.Join("\n", report.Breaches.Where(b => b.OpenedBy.Contains(opening)).Take(5).Select(b => $"{b.From} -> {b.To} {b.Port}")));
                Interlocked.Increment(ref blamed);
            }
        }, iterations: generated, print: t => $"{t.Item1}---\n{k8s.KubernetesYaml.Serialize(t.Item2)}\n---\n{k8s.KubernetesYaml.Serialize(t.Item3)}\n",
            examples: ExampleClusters.WithOpenings());

        Assert.True(blamed > 0);
    }

    [Fact]
    public void APolicyAdmittingATerminatingNamespace_IsReported_ForItsPodsStillRun()
    {
        // A namespace stays Terminating for its pods' grace period, and indefinitely when a finalizer is stuck; its
        // pods keep their addresses and connect meanwhile.
        var input = AuditScenario.Input(plan: true, """
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: team-a}
            spec: {namespaces: [a]}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: old, deletionTimestamp: "2026-01-01T00:00:00Z"}
            status: {phase: Terminating}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: server, namespace: a}
            spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
            status: {phase: Running, podIP: 10.0.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: straggler, namespace: old}
            status: {phase: Running, podIP: 10.0.1.1}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: from-old, namespace: a}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: old}}}]}]
            """);
        var cluster = AuditedCluster.Build(input);
        var report = TenantAuditor.Audit(cluster, planned: true, new AuditOptions());
        Assert.Equal(["old/straggler -> a/server 80/TCP"], report.Breaches.Select(b => $"{b.From} -> {b.To} {b.Port}"));

        var plan = cluster.Plan;
        var found = new PolicyBreachFinder().Find(new BreachQuery(plan.Find("team-a")!, plan, [.. input.Namespaces.Select(NamespaceInfo.From)],
            [.. input.Policies, .. plan.Find("team-a")!.Policies]));
        Assert.Equal(["a/from-old Ingress: allows from namespaces outside the tenant: old on any port (rule 0)"], found.Select(b => $"{b.Namespace}/{b.Policy} {b.Direction}: {b.Detail}"));
    }
}
