using Prometheus;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>
/// The operator's own metrics, beside the runtime's (queue, reconciles, API requests, leader): managed policies,
/// policy writes and write failures, drift repairs, tenants by Ready/Isolated status, and the isolation latency from a namespace's
/// creation to its policies being in place.
/// </summary>
public sealed class OperatorMetrics
{
    private readonly Gauge _managedPolicies;
    private readonly Counter _writes;
    private readonly Counter _writeFailures;
    private readonly Counter _driftRepairs;
    private readonly Gauge _tenants;
    private readonly Histogram _isolationLatency;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _policiesByTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Ready, string Isolated)> _statusByTenant = new(StringComparer.Ordinal);

    public OperatorMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _managedPolicies = factory.CreateGauge("tenant_operator_managed_policies", "NetworkPolicies the operator keeps in place.");
        _writes = factory.CreateCounter("tenant_operator_policy_writes_total", "NetworkPolicy writes that succeeded, by kind (create, update, delete).", ["kind"]);
        _writeFailures = factory.CreateCounter("tenant_operator_policy_write_failures_total", "NetworkPolicy writes that failed after the writer's retries; the reconcile is retried with backoff.");
        _driftRepairs = factory.CreateCounter("tenant_operator_drift_repairs_total", "Generated NetworkPolicies restored after someone changed or deleted them.");
        _tenants = factory.CreateGauge("tenant_operator_tenants", "TenantIsolations by the status of their Ready and Isolated conditions.", ["ready", "isolated"]);
        _isolationLatency = factory.CreateHistogram("tenant_operator_isolation_latency_seconds",
            "From a namespace's creation to its tenant's policies being in place.",
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });
    }

    /// <summary>Counts what a reconcile wrote, and the writes that failed.</summary>
    public void Wrote(WriteOutcome outcome)
    {
        _writeFailures.Inc(outcome.Failures.Count);
        foreach (var write in outcome.Applied)
        {
            _writes.WithLabels(write.Kind.ToString().ToLowerInvariant()).Inc();
            if (write.IsDriftRepair)
            {
                _driftRepairs.Inc();
            }
        }
    }

    /// <summary>Records a tenant's state after a reconcile.</summary>
    public void Tenant(string name, int managedPolicies, string ready, string isolated)
    {
        lock (_lock)
        {
            _policiesByTenant[name] = managedPolicies;
            _statusByTenant[name] = (ready, isolated);
            Publish();
        }
    }

    /// <summary>Forgets a deleted tenant.</summary>
    public void Forget(string name)
    {
        lock (_lock)
        {
            _policiesByTenant.Remove(name);
            _statusByTenant.Remove(name);
            Publish();
        }
    }

    /// <summary>A namespace's policies are in place, <paramref name="latency"/> after it was created.</summary>
    public void Isolated(TimeSpan latency) => _isolationLatency.Observe(Math.Max(0, latency.TotalSeconds));

    private void Publish()
    {
        _managedPolicies.Set(_policiesByTenant.Values.Sum());
        foreach (var ready in new[] { "True", "False", "Unknown" })
        {
            foreach (var isolated in new[] { "True", "False", "Unknown" })
            {
                _tenants.WithLabels(ready, isolated).Set(_statusByTenant.Values.Count(s => s.Ready == ready && s.Isolated == isolated));
            }
        }
    }
}
