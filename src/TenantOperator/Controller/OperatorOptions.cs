namespace TenantOperator.Controller;

/// <summary>
/// The operator's settings. Bound from flags, the environment (<c>TENANT_OPERATOR_…</c>, e.g.
/// <c>TENANT_OPERATOR_WORKERS=4</c>) and appsettings.json, in that order of precedence.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>The namespace the operator runs in: protected, and where its Lease lives.</summary>
    public string Namespace { get; init; } = "tenant-operator-system";

    /// <summary>This instance's identity in leader election (the pod name in a cluster).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Namespaces never isolated, besides kube-system, kube-public, kube-node-lease and <see cref="Namespace"/>.</summary>
    public IReadOnlyList<string> ProtectedNamespaces { get; init; } = [];

    /// <summary>Concurrent reconciles.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Whether to elect a leader (on in a cluster with several replicas).</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>How long a lease is valid without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether a graceful shutdown releases the lease, so a follower takes over at once (off only to simulate a crash).</summary>
    public bool ReleaseLeaseOnShutdown { get; init; } = true;

    /// <summary>The client-side write budget, in writes per second.</summary>
    public double WriteQps { get; init; } = 100;

    /// <summary>How often every tenant is reconciled even when nothing changed (0 disables).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a generated policy that someone rewrites after every write is left alone before the next try; doubles
    /// with each rewritten try up to <see cref="RewriteBackoffMax"/> (see RewriteLoopGuard).
    /// </summary>
    public TimeSpan RewriteBackoff { get; init; } = Policy.Reconciliation.RewriteBackoff.Default.First;

    /// <summary>The longest wait between tries of a policy in a rewrite loop.</summary>
    public TimeSpan RewriteBackoffMax { get; init; } = Policy.Reconciliation.RewriteBackoff.Default.Max;

    /// <summary>How many policy writes of one phase run at once.</summary>
    public int WriteConcurrency { get; init; } = 16;

    /// <summary>How long a cache's lists and watches may keep failing before it is unhealthy: /readyz fails and tenants say Ready Unknown.</summary>
    public TimeSpan CacheUnhealthyAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where /healthz, /readyz and /metrics are served ("" disables), e.g. http://0.0.0.0:8080.</summary>
    public string MetricsAddress { get; init; } = "http://0.0.0.0:8080";

    /// <summary>Also serve <c>POST /debug/gc</c> at <see cref="MetricsAddress"/>: a forced full collection and the heap after it (off: it pauses the process on demand).</summary>
    public bool DebugEndpoints { get; init; }
}
