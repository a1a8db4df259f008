using System.Diagnostics;
using k8s;
using TenantOperator.Api;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// A spec change fanned out: shared-services gets one more namespace by name. Every client tenant names
/// shared-services as an egress peer, so its policy in each client namespace (a tenth of the tenants × their
/// namespaces: 1,000 at full size) must be updated, besides shared-services' own intra-tenant policies and the new
/// member's policies. Measures from the update request to the last changed policy arriving.
/// </summary>
public static class FanOutPhase
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var report = context.Report;
        var (tenants, namespaces) = context.Observer.PlanningInput();
        var current = tenants.Single(t => t.Metadata.Name == TenantFleet.SharedServices);
        var changed = KubernetesJson.Deserialize<TenantIsolation>(KubernetesJson.Serialize(current));
        changed.Spec = context.Fleet.SharedServicesWithExtraNamespace().Spec;
        changed.Status = null;
        var before = DesiredPolicies.Plan(tenants, namespaces, context.Planner);
        var after = DesiredPolicies.Plan([.. tenants.Where(t => t != current), changed], namespaces, context.Planner);
        var needed = DesiredPolicies.Diff(before, after);
        var changedKeys = DesiredPolicies.ChangedKeys(before, after);
        var clientNamespaces = changedKeys.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct().Count();
        report.Log($"fan-out: the change touches {changedKeys.Count} policies in {clientNamespaces} namespaces");

        var window = new RequestWindow(context.Server.Counters);
        var cpu = context.Operator!.CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        await context.Client.CustomObjects.ReplaceClusterCustomObjectAsync(
            changed, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, TenantFleet.SharedServices);
        await ScenarioContext.WaitUntilAsync(() => context.Observer.Compare(after).IsNone, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(100),
            () => $"the fan-out is in place ({context.Observer.Compare(after)})");
        var done = context.Observer.LatestPolicyArrival(changedKeys);
        await context.SettleAsync(window);

        var writes = window.BudgetedWrites;
        report.Result($"spec change fanned out to {clientNamespaces} namespaces → all policies in place",
            FormattableString.Invariant($"{ScenarioReport.Ms(start, done) / 1000:F2} s (the write budget's floor for its {writes} writes at {context.Options.WriteQps} QPS: {context.BudgetFloorSeconds(writes):F1} s); {context.Operator.CpuSeconds() - cpu:F1} s of operator CPU"),
            "≤ 15 s");
        context.ReportWrites("fan-out", window, needed);
    }
}
