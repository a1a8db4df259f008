using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.TestSupport;

namespace TenantOperator.Core.Tests.Policy.Planning;

/// <summary>Builders for planner tests: tenants as YAML, namespaces as one-liners.</summary>
internal static class PlannerFixture
{
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TenantIsolation Tenant(string name, string spec, int createdDay = 0, string? uid = null)
    {
        var tenant = TenantOperator.Core.Tests.Yaml.Tenant(TenantYaml.Of(name, spec));
        tenant.Metadata.CreationTimestamp = Epoch.AddDays(createdDay);
        tenant.Metadata.Uid = uid;
        return tenant;
    }

    public static NamespaceInfo Ns(string name, string labels = "", bool terminating = false)
    {
        var ns = KubernetesObjects.Namespace(name, KubernetesObjects.Labels(labels), terminating);
        ns.Metadata.CreationTimestamp = Epoch;
        return NamespaceInfo.From(ns);
    }

    public static ClusterPlan Plan(IEnumerable<TenantIsolation> tenants, IEnumerable<NamespaceInfo> namespaces, PlannerOptions? options = null) =>
        ClusterPlanner.Plan(new PlannerInput(tenants.ToList(), namespaces.ToList(), options ?? new PlannerOptions()));

    public static V1NetworkPolicy Policy(this TenantPlan plan, string ns, string name) =>
        plan.Policies.Single(p => p.Metadata.NamespaceProperty == ns && p.Metadata.Name == name);

    public static string Yaml(this V1NetworkPolicySpec spec) => KubernetesYaml.Serialize(spec).TrimEnd();
}
