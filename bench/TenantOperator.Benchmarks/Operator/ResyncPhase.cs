using System.Diagnostics;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// Resyncs on a converged cluster, where the goal is no write and no GET: the operator restarted (SIGTERM, then a new
/// process that lists and reconciles every tenant), then one periodic resync of that process. A last restart with
/// resync off leaves an operator for the phases after this one.
/// </summary>
public static class ResyncPhase
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var tenants = context.Observer.Caches.Tenants.Cache.Count;
        var report = context.Report;
        await context.StopOperatorAsync();

        var window = new RequestWindow(context.Server.Counters);
        var op = context.StartOperator(context.Options.ResyncPeriod);
        var ready = await op.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var reconciled = await context.WaitForReconcilesAsync(tenants, TimeSpan.FromMinutes(10));
        report.Result("restart on a converged cluster: started → caches synced → every tenant reconciled",
            FormattableString.Invariant($"{ScenarioReport.Ms(op.StartedAt, ready) / 1000:F1} s → {ScenarioReport.Ms(op.StartedAt, reconciled) / 1000:F1} s ({tenants} reconciles)"));
        await context.SettleAsync(window);
        context.ReportWrites("restart on a converged cluster", window, default, "0 writes, 0 GETs");

        // The periodic resync: the same process, one period later, enqueues every tenant again.
        var periodic = new RequestWindow(context.Server.Counters);
        var before = (await op.MetricsAsync()).Sum("tenant_operator_reconcile_total");
        var (started, finished, cpuUsed) = await TimePassAsync(context, before, tenants, context.Options.ResyncPeriod + TimeSpan.FromMinutes(5));
        report.Result("periodic resync on a converged cluster: one pass over every tenant",
            FormattableString.Invariant($"{ScenarioReport.Ms(started, finished):F0} ms for {tenants} reconciles, {cpuUsed:F2} s of operator CPU"));
        await context.SettleAsync(periodic);
        context.ReportWrites("periodic resync", periodic, default, "0 writes, 0 GETs");

        await context.StopOperatorAsync();
        var last = new RequestWindow(context.Server.Counters);
        context.StartOperator(TimeSpan.Zero);
        await context.Operator!.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        await context.WaitForReconcilesAsync(tenants, TimeSpan.FromMinutes(10));
        await context.SettleAsync(last);
        context.ReportWrites("second restart", last, default, "0 writes, 0 GETs");
    }

    /// <summary>
    /// Waits for <paramref name="count"/> more reconciles than <paramref name="baseline"/>; returns when the pass was first
    /// and last seen, and the operator CPU time in between.
    /// </summary>
    private static async Task<(long Started, long Finished, double CpuSeconds)> TimePassAsync(ScenarioContext context, double baseline, int count, TimeSpan deadline)
    {
        long started = 0;
        double cpu = 0;
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var metrics = await context.Operator!.MetricsAsync();
            var done = metrics.Sum("tenant_operator_reconcile_total") - baseline;
            if (started == 0 && (done > 0 || metrics.Sum("tenant_operator_workqueue_depth") > 0))
            {
                started = Stopwatch.GetTimestamp();
                cpu = context.Operator.CpuSeconds();
            }

            if (done >= count && metrics.Sum("tenant_operator_workqueue_depth") == 0)
            {
                return (started, Stopwatch.GetTimestamp(), context.Operator.CpuSeconds() - cpu);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The periodic resync did not reconcile {count} tenants within {deadline.TotalSeconds:F0} s.");
    }
}
