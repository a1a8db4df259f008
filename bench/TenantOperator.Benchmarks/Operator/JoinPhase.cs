using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// What a namespace joining a large tenant costs: writes per join (one namespace at a time, each waited for), a burst
/// of namespaces joining one tenant at once, and the size of the tenant's intra-tenant policy against its member count.
/// </summary>
public static class JoinPhase
{
    /// <summary>Namespaces join the large tenant of <paramref name="size"/> namespaces one at a time, each waited for.</summary>
    public static async Task OneAtATimeAsync(ScenarioContext context, int size)
    {
        var tenant = TenantFleet.LargeTenantName(size);
        var count = context.Options.JoinsPerTenant;
        var expected = NewNamespacePhase.ExpectedPolicyNames(context, tenant, TenantFleet.LargeNamespaceName(size, 0));
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var work = await OperatorWorkWindow.StartAsync(context.Operator!);
        var window = new RequestWindow(context.Server.Counters);
        var latencies = new List<double>();
        var created = new List<V1Namespace>();
        for (var j = 0; j < count; j++)
        {
            var (latency, ns) = await NewNamespacePhase.CreateAndWaitAsync(context, TenantFleet.LargeMemberNamespace(size, $"{tenant}-join-{j:D4}"), expected);
            latencies.Add(latency);
            created.Add(ns);
        }

        var operatorWork = await work.MeasureAsync();
        await context.SettleAsync(window);
        var needed = Needed(context, tenants, namespaces, created);
        context.Report.Result($"a namespace joining a tenant of {size} namespaces: policy writes per join",
            FormattableString.Invariant($"{window.PolicyWrites / (double)count:F2} ({window.PolicyWrites} for {count} joins; the joining namespace's own policies: {expected.Count}); latency {ScenarioReport.Percentiles(latencies)}; operator: {operatorWork.Reconciles / count:F1} reconciles per join, {1000 * operatorWork.BusySeconds / Math.Max(1, operatorWork.Reconciles):F0} ms each, CPU {1000 * operatorWork.CpuSeconds / count:F0} ms per join"),
            $"{expected.Count} (its own policies)");
        context.ReportWrites($"joins into the tenant of {size}", window, needed);
    }

    /// <summary><paramref name="count"/> namespaces created at once, all joining the large tenant of <paramref name="size"/> namespaces.</summary>
    public static async Task BurstAsync(ScenarioContext context, int size, int count)
    {
        var tenant = TenantFleet.LargeTenantName(size);
        var expected = NewNamespacePhase.ExpectedPolicyNames(context, tenant, TenantFleet.LargeNamespaceName(size, 0));
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var work = await OperatorWorkWindow.StartAsync(context.Operator!);
        var window = new RequestWindow(context.Server.Counters);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var created = await Task.WhenAll(Enumerable.Range(0, count).Select(j =>
            context.Client.CoreV1.CreateNamespaceAsync(TenantFleet.LargeMemberNamespace(size, $"{tenant}-burst-{j:D4}"))));
        await ScenarioContext.WaitUntilAsync(
            () => created.All(ns => NewNamespacePhase.HasAll(context, ns.Metadata.Name, expected)),
            TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(10),
            () => $"every burst namespace has its policies ({created.Count(ns => !NewNamespacePhase.HasAll(context, ns.Metadata.Name, expected))} still missing some)");
        var latencies = created
            .Select(ns => ScenarioReport.Ms(start, context.Observer.LatestPolicyArrival(NewNamespacePhase.Keys(ns.Metadata.Name, expected))))
            .ToList();
        var operatorWork = await work.DescribeAsync();
        await context.SettleAsync(window);
        context.ReportBurst($"burst of {count} namespaces into the tenant of {size}", window, latencies, Needed(context, tenants, namespaces, created), operatorWork);
    }

    /// <summary>
    /// The size of each large tenant's intra-tenant policy as the cluster holds it (in its first namespace; the names
    /// are of one length, so only the membership could make them differ), beside the size it would have if it listed
    /// the members by name, as earlier versions wrote it.
    /// </summary>
    public static void ReportPolicySizes(ScenarioContext context)
    {
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var plan = ClusterPlanner.Plan(new PlannerInput(tenants, namespaces, context.Planner));
        foreach (var size in context.Fleet.LargeTenantSizes)
        {
            var tenant = TenantFleet.LargeTenantName(size);
            var policy = context.Observer.Caches.Policy(TenantFleet.LargeNamespaceName(size, 0), WellKnown.IntraTenantPolicy)
                ?? throw new InvalidOperationException($"{tenant} has no intra-tenant policy in its first namespace.");
            var members = plan.Find(tenant)!.Members;
            context.Report.Result($"intra-tenant policy of the tenant of {size} namespaces ({members.Count} members now): bytes of JSON",
                $"spec {Bytes(policy.Spec)}, whole object {Bytes(policy)}; listing the members by name instead, the spec would be {Bytes(ByName(members))}",
                "the same at every size");
        }
    }

    /// <summary>The policies the planner asks for after <paramref name="created"/> joined, against before (every tenant).</summary>
    private static WriteCount Needed(ScenarioContext context, IReadOnlyList<TenantIsolation> tenants, IReadOnlyList<NamespaceInfo> namespaces, IEnumerable<V1Namespace> created) =>
        DesiredPolicies.Diff(
            DesiredPolicies.Plan(tenants, namespaces, context.Planner),
            DesiredPolicies.Plan(tenants, [.. namespaces, .. created.Select(NamespaceInfo.From)], context.Planner));

    private static int Bytes(object value) => System.Text.Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(value));

    /// <summary>The intra-tenant spec as it was when it listed the members by their name label.</summary>
    private static V1NetworkPolicySpec ByName(IReadOnlyList<string> members)
    {
        V1NetworkPolicyPeer Peer() => new() { NamespaceSelector = ApiModelConversions.NamespacesNamed(members) };
        return new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [Peer()] }],
            Egress = [new V1NetworkPolicyEgressRule { To = [Peer()] }],
        };
    }
}
