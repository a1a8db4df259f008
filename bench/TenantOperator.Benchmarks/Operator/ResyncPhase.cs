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
        await RestartAsync(context, context.Options.ResyncPeriod);
        var op = context.Operator!;

        // The periodic resync: the same process, one period later, enqueues every tenant again. The pass is timed by
        // the operator's own reconcile histogram: scraping /metrics while it works would compete with it for the CPU.
        var periodic = new RequestWindow(context.Server.Counters);
        var work = await OperatorWorkWindow.StartAsync(op);
        await context.WaitForReconcilesAsync(work.ReconcilesAtStart + tenants, context.Options.ResyncPeriod + TimeSpan.FromMinutes(5));
        var (count, busy, cpu) = await work.MeasureAsync();
        report.Result("periodic resync on a converged cluster: one pass over every tenant",
            FormattableString.Invariant($"{count} reconciles taking {busy * 1000:F0} ms in all ({busy * 1000 / Math.Max(1, count):F2} ms each, 2 workers); operator CPU {cpu:F1} s over the {context.Options.ResyncPeriod.TotalSeconds:F0} s wait and the pass"));
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
    /// Stops the operator and starts another with <paramref name="resyncPeriod"/>, on a converged cluster; reports and
    /// returns the seconds from its start to caches synced and to every tenant reconciled.
    /// </summary>
    public static async Task<(double Synced, double Reconciled)> RestartAsync(ScenarioContext context, TimeSpan resyncPeriod)
    {
        var tenants = context.Observer.Caches.Tenants.Cache.Count;
        await context.StopOperatorAsync();
        var window = new RequestWindow(context.Server.Counters);
        var op = context.StartOperator(resyncPeriod);
        var ready = await op.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var reconciled = await context.WaitForReconcilesAsync(tenants, TimeSpan.FromMinutes(10));
        var (synced, done) = (ScenarioReport.Ms(op.StartedAt, ready) / 1000, ScenarioReport.Ms(op.StartedAt, reconciled) / 1000);
        context.Report.Result("restart on a converged cluster: started → caches synced → every tenant reconciled",
            FormattableString.Invariant($"{synced:F1} s → {done:F1} s ({tenants} reconciles)"));
        await context.SettleAsync(window);
        context.ReportWrites("restart on a converged cluster", window, default, "0 writes, 0 GETs");
        return (synced, done);
    }
}
