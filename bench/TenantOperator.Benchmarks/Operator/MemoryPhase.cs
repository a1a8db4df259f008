namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The operator's memory, its own and not the LocalApiServer's (they run in different processes): resident set now
/// and at its peak from /proc, and the managed heap the operator reports on /metrics.
/// </summary>
public static class MemoryPhase
{
    /// <summary>
    /// Reports the operator's memory once it has rested: it returns free memory to the system after two quiet checks of
    /// its queue (15 s apart), so 45 s after the last phase settled it has had the chance.
    /// </summary>
    public static async Task ReportAtRestAsync(ScenarioContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(45));
        await ReportAsync(context, "at rest, 45 s after the last phase");
    }

    /// <summary>Reports the running operator's memory, labelled with <paramref name="when"/>.</summary>
    public static async Task ReportAsync(ScenarioContext context, string when)
    {
        var op = context.Operator ?? throw new InvalidOperationException("No operator is running.");
        var (resident, peak, anonymous) = op.Memory();
        var metrics = await op.MetricsAsync();
        var heap = metrics.Has("dotnet_total_memory_bytes") ? ScenarioReport.MiB(metrics.Sum("dotnet_total_memory_bytes")) : "not reported";
        var namespaces = context.Observer.Caches.Namespaces.Cache.Count;
        var policies = context.Observer.Caches.Policies.Cache.Count;
        context.Report.Result($"operator memory {when} ({namespaces} namespaces, {policies} policies)",
            $"RSS {ScenarioReport.MiB(resident)} ({ScenarioReport.MiB(anonymous)} anonymous, the rest mapped files), peak RSS {ScenarioReport.MiB(peak)}, managed heap {heap}",
            "RSS ≤ 256 MiB");
    }
}
