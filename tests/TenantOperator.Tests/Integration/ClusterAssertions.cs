using k8s;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Tests.Integration;

/// <summary>Checks that the cluster holds exactly the managed policies the planner plans for its current state.</summary>
internal static class ClusterAssertions
{
    /// <summary>The differences between plan and cluster; empty when they match.</summary>
    public static async Task<List<string>> DifferencesFromPlanAsync(OperatorTestCluster cluster, PlannerOptions? options = null)
    {
        var tenantList = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        var tenants = KubernetesJson.Deserialize<TenantIsolationList>(KubernetesJson.Serialize(tenantList)).Items;
        var namespaces = (await cluster.Client.CoreV1.ListNamespaceAsync()).Items.Select(NamespaceInfo.From).ToList();
        var plan = ClusterPlanner.Plan(new PlannerInput(tenants.ToList(), namespaces, options ?? PlannerOptions.WithProtected(["tenant-operator-system"])));
        var desired = plan.Tenants.Where(t => t.IsValid && t.Mode == IsolationMode.Enforce).SelectMany(t => t.Policies)
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}");
        var actual = (await cluster.PoliciesAsync()).Where(PolicyComparer.IsManaged)
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}");

        var differences = new List<string>();
        differences.AddRange(desired.Keys.Except(actual.Keys).Select(k => $"missing {k}"));
        differences.AddRange(actual.Keys.Except(desired.Keys).Select(k => $"unexpected {k}"));
        differences.AddRange(desired.Keys.Intersect(actual.Keys).Where(k => !PolicyComparer.Matches(desired[k], actual[k])).Select(k => $"differs {k}"));
        return differences;
    }

    /// <summary>Waits until the cluster holds exactly the planned policies.</summary>
    public static async Task WaitForPlannedStateAsync(OperatorTestCluster cluster, TimeSpan? deadline = null)
    {
        List<string> last = [];
        try
        {
            await OperatorTestCluster.WaitUntilAsync(async () => (last = await DifferencesFromPlanAsync(cluster)).Count == 0,
                "the cluster holds exactly the planned policies", deadline);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Differences: {string.Join(", ", last)}", ex);
        }
    }
}
