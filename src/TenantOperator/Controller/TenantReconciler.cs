using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Api;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Events;
using TenantOperator.Runtime.Queue;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Controller;

/// <summary>
/// Reconciles one TenantIsolation, as a short sequence whose decisions are pure functions in the Policy layer:
/// read the caches, take the tenant's plan, diff it against the policies in place, write what differs in an order
/// that never cuts declared traffic, look for breaches, then write status (only when it changed) and record events.
/// An invalid spec writes no policy: the ones in place stay. DryRun writes no policy and reports what it would do.
/// Deletion needs no finalizer: the generated policies carry an ownerReference, and the garbage collector removes them;
/// the namespace marks (<see cref="NamespaceMarker"/>) are removed by the pass that finds the tenant gone.
/// </summary>
public sealed class TenantReconciler(
    ClusterCaches caches,
    ClusterPlanCache plans,
    PolicyApplier applier,
    IKubernetesWriter writer,
    IEventRecorder events,
    IBreachFinder breaches,
    OperatorMetrics metrics,
    RewriteLoopTracker rewrites,
    NamespaceMarker marks,
    Func<GuardrailReport> guardrails,
    TimeProvider time,
    DateTimeOffset startedAt,
    ILogger<TenantReconciler> logger)
{
    // How long to wait for the caches to catch up with this tenant's own writes before planning it again.
    private static readonly TimeSpan CacheCatchUp = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan HandoverRetry = TimeSpan.FromSeconds(1);

    // What was in place at each tenant's previous pass (namespace/name → content hash), to tell a policy someone
    // deleted from one that was never created. Lost on restart, when a deletion shows as a plain create.
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _lastSeen = new(StringComparer.Ordinal);
    private readonly WriteExpectations _expectations = new(caches, time);

    /// <summary>Reconciles the tenant named <paramref name="name"/>.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        var tenant = caches.Tenants.Cache.Get(null, name);
        if (tenant is null)
        {
            _lastSeen.TryRemove(name, out _);
            _expectations.Forget(name);
            rewrites.Forget(name);
            metrics.Forget(name);
            return await marks.SyncAsync(name, null, PolicyChangeSet.None, cancellationToken) is { } unmarked ? ReconcileResult.Failed(unmarked) : ReconcileResult.Success;
        }

        if (caches.Unhealthy() is { Count: > 0 } blind)
        {
            return await ReportBlindAsync(tenant, blind, cancellationToken);
        }

        if (_expectations.CacheIsBehind(name))
        {
            // Planning now would repeat writes the API server has already taken; the caches catch up in milliseconds.
            return ReconcileResult.Requeue(CacheCatchUp);
        }

        var snapshot = plans.Current();
        if (snapshot.Plan.Find(name) is not { } plan)
        {
            // Being deleted: the garbage collector removes its policies, and its marks go now.
            return await marks.SyncAsync(name, null, PolicyChangeSet.None, cancellationToken) is { } unmarked ? ReconcileResult.Failed(unmarked) : ReconcileResult.Success;
        }

        var changes = plan.IsValid
            ? PolicyDiff.Compute(plan, caches.Policy, caches.ManagedPoliciesOf(name), _lastSeen.GetValueOrDefault(name))
            : PolicyChangeSet.None;
        var outcome = WriteOutcome.None;
        // Policies someone rewrites after every write wait out a backoff (RewriteLoopGuard).
        var toApply = plan.IsValid && plan.Mode == IsolationMode.Enforce ? rewrites.Hold(name, changes) : changes;
        if (plan.IsValid && plan.Mode == IsolationMode.Enforce && !toApply.IsEmpty)
        {
            var applied = await applier.ApplyAsync(toApply, cancellationToken);
            outcome = applied.Outcome;
            rewrites.Record(name, applied.Stored);
            _expectations.ExpectPolicies(name, applied);
            metrics.Wrote(outcome);
            ObserveIsolationLatency(outcome);
            if (applied.Stale)
            {
                // The cache was behind (409, or 404 on an object it still held): re-plan when it has caught up.
                await RecordEventsAsync(tenant, tenant.Status, tenant.Status ?? new TenantIsolationStatus(), outcome, cancellationToken);
                return ReconcileResult.Failed("the cache was behind the API server; re-planning");
            }
        }

        if (plan.IsValid && plan.Mode == IsolationMode.Enforce)
        {
            Remember(plan, changes, outcome);
        }
        else
        {
            rewrites.Forget(name);
        }

        var marking = await marks.SyncAsync(name, plan, changes, cancellationToken);

        var found = plan.IsValid ? breaches.Find(new BreachQuery(plan, snapshot.Plan, snapshot.Namespaces, PoliciesIn(plan))) : [];
        var status = TenantStatusCalculator.Compute(new StatusInput(plan, changes, outcome, found, tenant.Status, time.GetUtcNow().UtcDateTime, rewrites.Loops(name)) { Guardrails = guardrails() });
        var statusChanged = !TenantStatusCalculator.SameAs(tenant.Status, status);
        if (statusChanged)
        {
            try
            {
                await WriteStatusAsync(tenant, status, cancellationToken);
            }
            catch (ApiConflictException)
            {
                // The tenant changed since the cache saw it: its next event brings it back with the new spec.
                return ReconcileResult.Failed("status conflict: the tenant changed; re-planning");
            }
        }

        await RecordEventsAsync(tenant, tenant.Status, status, outcome, cancellationToken);
        logger.LogDebug("Reconciled {Tenant}: {Writes} write(s), {Failures} failure(s), {Breaches} breach(es), status {Status}",
            name, outcome.Applied.Count, outcome.Failures.Count, found.Count, statusChanged ? "written" : "unchanged");
        metrics.Tenant(name, caches.ManagedPoliciesOf(name).Count, ConditionStatus(status, ConditionReasons.Ready), ConditionStatus(status, ConditionReasons.Isolated));
        if (outcome.Failures.Count > 0 || marking is not null)
        {
            return ReconcileResult.Failed(outcome.Failures.Count > 0 ? outcome.Failures[0] : marking!);
        }

        // Another tenant's policies hold planned names while a namespace moves over: look again once it has had time
        // to remove them (their deletion enqueues only their own tenant).
        // A policy in a rewrite loop is looked at again when its backoff ends; the earlier of the two waits wins.
        TimeSpan? next = rewrites.NextLook(name) is { } wait ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null;
        if (changes.HeldByOtherTenants.Count > 0 && (next is null || next > HandoverRetry))
        {
            next = HandoverRetry;
        }

        return next is { } after ? ReconcileResult.Requeue(after) : ReconcileResult.Success;
    }

    /// <summary>
    /// While a cache cannot be trusted, planning from it could undo what the cluster holds: no policy is written, Ready
    /// says Unknown and which cache, and so does an event. The caches' recovery enqueues every tenant again.
    /// </summary>
    private async Task<ReconcileResult> ReportBlindAsync(TenantIsolation tenant, IReadOnlyList<CacheProblem> blind, CancellationToken cancellationToken)
    {
        var status = TenantStatusCalculator.Blind(tenant.Status, tenant.Metadata.Generation, string.Join("; ", blind), time.GetUtcNow().UtcDateTime);
        if (!TenantStatusCalculator.SameAs(tenant.Status, status))
        {
            try
            {
                await WriteStatusAsync(tenant, status, cancellationToken);
            }
            catch (ApiConflictException)
            {
                return ReconcileResult.Failed("status conflict: the tenant changed; re-planning");
            }
        }

        await RecordEventsAsync(tenant, tenant.Status, status, WriteOutcome.None, cancellationToken);
        metrics.Tenant(tenant.Metadata.Name, caches.ManagedPoliciesOf(tenant.Metadata.Name).Count, "Unknown", ConditionStatus(status, ConditionReasons.Isolated));
        return ReconcileResult.Success;
    }

    private async Task WriteStatusAsync(TenantIsolation tenant, TenantIsolationStatus status, CancellationToken cancellationToken)
    {
        // The cached object is shared with the informer: write a copy.
        var copy = KubernetesJson.Deserialize<TenantIsolation>(KubernetesJson.Serialize(tenant));
        copy.Status = status;
        await writer.ReplaceClusterCustomResourceStatusAsync(copy, cancellationToken);
        _expectations.ExpectStatus(tenant.Metadata.Name, tenant.Metadata.ResourceVersion);
    }

    private async Task RecordEventsAsync(TenantIsolation tenant, TenantIsolationStatus? previous, TenantIsolationStatus next, WriteOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var planned in ReconcileEventPlanner.Plan(previous, next, outcome))
        {
            var severity = planned.Type == PlannedEvent.Warning ? EventSeverity.Warning : EventSeverity.Normal;
            await events.RecordAsync(tenant, severity, planned.Reason, planned.Message, cancellationToken);
        }
    }

    /// <summary>Remembers which planned policies are now in place, so a later disappearance reads as drift.</summary>
    private void Remember(TenantPlan plan, PolicyChangeSet changes, WriteOutcome outcome)
    {
        var pending = changes.Writes.Where(w => w.Kind == PolicyWriteKind.Create).Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        pending.ExceptWith(outcome.Applied.Select(w => w.Key));
        _lastSeen[plan.Name] = LastSeenPolicies.Of(plan, pending);
    }

    /// <summary>For each namespace that got its default deny now, the time since the namespace was created.</summary>
    private void ObserveIsolationLatency(WriteOutcome outcome)
    {
        var now = time.GetUtcNow();
        foreach (var write in outcome.Applied.Where(w => w is { Kind: PolicyWriteKind.Create, Name: WellKnown.DefaultDenyPolicy }))
        {
            if (caches.Namespaces.Cache.Get(null, write.Namespace)?.Metadata.CreationTimestamp is { } created)
            {
                var createdAt = new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc));
                if (createdAt >= startedAt.AddSeconds(-1))
                {
                    metrics.Isolated(now - createdAt);
                }
            }
        }
    }

    private List<V1NetworkPolicy> PoliciesIn(TenantPlan plan) => plan.Members.SelectMany(caches.PoliciesIn).ToList();

    private static string ConditionStatus(TenantIsolationStatus status, string type) =>
        status.Conditions?.FirstOrDefault(c => c.Type == type)?.Status ?? "Unknown";
}
