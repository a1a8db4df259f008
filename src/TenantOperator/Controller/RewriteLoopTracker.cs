using System.Collections.Concurrent;
using k8s.Models;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>
/// Keeps each tenant's <see cref="RewriteHistory"/> between reconciles and feeds <see cref="RewriteLoopGuard"/> with
/// the clock; counts loops in the metrics. Lost on restart, when a loop costs another
/// <see cref="RewriteLoopGuard.MaxRewrittenWrites"/> writes per policy before it is found again. Only one worker
/// reconciles a tenant at a time, so a tenant's entry has one writer.
/// </summary>
public sealed class RewriteLoopTracker(OperatorMetrics metrics, RewriteBackoff backoff, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, RewriteHistory> None = new Dictionary<string, RewriteHistory>();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, RewriteHistory>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>The changes to make now: those of policies in a loop wait for their backoff.</summary>
    public PolicyChangeSet Hold(string tenant, PolicyChangeSet changes)
    {
        var (toApply, histories) = RewriteLoopGuard.Hold(changes, _byTenant.GetValueOrDefault(tenant, None), time.GetUtcNow());
        Set(tenant, histories);
        return toApply;
    }

    /// <summary>Compares what the API server stored with what was written.</summary>
    public void Record(string tenant, IEnumerable<(PolicyWrite Write, V1NetworkPolicy Stored)> stored)
    {
        var histories = RewriteLoopGuard.Record(_byTenant.GetValueOrDefault(tenant, None), stored, time.GetUtcNow(), backoff, out var newLoops);
        metrics.RewriteLoopsFound(newLoops);
        Set(tenant, histories);
    }

    /// <summary>The tenant's policies in a loop.</summary>
    public IReadOnlyList<RewriteHistory> Loops(string tenant) => RewriteLoopGuard.Loops(_byTenant.GetValueOrDefault(tenant, None));

    /// <summary>How long until the tenant must be looked at again for its rewritten policies; null when none waits.</summary>
    public TimeSpan? NextLook(string tenant)
    {
        var now = time.GetUtcNow();
        return RewriteLoopGuard.NextLook(_byTenant.GetValueOrDefault(tenant, None), now) is { } at ? at - now : null;
    }

    /// <summary>Forgets the tenant, when it or its Enforce mode is gone.</summary>
    public void Forget(string tenant) => Set(tenant, None);

    private void Set(string tenant, IReadOnlyDictionary<string, RewriteHistory> histories)
    {
        if (histories.Count == 0)
        {
            _byTenant.TryRemove(tenant, out _);
        }
        else
        {
            _byTenant[tenant] = histories;
        }

        metrics.RewriteLoopPolicies(tenant, RewriteLoopGuard.Loops(histories).Count);
    }
}
