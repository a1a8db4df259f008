using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Audit;
using TenantOperator.TestSupport;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>Audit inputs written as the YAML a user has: the repository's samples and examples, plus extra documents.</summary>
internal static class AuditScenario
{
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/Pod"] = typeof(V1Pod),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        [$"{TenantIsolation.GroupVersion}/{TenantIsolation.KindName}"] = typeof(TenantIsolation),
    };

    public static string Root => RepositoryPaths.Root;

    /// <summary>config/samples and examples/cluster.yaml (without the payments team's own policy), plus <paramref name="extra"/>.</summary>
    public static AuditInput SamplesAndExamples(bool plan, params string[] extra)
    {
        var files = Directory.GetFiles(Path.Combine(Root, "config", "samples"), "*.yaml").Order(StringComparer.Ordinal)
            .Append(Path.Combine(Root, "examples", "cluster.yaml"))
            .Select(File.ReadAllText);
        return Input(plan, [.. files, .. extra]);
    }

    public static string ExamplePolicy => File.ReadAllText(Path.Combine(Root, "examples", "payments-allow-scrape.yaml"));

    public static AuditInput Input(bool plan, params string[] documents)
    {
        var objects = documents.SelectMany(d => KubernetesYaml.LoadAllFromString(d, Kinds)).ToList();
        return new AuditInput
        {
            Namespaces = [.. objects.OfType<V1Namespace>()],
            Pods = [.. objects.OfType<V1Pod>()],
            Policies = [.. objects.OfType<V1NetworkPolicy>()],
            Tenants = [.. objects.OfType<TenantIsolation>()],
            PlanPolicies = plan,
        };
    }
}
