using System.Diagnostics;
using System.Globalization;
using k8s;
using TenantOperator.LocalApiServer;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>What every phase of the scenario works with: the cluster, the observer, the running operator, and the waits.</summary>
public sealed class ScenarioContext(
    ScenarioOptions options, TenantFleet fleet, LocalKubernetesApiServer server, string kubeconfig, IKubernetes client,
    ClusterObserver observer, ScenarioReport report, string workDirectory)
{
    /// <summary>The operator's namespace (protected, as the operator's own).</summary>
    public const string OperatorNamespace = "tenant-operator-system";

    private int _operatorRuns;

    /// <summary>The options.</summary>
    public ScenarioOptions Options => options;

    /// <summary>The tenants and namespaces.</summary>
    public TenantFleet Fleet => fleet;

    /// <summary>The API server (for its counters).</summary>
    public LocalKubernetesApiServer Server => server;

    /// <summary>The scenario's own client.</summary>
    public IKubernetes Client => client;

    /// <summary>The scenario's view of the cluster.</summary>
    public ClusterObserver Observer => observer;

    /// <summary>Where results go.</summary>
    public ScenarioReport Report => report;

    /// <summary>The planner options the operator uses (its namespace protected, parts shared).</summary>
    public PlannerOptions Planner { get; } = PlannerOptions.WithProtected([OperatorNamespace]) with { ShareUnchangingParts = true };

    /// <summary>The operator process running now, if any.</summary>
    public OperatorProcess? Operator { get; private set; }

    /// <summary>Starts an operator (the previous one must be stopped) with the scenario's write budget.</summary>
    public OperatorProcess StartOperator(TimeSpan resyncPeriod)
    {
        var log = Path.Combine(workDirectory, $"operator-{++_operatorRuns}.log");
        Operator = OperatorProcess.Start(kubeconfig, options.WriteQps, resyncPeriod, log);
        report.Log($"operator #{_operatorRuns} started (pid {Operator.Id}, resync {(resyncPeriod == TimeSpan.Zero ? "off" : resyncPeriod.ToString())}, log {log})");
        return Operator;
    }

    /// <summary>
    /// Stops the running operator with SIGTERM; reports its resident set's peak over its whole life (VmHWM, so a peak
    /// between two readings counts too) and its exit code.
    /// </summary>
    public async Task StopOperatorAsync()
    {
        if (Operator is { } running)
        {
            if (!running.HasExited)
            {
                report.Result($"operator #{_operatorRuns}: peak RSS over its life (VmHWM)", ScenarioReport.MiB(running.Memory().Peak), "RSS ≤ 256 MiB");
            }

            var code = await running.StopAsync();
            report.Log($"operator stopped with SIGTERM, exit code {code}");
            await running.DisposeAsync();
            Operator = null;
        }
    }

    /// <summary>What every scenario ends with: the operator's memory at the end and at rest, and whether the cluster matches the plan.</summary>
    public async Task ReportEndAsync()
    {
        await MemoryPhase.ReportAsync(this, "at the end");
        await MemoryPhase.ReportAtRestAsync(this);
        var mismatch = observer.Compare(PlanNow());
        report.Result("cluster matches the plan at the end", mismatch.IsNone ? "yes" : mismatch.ToString(), "yes");
    }

    /// <summary>The desired state for the cluster as observed now.</summary>
    public DesiredPolicies PlanNow()
    {
        var (tenants, namespaces) = observer.PlanningInput();
        return DesiredPolicies.Plan(tenants, namespaces, Planner);
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> until it holds or the deadline passes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan interval, Func<string> what)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException($"Timed out after {deadline.TotalSeconds:F0} s waiting until {what()}.");
            }

            await Task.Delay(interval);
        }
    }

    /// <summary>
    /// Waits until the operator is idle: its queue empty and no request (but watches) reaching the server for two
    /// seconds, so that a window's counts are final.
    /// </summary>
    public async Task SettleAsync(RequestWindow window)
    {
        var quiet = Stopwatch.StartNew();
        var last = window.Total();
        var until = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(250);
            var total = window.Total();
            var depth = Operator is null ? 0 : (await Operator.MetricsAsync()).Sum("tenant_operator_workqueue_depth");
            if (total != last || depth > 0)
            {
                last = total;
                quiet.Restart();
            }

            if (until.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The operator did not settle within 10 minutes.");
            }
        }
    }

    /// <summary>Waits until the operator has finished at least <paramref name="count"/> reconciles with an empty queue; returns when.</summary>
    public async Task<long> WaitForReconcilesAsync(double count, TimeSpan deadline)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var metrics = await Operator!.MetricsAsync();
            if (metrics.Sum("tenant_operator_reconcile_total") >= count && metrics.Sum("tenant_operator_workqueue_depth") == 0)
            {
                return Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException($"The operator did not finish {count} reconciles within {deadline.TotalSeconds:F0} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Reports a phase's writes: policy writes made against needed, and status, event and read traffic.</summary>
    public void ReportWrites(string phase, RequestWindow window, WriteCount needed, string goal = "1.00")
    {
        var made = window.PolicyWrites;
        var ratio = needed.Total == 0 ? (made == 0 ? "0 made, 0 needed" : $"{made} made, 0 needed") : (made / (double)needed.Total).ToString("F3", CultureInfo.InvariantCulture);
        report.Result($"{phase}: policy writes made ÷ needed", $"{ratio} ({made} made: {window.Count("create", "networkpolicies")} create, " +
            $"{window.Count("update", "networkpolicies")} update, {window.Count("delete", "networkpolicies")} delete; needed {needed})", goal);
        report.Result($"{phase}: other requests", $"{window.StatusWrites} status writes, {window.EventWrites} event writes, {window.MarkWrites} namespace marks, {window.Gets} GETs, " +
            $"{window.Count("list", "*")} LISTs, {window.Count("watch", "*")} watches");
        report.Log($"{phase}: all requests: {window.Describe()}");
    }

    /// <summary>
    /// Reports a burst: the time until the last namespace had its policies against the write budget's floor (writes ÷
    /// QPS, and with the bucket's first second of writes free), the latency per namespace, and the writes.
    /// </summary>
    public void ReportBurst(string burst, RequestWindow window, IReadOnlyList<double> latencies, WriteCount needed, string operatorWork)
    {
        var writes = window.BudgetedWrites;
        var seconds = latencies.Max() / 1000;
        var floor = writes / options.WriteQps;
        report.Result($"{burst} → all have their policies",
            FormattableString.Invariant($"{seconds:F2} s = {seconds / floor:F2} × the write budget's floor ({writes} writes ÷ {options.WriteQps} QPS = {floor:F2} s; with the bucket's first {options.WriteQps} free: {BudgetFloorSeconds(writes):F2} s); per namespace {ScenarioReport.Percentiles(latencies)}; {operatorWork}"),
            "≤ 1.1 × floor");
        ReportWrites(burst, window, needed);
    }

    /// <summary>The least time the write budget allows for <paramref name="writes"/> writes, the bucket starting full.</summary>
    public double BudgetFloorSeconds(long writes) => Math.Max(0, writes - Math.Max(1, options.WriteQps)) / options.WriteQps;
}
