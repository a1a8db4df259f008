using System.Diagnostics;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The isolation latency: from the request that creates a namespace with a tenant's labels to the moment every one of
/// the tenant's policies exists in it (as seen on a watch). First one namespace at a time, each waited for, spread over
/// the tenants that select by label (clients of shared-services among them, whose change also updates
/// shared-services); then a burst created all at once, one per tenant, in tenants no other tenant names as a peer.
/// </summary>
public static class NewNamespacePhase
{
    /// <summary>
    /// Creates namespaces one at a time, each waited for, starting one at most every <paramref name="interval"/>
    /// (zero: back to back). <paramref name="offset"/> shifts the tenants chosen, so two sequences differ.
    /// </summary>
    public static async Task SequentialAsync(ScenarioContext context, string label, TimeSpan interval, int offset)
    {
        var report = context.Report;
        var count = context.Options.SequentialNamespaces;
        var candidates = LabelSelected(context.Fleet).ToList();
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var window = new RequestWindow(context.Server.Counters);
        var latencies = new List<double>();
        var created = new List<(int Tenant, V1Namespace Namespace)>();
        var pace = Stopwatch.StartNew();
        for (var s = 0; s < count; s++)
        {
            if (pace.Elapsed < interval)
            {
                await Task.Delay(interval - pace.Elapsed);
            }

            pace.Restart();

            // A prime stride visits every candidate before repeating one.
            var index = candidates[(int)(((s + offset) * 7919L) % candidates.Count)];
            var name = $"{TenantFleet.TenantName(index)}-new-{s + offset}";
            var (latency, ns) = await CreateAndWaitAsync(context, TenantFleet.MemberNamespace(index, name, 8), ExpectedPolicyNames(context, index));
            latencies.Add(latency);
            created.Add((index, ns));
        }

        report.Result($"new namespace → its policies exist, {label}", ScenarioReport.Percentiles(latencies), "p99 ≤ 500 ms");
        await context.SettleAsync(window);
        var needed = NeededForSequence(context, tenants, namespaces, created);
        context.ReportWrites($"new namespaces {label}", window, needed);
    }

    public static async Task BurstAsync(ScenarioContext context)
    {
        var report = context.Report;
        var count = context.Options.BurstNamespaces;
        var candidates = LabelSelected(context.Fleet).Where(i => !TenantFleet.IsClient(i) && i % 10 is not 5 and not 6).ToList();
        var chosen = Enumerable.Range(0, count).Select(s => candidates[(int)((s * 104_729L + 13) % candidates.Count)]).Distinct().ToList();
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var expected = chosen.ToDictionary(i => i, i => ExpectedPolicyNames(context, i));
        var work = await OperatorWorkWindow.StartAsync(context.Operator!);
        var window = new RequestWindow(context.Server.Counters);
        var start = Stopwatch.GetTimestamp();
        var created = await Task.WhenAll(chosen.Select(async i =>
            (Tenant: i, Namespace: await context.Client.CoreV1.CreateNamespaceAsync(TenantFleet.MemberNamespace(i, $"{TenantFleet.TenantName(i)}-burst", 8)))));
        await ScenarioContext.WaitUntilAsync(
            () => created.All(c => HasAll(context, c.Namespace.Metadata.Name, expected[c.Tenant])),
            TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(10),
            () => $"every burst namespace has its policies ({created.Count(c => !HasAll(context, c.Namespace.Metadata.Name, expected[c.Tenant]))} still missing some)");
        var latencies = created.Select(c => ScenarioReport.Ms(start, context.Observer.LatestPolicyArrival(Keys(c.Namespace.Metadata.Name, expected[c.Tenant])))).ToList();
        var operatorWork = await work.DescribeAsync();
        await context.SettleAsync(window);

        var affected = chosen.Select(TenantFleet.TenantName).ToList();
        var before = DesiredPolicies.Plan(tenants, namespaces, context.Planner, affected);
        var after = DesiredPolicies.Plan(tenants, [.. namespaces, .. created.Select(c => NamespaceInfo.From(c.Namespace))], context.Planner, affected);
        var needed = DesiredPolicies.Diff(before, after);
        context.ReportBurst($"burst of {created.Length} namespaces, one in each of {chosen.Count} tenants", window, latencies, needed, operatorWork);
    }

    /// <summary>Creates <paramref name="namespace"/> and waits until it has every policy named in <paramref name="expected"/>.</summary>
    internal static async Task<(double Latency, V1Namespace Namespace)> CreateAndWaitAsync(ScenarioContext context, V1Namespace @namespace, IReadOnlyList<string> expected)
    {
        var name = @namespace.Metadata.Name;
        var start = Stopwatch.GetTimestamp();
        var ns = await context.Client.CoreV1.CreateNamespaceAsync(@namespace);
        await ScenarioContext.WaitUntilAsync(() => HasAll(context, name, expected), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(2),
            () => $"namespace {name} has the policies {string.Join(", ", expected)}");
        return (ScenarioReport.Ms(start, context.Observer.LatestPolicyArrival(Keys(name, expected))), ns);
    }

    /// <summary>The policies every member namespace of the tenant has: those in its first namespace (never exempt).</summary>
    private static IReadOnlyList<string> ExpectedPolicyNames(ScenarioContext context, int index) =>
        ExpectedPolicyNames(context, TenantFleet.TenantName(index), TenantFleet.NamespaceName(index, 0));

    /// <summary>The policies every member namespace of <paramref name="tenant"/> has: those in <paramref name="member"/>, one of them.</summary>
    internal static IReadOnlyList<string> ExpectedPolicyNames(ScenarioContext context, string tenant, string member) =>
        context.Observer.ManagedPolicyNames(member, tenant) is { Count: > 0 } names
            ? names
            : throw new InvalidOperationException($"Tenant {tenant} has no policies in {member}: was the cold start complete?");

    internal static bool HasAll(ScenarioContext context, string ns, IReadOnlyList<string> names) =>
        names.All(n => context.Observer.Caches.Policy(ns, n) is not null);

    internal static IEnumerable<string> Keys(string ns, IReadOnlyList<string> names) => names.Select(n => $"{ns}/{n}");

    /// <summary>Enforce tenants that select namespaces by label, so that a new labelled namespace joins them.</summary>
    private static IEnumerable<int> LabelSelected(TenantFleet fleet) =>
        Enumerable.Range(1, fleet.Tenants - 1).Where(i => !TenantFleet.IsNamedOnly(i) && !TenantFleet.IsDryRun(i));

    /// <summary>
    /// The writes the planner asks for, step by step: each namespace changes its tenant and the tenants that name it as
    /// a peer, from the state before it to the state after it.
    /// </summary>
    private static WriteCount NeededForSequence(
        ScenarioContext context, IReadOnlyList<TenantIsolation> tenants, IReadOnlyList<NamespaceInfo> namespaces, List<(int Tenant, V1Namespace Namespace)> created)
    {
        var current = namespaces.ToList();
        var plan = ClusterPlanner.Plan(new PlannerInput(tenants, current, context.Planner));
        var needed = default(WriteCount);
        foreach (var (index, ns) in created)
        {
            var name = TenantFleet.TenantName(index);
            var affected = tenants.Where(t => Peers(t).Contains(name)).Select(t => t.Metadata.Name).Append(name).Distinct().ToList();
            current.Add(NamespaceInfo.From(ns));
            var next = ClusterPlanner.Plan(new PlannerInput(tenants, current, context.Planner));
            needed += DesiredPolicies.Diff(DesiredPolicies.Of(plan, affected), DesiredPolicies.Of(next, affected));
            plan = next;
        }

        return needed;
    }

    private static IEnumerable<string> Peers(TenantIsolation tenant) =>
        (tenant.Spec.Ingress ?? []).SelectMany(r => r.From ?? []).Concat((tenant.Spec.Egress ?? []).SelectMany(r => r.To ?? []))
            .Select(p => p.Tenant).OfType<string>();

    /// <summary>The operator's own isolation latency histogram (namespace creationTimestamp → default deny written), as a cross-check.</summary>
    public static async Task ReportIsolationHistogramAsync(ScenarioContext context)
    {
        var metrics = await context.Operator!.MetricsAsync();
        var total = metrics.Sum("tenant_operator_isolation_latency_seconds_count");
        var within = metrics.Sum("tenant_operator_isolation_latency_seconds_bucket", "le=\"0.5\"");
        context.Report.Result("operator's own isolation latency histogram (since this operator started)",
            FormattableString.Invariant($"{within} of {total} namespaces isolated within 0.5 s of their creationTimestamp (which is whole seconds)"));
    }
}
