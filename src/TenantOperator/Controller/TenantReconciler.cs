using System.Collections.Concurrent;
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
/// Reconciles one TenantIsolation as a short list of steps, each a method, whose decisions are pure functions in the
/// Policy layer: <see cref="DiffPolicies"/> (the plan against the policies in place), <see cref="ApplyPoliciesAsync"/>
/// (in an order that never cuts declared traffic), <see cref="RememberPolicies"/>, <see cref="FindBreaches"/>,
/// <see cref="UpdateStatusAsync"/> (written only when it changed), <see cref="RecordEventsAsync"/>,
/// <see cref="ReportMetrics"/>, <see cref="Finish"/>, with <see cref="MarkNamespacesAsync"/> after RememberPolicies.
/// <see cref="PolicyActions.For"/> decides once what happens to the
/// policies: an invalid spec keeps the ones in place, DryRun reports what it would write, Enforce writes.
/// Deletion needs no finalizer: the generated policies carry an ownerReference, and the garbage collector removes them;
/// the namespace marks (<see cref="NamespaceMarker"/>) are removed by the pass that finds the tenant gone.
/// The sequence is described in docs/design.md, "The reconcile sequence".
/// </summary>
public sealed class TenantReconciler(
    ClusterCaches caches,
    ClusterPlanCache plans,
    PolicyApplier applier,
    IKubernetesWriter writer,
    IEventRecorder events,
    IPolicyBreachFinder breaches,
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

    /// <summary>
    /// Reconciles the tenant named <paramref name="name"/>: the guards first (gone, blind caches, caches behind our own
    /// writes, no plan), then the steps, in order. A step that finds the cache behind the API server ends the pass early;
    /// write failures are collected, the later steps still run (status and events report them), and the pass fails with
    /// them at the end.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        if (caches.Tenants.Cache.Get(null, name) is not { } tenant)
        {
            ForgetDeleted(name);
            return await UnmarkAsync(name, cancellationToken);
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
            return await UnmarkAsync(name, cancellationToken);
        }

        var pass = new TenantPass(tenant, plan, snapshot, PolicyActions.For(plan));
        DiffPolicies(pass);
        if (await ApplyPoliciesAsync(pass, cancellationToken) is { } stale)
        {
            return stale;
        }

        RememberPolicies(pass);
        await MarkNamespacesAsync(pass, cancellationToken);
        FindBreaches(pass);
        if (await UpdateStatusAsync(pass, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await RecordEventsAsync(tenant, tenant.Status, pass.Status, pass.Outcome, cancellationToken);
        ReportMetrics(pass);
        return Finish(pass);
    }

    /// <summary>A deleted tenant: drop what this instance remembers of it. Its policies go with the garbage collector.</summary>
    private void ForgetDeleted(string name)
    {
        _lastSeen.TryRemove(name, out _);
        _expectations.Forget(name);
        rewrites.Forget(name);
        metrics.Forget(name);
    }

    /// <summary>A tenant gone (or being deleted): its namespace marks go now.</summary>
    private async Task<ReconcileResult> UnmarkAsync(string name, CancellationToken cancellationToken) =>
        await marks.SyncAsync(name, null, PolicyChangeSet.None, cancellationToken) is { } unmarked ? ReconcileResult.Failed(unmarked) : ReconcileResult.Success;

    /// <summary>
    /// Marks the member namespaces whose policies are in place (and unmarks those that left), for the pod gate; a failed
    /// mark is collected, and the later steps still run.
    /// </summary>
    private async Task MarkNamespacesAsync(TenantPass pass, CancellationToken cancellationToken)
    {
        if (await marks.SyncAsync(pass.Name, pass.Plan, pass.Changes, cancellationToken) is { } failed)
        {
            pass.Errors.Add(failed);
        }
    }

    /// <summary>The writes that bring the policies in place to the plan; none for a spec whose policies are kept.</summary>
    private void DiffPolicies(TenantPass pass) =>
        pass.Changes = pass.Action == PolicyAction.Keep
            ? PolicyChangeSet.None
            : PolicyDiff.Compute(pass.Plan, caches.Policy, caches.ManagedPoliciesOf(pass.Name), _lastSeen.GetValueOrDefault(pass.Name));

    /// <summary>
    /// Enforce only: writes the differences, less those in a rewrite loop waiting out their backoff (RewriteLoopGuard).
    /// Ends the pass when the cache was behind (a 409, or a 404 on an object it still held): the tenant is re-planned
    /// once it has caught up.
    /// </summary>
    private async Task<ReconcileResult?> ApplyPoliciesAsync(TenantPass pass, CancellationToken cancellationToken)
    {
        if (pass.Action != PolicyAction.Enforce || rewrites.Hold(pass.Name, pass.Changes) is not { IsEmpty: false } toApply)
        {
            return null;
        }

        var applied = await applier.ApplyAsync(toApply, cancellationToken);
        pass.Outcome = applied.Outcome;
        pass.Errors.AddRange(applied.Outcome.Failures);
        rewrites.Record(pass.Name, applied.Stored);
        _expectations.ExpectPolicies(pass.Name, applied);
        metrics.Wrote(applied.Outcome);
        ObserveIsolationLatency(applied.Outcome);
        if (!applied.Stale)
        {
            return null;
        }

        await RecordEventsAsync(pass.Tenant, pass.Tenant.Status, pass.Tenant.Status ?? new TenantIsolationStatus(), applied.Outcome, cancellationToken);
        return ReconcileResult.Failed("the cache was behind the API server; re-planning");
    }

    /// <summary>
    /// Enforce: remembers which planned policies are now in place, so a later disappearance reads as drift. Otherwise
    /// nothing is written, and no rewrite loop can go on.
    /// </summary>
    private void RememberPolicies(TenantPass pass)
    {
        if (pass.Action != PolicyAction.Enforce)
        {
            rewrites.Forget(pass.Name);
            return;
        }

        var pending = pass.Changes.Writes.Where(w => w.Kind == PolicyWriteKind.Create).Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        pending.ExceptWith(pass.Outcome.Applied.Select(w => w.Key));
        _lastSeen[pass.Name] = LastSeenPolicies.Of(pass.Plan, pending);
    }

    /// <summary>What other policies in the tenant's namespaces open beyond its declared reach; none for a kept spec.</summary>
    private void FindBreaches(TenantPass pass) =>
        pass.Breaches = pass.Action == PolicyAction.Keep
            ? []
            : breaches.Find(new BreachQuery(pass.Plan, pass.Snapshot.Plan, pass.Snapshot.Namespaces, PoliciesIn(pass.Plan)));

    /// <summary>Computes the status and writes it when it changed; a conflict ends the pass.</summary>
    private async Task<ReconcileResult?> UpdateStatusAsync(TenantPass pass, CancellationToken cancellationToken)
    {
        pass.Status = TenantStatusCalculator.Compute(new StatusInput(pass.Plan, pass.Changes, pass.Outcome, pass.Breaches, pass.Tenant.Status,
            time.GetUtcNow().UtcDateTime, rewrites.Loops(pass.Name)) { Guardrails = guardrails() });
        pass.StatusWritten = !TenantStatusCalculator.SameAs(pass.Tenant.Status, pass.Status);
        return pass.StatusWritten ? await WriteStatusAsync(pass.Tenant, pass.Status, cancellationToken) : null;
    }

    private void ReportMetrics(TenantPass pass)
    {
        logger.LogDebug("Reconciled {Tenant}: {Writes} write(s), {Failures} failure(s), {Breaches} breach(es), status {Status}",
            pass.Name, pass.Outcome.Applied.Count, pass.Outcome.Failures.Count, pass.Breaches.Count, pass.StatusWritten ? "written" : "unchanged");
        metrics.Tenant(pass.Name, caches.ManagedPoliciesOf(pass.Name).Count,
            ConditionStatus(pass.Status, ConditionTypes.Ready), ConditionStatus(pass.Status, ConditionTypes.Isolated));
    }

    /// <summary>Fails with the errors the steps collected (retried with backoff), or says when to look again.</summary>
    private ReconcileResult Finish(TenantPass pass)
    {
        if (pass.Errors.Count > 0)
        {
            return ReconcileResult.Failed(string.Join("; ", pass.Errors));
        }

        return RequeueRule.NextLook(rewrites.NextLook(pass.Name), pass.Changes.HeldByOtherTenants.Count > 0, HandoverRetry) is { } after
            ? ReconcileResult.Requeue(after)
            : ReconcileResult.Success;
    }

    /// <summary>
    /// While a cache cannot be trusted, planning from it could undo what the cluster holds: no policy is written, Ready
    /// says Unknown and which cache, and so does an event. The caches' recovery enqueues every tenant again.
    /// </summary>
    private async Task<ReconcileResult> ReportBlindAsync(TenantIsolation tenant, IReadOnlyList<CacheProblem> blind, CancellationToken cancellationToken)
    {
        var status = TenantStatusCalculator.Blind(tenant.Status, tenant.Metadata.Generation, string.Join("; ", blind), time.GetUtcNow().UtcDateTime);
        if (!TenantStatusCalculator.SameAs(tenant.Status, status) && await WriteStatusAsync(tenant, status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await RecordEventsAsync(tenant, tenant.Status, status, WriteOutcome.None, cancellationToken);
        metrics.Tenant(tenant.Metadata.Name, caches.ManagedPoliciesOf(tenant.Metadata.Name).Count, "Unknown", ConditionStatus(status, ConditionTypes.Isolated));
        return ReconcileResult.Success;
    }

    /// <summary>Writes the status; a conflict (the tenant changed since the cache saw it) ends the pass: its next event brings it back.</summary>
    private async Task<ReconcileResult?> WriteStatusAsync(TenantIsolation tenant, TenantIsolationStatus status, CancellationToken cancellationToken)
    {
        // The cached object is shared with the informer: write a copy.
        var copy = ModelCopy.Of(tenant);
        copy.Status = status;
        try
        {
            await writer.ReplaceClusterCustomResourceStatusAsync(copy, cancellationToken);
        }
        catch (ApiConflictException)
        {
            return ReconcileResult.Failed("status conflict: the tenant changed; re-planning");
        }

        _expectations.ExpectStatus(tenant.Metadata.Name, tenant.Metadata.ResourceVersion);
        return null;
    }

    private async Task RecordEventsAsync(TenantIsolation tenant, TenantIsolationStatus? previous, TenantIsolationStatus next, WriteOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var planned in ReconcileEventPlanner.Plan(previous, next, outcome))
        {
            var severity = planned.Type == PlannedEvent.Warning ? EventSeverity.Warning : EventSeverity.Normal;
            await events.RecordAsync(tenant, severity, planned.Reason, planned.Message, cancellationToken);
        }
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

    /// <summary>One reconcile of one tenant: what the guards found, and what each step adds for the steps after it.</summary>
    private sealed class TenantPass(TenantIsolation tenant, TenantPlan plan, PlanningSnapshot snapshot, PolicyAction action)
    {
        public TenantIsolation Tenant { get; } = tenant;

        public TenantPlan Plan { get; } = plan;

        public PlanningSnapshot Snapshot { get; } = snapshot;

        public PolicyAction Action { get; } = action;

        public string Name => Plan.Name;

        public PolicyChangeSet Changes { get; set; } = new([], []);

        public WriteOutcome Outcome { get; set; } = WriteOutcome.None;

        public IReadOnlyList<IsolationBreach> Breaches { get; set; } = [];

        public TenantIsolationStatus Status { get; set; } = new();

        public bool StatusWritten { get; set; }

        /// <summary>What failed in a step that lets the later steps run; the pass fails with them at the end.</summary>
        public List<string> Errors { get; } = [];
    }
}
