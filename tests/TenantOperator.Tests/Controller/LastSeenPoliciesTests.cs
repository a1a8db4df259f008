using k8s;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Tests.Controller;

public sealed class LastSeenPoliciesTests
{
    private static TenantPlan Plan()
    {
        var tenant = KubernetesYaml.Deserialize<TenantIsolation>("""
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: team-a, uid: u1}
            spec: {namespaceSelector: {matchLabels: {tenant: a}}}
            """);
        var namespaces = new[] { "web", "api" }.Select(n => NamespaceInfo.From(new k8s.Models.V1Namespace
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = n, Labels = new Dictionary<string, string> { ["tenant"] = "a" } },
        })).ToList();
        var options = new PlannerOptions { ShareUnchangingParts = true };
        return ClusterPlanner.Plan(new PlannerInput([tenant], namespaces, options)).Find("team-a")!;
    }

    [Fact]
    public void ReadsAsTheDictionaryOfEveryPlannedPolicyInPlace_ByKeyAndHash()
    {
        var plan = Plan();
        var notInPlace = new HashSet<string> { "api/tenant-isolation-dns" };
        var expected = plan.Policies
            .Select(p => KeyValuePair.Create($"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", p.Metadata.Annotations[WellKnown.ContentHashAnnotation]))
            .Where(kv => !notInPlace.Contains(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();

        var seen = LastSeenPolicies.Of(plan, notInPlace);

        Assert.Equal(expected, seen.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(5, seen.Count);
        Assert.False(seen.ContainsKey("api/tenant-isolation-dns"));
        Assert.False(seen.ContainsKey("db/tenant-isolation-dns"));
        Assert.False(seen.ContainsKey("web/tenant-isolation-egress-x"));
        Assert.False(seen.ContainsKey("no-slash"));
        Assert.Equal(expected[0].Value, seen[expected[0].Key]);
    }
}
