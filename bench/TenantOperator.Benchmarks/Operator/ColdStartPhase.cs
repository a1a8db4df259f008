using System.Diagnostics;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// Cold start: every tenant and namespace exists, no generated policy does; the operator starts, lists, and writes
/// the planner's policies at its write budget. Measures the time to caches synced and to every tenant Ready with
/// every planned policy in place, the writes made against the planner's count, and the operator's memory at the end.
/// </summary>
public static class ColdStartPhase
{
    /// <summary>Runs the phase; returns the seconds from the operator's start to its caches synced, and to convergence.</summary>
    public static async Task<(double Synced, double Converged)> RunAsync(ScenarioContext context)
    {
        var report = context.Report;
        var desired = context.PlanNow();
        var (tenants, namespaces) = context.Observer.PlanningInput();
        report.Log($"cold start: {desired.Count} policies planned for {tenants.Count} tenants in {namespaces.Count} namespaces");
        var window = new RequestWindow(context.Server.Counters);
        var op = context.StartOperator(TimeSpan.Zero);
        var synced = await op.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        report.Result("cold start: operator started → caches synced", $"{ScenarioReport.Ms(op.StartedAt, synced) / 1000:F1} s");

        var deadline = TimeSpan.FromSeconds(context.BudgetFloorSeconds(desired.Count + (2 * tenants.Count)) * 3) + TimeSpan.FromMinutes(10);
        var progress = Stopwatch.StartNew();
        await ScenarioContext.WaitUntilAsync(
            () =>
            {
                if (progress.Elapsed > TimeSpan.FromSeconds(30))
                {
                    progress.Restart();
                    report.Log($"cold start: {window.PolicyWrites} policy writes so far, {context.Observer.TenantsNotReady().Count} tenants not Ready");
                }

                return context.Observer.TenantsNotReady().Count == 0 && context.Observer.Compare(desired).IsNone;
            },
            deadline, TimeSpan.FromMilliseconds(500),
            () => $"every tenant is Ready with its policies ({context.Observer.TenantsNotReady().Count} not Ready; policies: {context.Observer.Compare(desired)})");
        var done = Math.Max(context.Observer.LatestTenantArrival, context.Observer.LatestPolicyArrival(desired.Hashes.Keys));
        await context.SettleAsync(window);

        var writes = window.BudgetedWrites;
        report.Result("cold start: operator started → every tenant Ready, every planned policy in place",
            FormattableString.Invariant($"{ScenarioReport.Ms(op.StartedAt, done) / 1000:F1} s (the write budget's floor for its {writes} writes at {context.Options.WriteQps} QPS: {context.BudgetFloorSeconds(writes):F1} s)"));
        context.ReportWrites("cold start", window, new WriteCount(desired.Count, 0, 0));
        report.Result("cold start: tenant conditions (Ready reason/Isolated)",
            string.Join(", ", context.Observer.TenantConditions().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")));
        await MemoryPhase.ReportAsync(context, "after cold start");
        report.Result("cold start: operator CPU time", FormattableString.Invariant($"{op.CpuSeconds():F1} s"));
        return (ScenarioReport.Ms(op.StartedAt, synced) / 1000, ScenarioReport.Ms(op.StartedAt, done) / 1000);
    }
}
