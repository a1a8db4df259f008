using System.Runtime.CompilerServices;
using TenantOperator.Api.Validation;
using TenantOperator.Policy.Evaluation;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// Proof that the planner isolates (issue 3 §3): for random multi-tenant clusters (see <see cref="TenantClusterGen"/>),
/// the planner's policies, evaluated by the NetworkPolicy evaluator, allow exactly what the TenantIsolations declare
/// (see <see cref="DeclaredIntent"/>, an oracle written from the spec alone). The cases are fixed (see
/// <see cref="PropertyRun"/>); each property runs twice: on the hand-built <see cref="ExampleClusters"/> alone, which
/// must exercise every situation the property counts (so coverage is by construction, not by chance), and on those plus
/// the generated clusters. A failure prints the case's seed and the cluster as YAML.
/// </summary>
[Trait("Category", "Property")]
public class IsolationPropertyTests
{
    private const int Iterations = 300;

    /// <summary>Runs <paramref name="property"/> on the examples and <paramref name="generated"/> fixed clusters of the calling test.</summary>
    private static void ForEachCluster(int generated, Action<PlannedCluster> property, [CallerMemberName] string test = "") =>
        PropertyRun.ForAll(TenantClusterGen.Cluster, cluster => property(new PlannedCluster(cluster)), iterations: generated, print: c => c.ToString(),
            examples: ExampleClusters.Clusters(), test: test);

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void GeneratedTenantsAreValid_AndMembershipFollowsTheSpec(int generated)
    {
        ForEachCluster(generated, c =>
        {
            foreach (var tenant in c.Cluster.Tenants)
            {
                Assert.Empty(TenantIsolationValidator.Validate(tenant));
            }

            foreach (var plan in c.Plan.Tenants)
            {
                Assert.Equal(c.Intent.MembersOf(plan.Name).Order(StringComparer.Ordinal), plan.Members);
                Assert.Equal(
                    c.Intent.Excluded.Where(e => e.Tenant == plan.Name).Select(e => $"{e.Namespace} {e.Reason}").Order(StringComparer.Ordinal),
                    plan.Excluded.Select(e => $"{e.Name} {e.Reason}").Order(StringComparer.Ordinal));
            }
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void InsideATenant_EveryPodPairIsAllowedOnEveryPort(int generated)
    {
        ForEachCluster(generated, c =>
        {
            foreach (var (a, source, b, destination) in c.Pairs())
            {
                if (c.Intent.TenantOf(source) is not { } tenant || c.Intent.TenantOf(destination) != tenant || c.Intent.SpecOf(tenant).AllowIntraTenant == false)
                {
                    continue;
                }

                for (var p = 0; p < TenantCluster.ProbePorts.Length; p++)
                {
                    Assert.True(c.Allowed(a, b, p), $"tenant {tenant}: {PlannedCluster.Name(source)} -> {PlannedCluster.Name(destination)} denied\n{c.Explain(a, b, p)}");
                }
            }
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void AcrossTenants_OnlyWhatBothSidesDeclareIsAllowed(int generated)
    {
        var allowedAcross = 0;
        var deniedAcross = 0;
        ForEachCluster(generated, c =>
        {
            foreach (var (a, source, b, destination) in c.Pairs())
            {
                if (c.Intent.TenantOf(source) is not { } from || c.Intent.TenantOf(destination) is not { } to || from == to)
                {
                    continue;
                }

                for (var p = 0; p < TenantCluster.ProbePorts.Length; p++)
                {
                    var port = TenantCluster.ProbePorts[p];
                    var declared = c.Intent.Egress(source, destination, port) && c.Intent.Ingress(source, destination, port);
                    Assert.True(!c.Allowed(a, b, p) || declared,
                        $"{PlannedCluster.Name(source)} (tenant {from}) -> {PlannedCluster.Name(destination)} (tenant {to}) on {port} is allowed, "
                        + $"but egress declared: {c.Intent.Egress(source, destination, port)}, ingress declared: {c.Intent.Ingress(source, destination, port)}\n{c.Explain(a, b, p)}");
                    Interlocked.Increment(ref c.Allowed(a, b, p) ? ref allowedAcross : ref deniedAcross);
                }
            }
        });

        // The generator must reach both outcomes, or the property says nothing.
        Assert.True(allowedAcross > 0 && deniedAcross > 0, $"allowed across tenants: {allowedAcross}, denied: {deniedAcross}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void MemberPods_ReachTheDnsPods_On53UdpAndTcp(int generated)
    {
        var checkedConnections = 0;
        ForEachCluster(generated, c =>
        {
            foreach (var (a, source, b, destination) in c.Pairs())
            {
                if (c.Intent.TenantOf(source) is not { } tenant || c.Intent.SpecOf(tenant).Dns?.Allow == false || !DeclaredIntent.IsDnsPod(c.Intent.SpecOf(tenant), destination))
                {
                    continue;
                }

                foreach (var port in new[] { ProtocolPort.Udp(53), ProtocolPort.Tcp(53) })
                {
                    var verdict = c.Evaluator.Evaluate(Endpoint.Pod(source.Metadata.NamespaceProperty, source.Metadata.Name), Endpoint.Pod(destination.Metadata.NamespaceProperty, destination.Metadata.Name), port);
                    Assert.True(verdict.Egress.Allowed, $"tenant {tenant}: DNS egress denied\n{verdict}");

                    // Whether the DNS pods accept is their namespace's business: kube-system is protected, so never
                    // isolated; a DNS namespace that is another tenant's member admits only what that tenant declares.
                    if (c.Intent.TenantOf(destination) is null)
                    {
                        Assert.True(verdict.Allowed, $"tenant {tenant}: DNS denied although the DNS namespace isolates nothing\n{verdict}");
                    }

                    Interlocked.Increment(ref checkedConnections);
                }
            }
        });

        Assert.True(checkedConnections > 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void TheDnsPolicy_ReachesOnlyTheDnsPodsAndCidrs_On53(int generated)
    {
        ForEachCluster(generated, c =>
        {
            foreach (var plan in c.Plan.Tenants.Where(t => t.Members.Count > 0 && t.Tenant.Spec.Dns?.Allow != false))
            {
                // The DNS policy of one member namespace on its own: it governs egress only, so the matrix is its egress side.
                var dnsPolicy = plan.Policies.Single(p => p.Metadata.Name == "tenant-isolation-dns" && p.Metadata.NamespaceProperty == plan.Members[0]);
                var alone = c.Cluster.Evaluate([dnsPolicy]).ComputeMatrix(TenantCluster.ProbePorts);
                foreach (var (a, source, b, destination) in c.Pairs().Where(p => p.Source.Metadata.NamespaceProperty == plan.Members[0]))
                {
                    for (var p = 0; p < TenantCluster.ProbePorts.Length; p++)
                    {
                        var expected = DeclaredIntent.DnsAllows(plan.Tenant.Spec, destination, TenantCluster.ProbePorts[p]);
                        Assert.True(expected == alone.IsAllowed(a, b, p),
                            $"tenant {plan.Name}: DNS policy alone: {PlannedCluster.Name(source)} -> {PlannedCluster.Name(destination)} on {TenantCluster.ProbePorts[p]}: expected {expected}");
                    }
                }
            }
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void DeclaredRules_AllowExactlyWhatIsDeclared_NoWider(int generated)
    {
        var allowed = 0;
        var denied = 0;
        ForEachCluster(generated, c =>
        {
            foreach (var (a, source, b, destination) in c.Pairs())
            {
                if (c.Intent.TenantOf(source) is null && c.Intent.TenantOf(destination) is null)
                {
                    continue; // neither end is isolated by a tenant: no policy exists there
                }

                for (var p = 0; p < TenantCluster.ProbePorts.Length; p++)
                {
                    var port = TenantCluster.ProbePorts[p];
                    var egress = c.Intent.Egress(source, destination, port);
                    var ingress = c.Intent.Ingress(source, destination, port);
                    var actual = c.Allowed(a, b, p);
                    Assert.True(actual == (egress && ingress),
                        $"{PlannedCluster.Name(source)} (tenant {c.Intent.TenantOf(source) ?? "-"}) -> {PlannedCluster.Name(destination)} (tenant {c.Intent.TenantOf(destination) ?? "-"}) on {port}: "
                        + $"evaluator {(actual ? "allows" : "denies")}, declared egress {egress}, ingress {ingress}\n{c.Explain(a, b, p)}");
                    Interlocked.Increment(ref actual ? ref allowed : ref denied);
                }
            }
        });

        Assert.True(allowed > 0 && denied > 0, $"allowed: {allowed}, denied: {denied}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void ProtectedAndExemptNamespaces_AreUntouched(int generated)
    {
        var untouched = 0;
        ForEachCluster(generated, c =>
        {
            var members = c.Intent.MemberOf.Keys.ToHashSet(StringComparer.Ordinal);
            Assert.All(c.Policies, p => Assert.Contains(p.Metadata.NamespaceProperty, members));
            var outside = c.Intent.Excluded.Where(e => e.Reason == "Protected" || e.Reason.StartsWith("Exempt", StringComparison.Ordinal)).Select(e => e.Namespace)
                .Concat(TenantCluster.Options.ProtectedNamespaces)
                .Where(ns => !members.Contains(ns))
                .ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < c.Pods.Count; i++)
            {
                if (outside.Contains(c.Pods[i].Metadata.NamespaceProperty))
                {
                    Assert.Empty(c.Evaluator.IsolatingPolicies(i, TrafficDirection.Ingress));
                    Assert.Empty(c.Evaluator.IsolatingPolicies(i, TrafficDirection.Egress));
                    Interlocked.Increment(ref untouched);
                }
            }
        });

        Assert.True(untouched > 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void ANamespaceCopyingTheLabelsOfANamedNamespace_GainsNothing(int generated)
    {
        var refused = 0;
        ForEachCluster(generated, c =>
        {
            var twins = c.Pods.Select((pod, index) => (pod, index)).ToDictionary(p => PlannedCluster.Name(p.pod), p => p.index, StringComparer.Ordinal);
            for (var copy = 0; copy < c.Pods.Count; copy++)
            {
                if (!c.Cluster.CopyOf.TryGetValue(c.Pods[copy].Metadata.NamespaceProperty, out var originalNamespace))
                {
                    continue;
                }

                var original = twins[$"{originalNamespace}/{c.Pods[copy].Metadata.Name}"];
                for (var other = 0; other < c.Pods.Count; other++)
                {
                    if (other == copy || other == original || c.Intent.TenantOf(c.Pods[other]) is null)
                    {
                        continue;
                    }

                    for (var p = 0; p < TenantCluster.ProbePorts.Length; p++)
                    {
                        CheckCopy(c, copy, original, other, p, outbound: true, ref refused);
                        CheckCopy(c, copy, original, other, p, outbound: false, ref refused);
                    }
                }
            }
        });

        // The original must sometimes get access through a name-based peer that the copy is refused, or nothing was tested.
        Assert.True(refused > 0, "no copied namespace was ever refused what its original gets by name");
    }

    /// <summary>
    /// The copy's connection with a tenant pod is exactly what the declarations give the copy by its own name, labels
    /// and membership; when the original gets it and the copy does not, the copy was refused a name-based grant.
    /// </summary>
    private static void CheckCopy(PlannedCluster c, int copy, int original, int other, int p, bool outbound, ref int refused)
    {
        var port = TenantCluster.ProbePorts[p];
        var (from, to) = outbound ? (copy, other) : (other, copy);
        var declared = c.Intent.Allows(c.Pods[from], c.Pods[to], port);
        Assert.True(c.Allowed(from, to, p) == declared,
            $"copy {PlannedCluster.Name(c.Pods[copy])} of {PlannedCluster.Name(c.Pods[original])}: {PlannedCluster.Name(c.Pods[from])} -> {PlannedCluster.Name(c.Pods[to])} on {port}: declared {declared}\n{c.Explain(from, to, p)}");
        var (originalFrom, originalTo) = outbound ? (original, other) : (other, original);
        var byLabelsAlone = c.Intent.Egress(c.Pods[originalFrom], c.Pods[originalTo], port, namePeers: false)
            && c.Intent.Ingress(c.Pods[originalFrom], c.Pods[originalTo], port, namePeers: false);
        if (!declared && c.Allowed(originalFrom, originalTo, p) && !byLabelsAlone)
        {
            Interlocked.Increment(ref refused);
        }
    }
}
