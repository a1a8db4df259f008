using k8s;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// Checks that the cluster holds exactly the managed policies the tests expect: computed by <see cref="ExpectedPolicies"/>
/// (a model of its own, not the planner) and compared field by field as JSON (not with the operator's comparer).
/// </summary>
internal static class ClusterAssertions
{
    /// <summary>The differences between the expected policies and the cluster's managed ones; empty when they match.</summary>
    public static async Task<List<string>> DifferencesFromExpectedAsync(OperatorTestCluster cluster)
    {
        var tenantList = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        var tenants = KubernetesJson.Deserialize<TenantIsolationList>(KubernetesJson.Serialize(tenantList)).Items;
        var namespaces = (await cluster.Client.CoreV1.ListNamespaceAsync()).Items;
        var expected = ExpectedPolicies.For([.. tenants], [.. namespaces]);
        var actual = (await cluster.PoliciesAsync()).AsEnumerable()
            .Where(p => p.Metadata.Labels is { } l && l.TryGetValue("app.kubernetes.io/managed-by", out var by) && by == "tenant-operator")
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}");

        var differences = new List<string>();
        differences.AddRange(expected.Keys.Except(actual.Keys).Select(k => $"missing {k}"));
        differences.AddRange(actual.Keys.Except(expected.Keys).Select(k => $"unexpected {k}"));
        foreach (var key in expected.Keys.Intersect(actual.Keys).Order(StringComparer.Ordinal))
        {
            var (spec, labels, owner) = expected[key];
            var policy = actual[key];
            var (wanted, found) = (KubernetesJson.Serialize(spec), KubernetesJson.Serialize(policy.Spec));
            if (wanted != found)
            {
                differences.Add($"differs {key}: spec {found}, expected {wanted}");
            }

            if (!labels.All(l => policy.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                differences.Add($"differs {key}: labels {string.Join(",", policy.Metadata.Labels)}");
            }

            if (policy.Metadata.OwnerReferences is not [{ Controller: true, BlockOwnerDeletion: true } reference] || reference.Uid != owner)
            {
                differences.Add($"differs {key}: owner is not tenant uid {owner}");
            }
        }

        return differences;
    }

    /// <summary>Waits until the cluster holds exactly the expected policies.</summary>
    public static async Task WaitForExpectedStateAsync(OperatorTestCluster cluster, TimeSpan? deadline = null)
    {
        List<string> last = [];
        try
        {
            await OperatorTestCluster.WaitUntilAsync(async () => (last = await DifferencesFromExpectedAsync(cluster)).Count == 0,
                "the cluster holds exactly the expected policies", deadline);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Differences: {string.Join(", ", last)}", ex);
        }
    }
}
