using System.Globalization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The operator's own work over a phase: how many reconciles, the time they took (its reconcile histogram) and the
/// CPU time its process used. A phase slower than the write budget's floor then shows whether the operator's
/// processing or a busy machine took the time: CPU seconds do not grow when other processes compete for the cores.
/// Read from /metrics only at the start and the end, so the scrape does not compete with the work it measures.
/// </summary>
public sealed class OperatorWorkWindow
{
    private readonly OperatorProcess _operator;
    private readonly double _reconciles;
    private readonly double _busySeconds;
    private readonly double _cpuSeconds;

    private OperatorWorkWindow(OperatorProcess op, PrometheusText metrics)
    {
        _operator = op;
        _reconciles = metrics.Sum("tenant_operator_reconcile_total");
        _busySeconds = metrics.Sum("tenant_operator_reconcile_duration_seconds_sum");
        _cpuSeconds = op.CpuSeconds();
    }

    /// <summary>The operator's reconcile count when the window started.</summary>
    public double ReconcilesAtStart => _reconciles;

    /// <summary>Starts the window now.</summary>
    public static async Task<OperatorWorkWindow> StartAsync(OperatorProcess op) => new(op, await op.MetricsAsync());

    /// <summary>What the operator did since the start: reconciles, the seconds they took, and its CPU seconds.</summary>
    public async Task<OperatorWork> MeasureAsync()
    {
        var cpu = _operator.CpuSeconds() - _cpuSeconds;
        var metrics = await _operator.MetricsAsync();
        return new OperatorWork(
            metrics.Sum("tenant_operator_reconcile_total") - _reconciles,
            metrics.Sum("tenant_operator_reconcile_duration_seconds_sum") - _busySeconds,
            cpu);
    }

    /// <summary>What the operator did since the start, in words.</summary>
    public async Task<string> DescribeAsync()
    {
        var work = await MeasureAsync();
        return string.Format(CultureInfo.InvariantCulture, "{0:F0} reconciles taking {1:F2} s in all, operator CPU {2:F2} s", work.Reconciles, work.BusySeconds, work.CpuSeconds);
    }
}

/// <summary>The operator's work over a window: reconciles, the seconds they took in all, and its process's CPU seconds.</summary>
public sealed record OperatorWork(double Reconciles, double BusySeconds, double CpuSeconds);
