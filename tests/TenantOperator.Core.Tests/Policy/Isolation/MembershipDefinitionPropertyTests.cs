using System.Runtime.CompilerServices;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Evaluation;
using TenantOperator.TestSupport;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// What the membership definition in the intra-tenant policy and in <c>tenant:</c> peers means on random clusters (see
/// <see cref="TenantClusterGen"/>), against the oracle (<see cref="DeclaredIntent"/>): a namespace that a tenant's
/// selector matches but that the tenant does not get (protected, exempt, claimed by an older tenant) stays outside
/// its peers; a namespace whose labels change into or out of a tenant is reached, or no longer reached, by the
/// policies already in place elsewhere, before the operator writes anything. Each property runs on the hand-built
/// <see cref="ExampleClusters"/> alone, which exercise every counted situation by construction, and on those plus fixed
/// generated cases (see <see cref="PropertyRun"/>).
/// </summary>
[Trait("Category", "Property")]
public class MembershipDefinitionPropertyTests
{
    private const int Iterations = 200;

    /// <summary>Every label set the generated namespaces draw from (team × env, each possibly absent).</summary>
    private static readonly Dictionary<string, string>[] LabelSets =
    [
        .. from team in new[] { null, "red", "blue" }
           from env in new[] { null, "prod", "dev" }
           select TenantClusterGen.TeamAndEnv(team, env),
    ];

    private static void ForEachCluster(int generated, Action<PlannedCluster> property, [CallerMemberName] string test = "") =>
        PropertyRun.ForAll(TenantClusterGen.Cluster, cluster => property(new PlannedCluster(cluster)), iterations: generated, print: c => c.ToString(),
            examples: ExampleClusters.Clusters(), test: test);

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void ANamespaceTheSelectorMatchesButTheTenantDoesNotGet_StaysOutsideItsPeers(int generated)
    {
        string[] situations = ["Protected, by the intra-tenant policy", "Exempt, by the intra-tenant policy", "ClaimedBy, by the intra-tenant policy", "any, by a tenant: peer"];
        var keptOut = new int[situations.Length];
        ForEachCluster(generated, c =>
        {
            foreach (var (tenant, outsider, reason) in c.Intent.Excluded)
            {
                if (c.Intent.SpecOf(tenant).NamespaceSelector is not { } selector || !DeclaredIntent.Matches(selector, LabelsOf(c.Cluster, outsider)))
                {
                    continue;
                }

                foreach (var (_, source, _, destination) in c.Pairs())
                {
                    var towards = destination.Metadata.NamespaceProperty == outsider && c.Intent.TenantOf(source) is not null;
                    var from = source.Metadata.NamespaceProperty == outsider && c.Intent.TenantOf(destination) is not null;
                    if (!towards && !from)
                    {
                        continue;
                    }

                    foreach (var port in TenantCluster.ProbePorts)
                    {
                        var verdict = Evaluate(c.Evaluator, source, destination, port);
                        var (actual, declared) = towards
                            ? (verdict.Egress.Allowed, c.Intent.Egress(source, destination, port))
                            : (verdict.Ingress.Allowed, c.Intent.Ingress(source, destination, port));
                        Assert.True(actual == declared,
                            $"{PlannedCluster.Name(source)} -> {PlannedCluster.Name(destination)} on {port}, {outsider} being {reason} for tenant {tenant}: the member's side {(actual ? "allows" : "denies")}, declared {declared}\n{verdict}");
                        if (actual)
                        {
                            continue;
                        }

                        var member = towards ? source : destination;
                        var memberTenant = c.Intent.TenantOf(member)!;
                        if (memberTenant == tenant && c.Intent.SpecOf(tenant).AllowIntraTenant != false)
                        {
                            Interlocked.Increment(ref keptOut[Array.FindIndex(situations, s => s.StartsWith(reason.Split(':')[0], StringComparison.Ordinal))]);
                        }
                        else if (memberTenant != tenant && NamesTenantFor(c.Intent.SpecOf(memberTenant), tenant, towards, member, towards ? destination : source, port))
                        {
                            Interlocked.Increment(ref keptOut[^1]);
                        }
                    }
                }
            }
        });

        Assert.All(situations.Zip(keptOut), s => Assert.True(s.Second > 0, $"never kept out: {s.First} ({string.Join(", ", situations.Zip(keptOut))})"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void ANamespaceLabelledIntoATenant_IsReachedAtOnce_ByThePoliciesAlreadyInPlace(int generated)
    {
        var reachedAnew = new int[2]; // by a member of the tenant it joined, through another tenant's tenant: peer
        ForEachCluster(generated, c =>
        {
            foreach (var ns in c.Cluster.Namespaces.Where(n => IsPlainOutsider(c, n)))
            {
                var name = ns.Metadata.Name;
                var joined = Relabellings(c, name, (_, tenantAfter) => tenantAfter is not null && c.Intent.MembersOf(tenantAfter).Any()).FirstOrDefault();
                if (joined.After is null)
                {
                    continue;
                }

                var tenant = joined.After.MemberOf[name];
                CheckMemberSides(c, name, joined.After, joined.Evaluator, (verdict, memberTenant, member, other, port, before, towards) =>
                {
                    // Nothing was written for the newcomer: its own side is open.
                    Assert.True(towards ? verdict.Ingress.Allowed : verdict.Egress.Allowed, $"{name} has no policy yet, but its side denies\n{verdict}");
                    if (!before && (towards ? verdict.Egress.Allowed : verdict.Ingress.Allowed))
                    {
                        CountByPeer(reachedAnew, c, tenant, memberTenant, member, other, port, towards);
                    }
                });
            }
        });

        Assert.True(reachedAnew.All(n => n > 0), $"a namespace labelled in was reached anew by its tenant's members {reachedAnew[0]} times, through tenant: peers {reachedAnew[1]} times");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Iterations)]
    public void ANamespaceLabelledOutOfATenant_IsNoLongerReached_EvenBeforeItsPoliciesGo(int generated)
    {
        var cutOff = new int[2]; // by a member of the tenant it left, through another tenant's tenant: peer
        ForEachCluster(generated, c =>
        {
            foreach (var ns in c.Cluster.Namespaces)
            {
                var name = ns.Metadata.Name;
                if (c.Intent.MemberOf.GetValueOrDefault(name) is not { } tenant || (c.Intent.SpecOf(tenant).Namespaces ?? []).Contains(name)
                    || c.Intent.MembersOf(tenant).Count() < 2)
                {
                    continue;
                }

                var left = Relabellings(c, name, (_, tenantAfter) => tenantAfter is null).FirstOrDefault();
                if (left.After is null)
                {
                    continue;
                }

                CheckMemberSides(c, name, left.After, left.Evaluator, (verdict, memberTenant, member, other, port, before, towards) =>
                {
                    if (before && !(towards ? verdict.Egress.Allowed : verdict.Ingress.Allowed))
                    {
                        CountByPeer(cutOff, c, tenant, memberTenant, member, other, port, towards);
                    }
                });
            }
        });

        Assert.True(cutOff.All(n => n > 0), $"a namespace labelled out was cut off by its former tenant's members {cutOff[0]} times, from tenant: peers {cutOff[1]} times");
    }

    /// <summary>A live namespace with pods that no tenant selects, names or excludes.</summary>
    private static bool IsPlainOutsider(PlannedCluster c, V1Namespace ns) =>
        ns.Status?.Phase != "Terminating"
        && !c.Intent.MemberOf.ContainsKey(ns.Metadata.Name)
        && c.Intent.Excluded.All(e => e.Namespace != ns.Metadata.Name)
        && !TenantCluster.Options.ProtectedNamespaces.Contains(ns.Metadata.Name)
        && c.Pods.Any(p => p.Metadata.NamespaceProperty == ns.Metadata.Name);

    /// <summary>
    /// <paramref name="name"/> relabelled with each of <see cref="LabelSets"/>, kept where its membership changes as
    /// <paramref name="wanted"/> says (given the oracle and its tenant after) and no other namespace's membership or
    /// exclusion changes: then no tenant's definition changes, and the policies planned before stay right for every
    /// other namespace.
    /// </summary>
    private static IEnumerable<(DeclaredIntent? After, NetworkPolicyEvaluator Evaluator)> Relabellings(
        PlannedCluster c, string name, Func<DeclaredIntent, string?, bool> wanted)
    {
        var excludedBefore = c.Intent.Excluded.Select(e => $"{e.Tenant}/{e.Namespace}/{e.Reason}").Order(StringComparer.Ordinal).ToList();
        var tenantBefore = c.Intent.MemberOf.GetValueOrDefault(name);
        foreach (var labels in LabelSets)
        {
            var relabelled = c.Cluster with
            {
                Namespaces = [.. c.Cluster.Namespaces.Select(n => n.Metadata.Name == name ? WithLabels(n, labels) : n)],
            };
            var after = new DeclaredIntent(relabelled, TenantCluster.Options.ProtectedNamespaces);
            var tenantAfter = after.MemberOf.GetValueOrDefault(name);
            var othersUnchanged = after.MemberOf.Where(m => m.Key != name).OrderBy(m => m.Key, StringComparer.Ordinal)
                .SequenceEqual(c.Intent.MemberOf.Where(m => m.Key != name).OrderBy(m => m.Key, StringComparer.Ordinal));
            var tenantsWithMembersUnchanged = after.MemberOf.Values.ToHashSet(StringComparer.Ordinal).SetEquals(c.Intent.MemberOf.Values);
            if (tenantAfter != tenantBefore && wanted(after, tenantAfter) && othersUnchanged && tenantsWithMembersUnchanged
                && after.Excluded.Select(e => $"{e.Tenant}/{e.Namespace}/{e.Reason}").Order(StringComparer.Ordinal).SequenceEqual(excludedBefore))
            {
                yield return (after, relabelled.Evaluate(c.Policies));
            }
        }
    }

    /// <summary>
    /// For every pod pair between the relabelled namespace and a tenant member elsewhere, the member's side (egress
    /// towards it, ingress from it) decides as the oracle does after the change, with the policies planned before.
    /// <paramref name="observe"/> gets the verdict, the member's tenant, the member and the other pod, the port, what the
    /// oracle declared on the member's side before the change, and whether the connection goes towards the relabelled
    /// namespace.
    /// </summary>
    private static void CheckMemberSides(PlannedCluster c, string name, DeclaredIntent after, NetworkPolicyEvaluator evaluator, Action<ConnectionVerdict, string, V1Pod, V1Pod, ProtocolPort, bool, bool> observe)
    {
        foreach (var (_, source, _, destination) in c.Pairs())
        {
            var towards = destination.Metadata.NamespaceProperty == name && source.Metadata.NamespaceProperty != name && after.TenantOf(source) is not null;
            var from = source.Metadata.NamespaceProperty == name && destination.Metadata.NamespaceProperty != name && after.TenantOf(destination) is not null;
            if (!towards && !from)
            {
                continue;
            }

            foreach (var port in TenantCluster.ProbePorts)
            {
                var verdict = Evaluate(evaluator, source, destination, port);
                var (actual, declared, before) = towards
                    ? (verdict.Egress.Allowed, after.Egress(source, destination, port), c.Intent.Egress(source, destination, port))
                    : (verdict.Ingress.Allowed, after.Ingress(source, destination, port), c.Intent.Ingress(source, destination, port));
                Assert.True(actual == declared,
                    $"{name} relabelled: {PlannedCluster.Name(source)} -> {PlannedCluster.Name(destination)} on {port}: the member's side {(actual ? "allows" : "denies")}, declared {declared}\n{verdict}");
                observe(verdict, after.TenantOf(towards ? source : destination)!, towards ? source : destination, towards ? destination : source, port, before, towards);
            }
        }
    }

    /// <summary>
    /// Counts a changed decision on the member's side: [0] when the member belongs to <paramref name="tenant"/> (its
    /// intra-tenant policy), [1] when another tenant's rule names <paramref name="tenant"/> in a <c>tenant:</c> peer.
    /// </summary>
    private static void CountByPeer(int[] counts, PlannedCluster c, string tenant, string memberTenant, V1Pod member, V1Pod other, ProtocolPort port, bool egress)
    {
        if (memberTenant == tenant)
        {
            Interlocked.Increment(ref counts[0]);
        }
        else if (NamesTenantFor(c.Intent.SpecOf(memberTenant), tenant, egress, member, other, port))
        {
            Interlocked.Increment(ref counts[1]);
        }
    }

    /// <summary>
    /// Whether one of <paramref name="spec"/>'s rules on the member's side names <paramref name="tenant"/> and would
    /// cover the connection by pod selectors and a port number: so a denial shows the tenant's definition kept the
    /// other end out (counting only; the property itself asks the oracle).
    /// </summary>
    private static bool NamesTenantFor(TenantIsolationSpec spec, string tenant, bool egress, V1Pod member, V1Pod other, ProtocolPort port)
    {
        var rules = egress
            ? (spec.Egress ?? []).Select(r => (r.PodSelector, Peers: r.To, r.Ports))
            : (spec.Ingress ?? []).Select(r => (r.PodSelector, Peers: r.From, r.Ports));
        return rules.Any(r => DeclaredIntent.Matches(r.PodSelector, member.Metadata.Labels)
            && (r.Peers ?? []).Any(p => p.Tenant == tenant && DeclaredIntent.Matches(p.PodSelector, other.Metadata.Labels))
            && (r.Ports is not { Count: > 0 } || r.Ports.Any(p => (p.Protocol ?? "TCP") == port.Protocol.ToKubernetesName()
                && (p.Port is null || (int.TryParse(p.Port.Value, out var n) && port.Port >= n && port.Port <= (p.EndPort ?? n))))));
    }

    private static ConnectionVerdict Evaluate(NetworkPolicyEvaluator evaluator, V1Pod source, V1Pod destination, ProtocolPort port) =>
        evaluator.Evaluate(Endpoint.Pod(source.Metadata.NamespaceProperty, source.Metadata.Name), Endpoint.Pod(destination.Metadata.NamespaceProperty, destination.Metadata.Name), port);

    private static Dictionary<string, string> LabelsOf(TenantCluster cluster, string ns) =>
        new(cluster.Namespaces.Single(n => n.Metadata.Name == ns).Metadata.Labels ?? new Dictionary<string, string>()) { ["kubernetes.io/metadata.name"] = ns };

    private static V1Namespace WithLabels(V1Namespace ns, IDictionary<string, string> labels) =>
        KubernetesObjects.Namespace(ns.Metadata.Name, new Dictionary<string, string>(labels), terminating: ns.Status?.Phase == "Terminating");
}
