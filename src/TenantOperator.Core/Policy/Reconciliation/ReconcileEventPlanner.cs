using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Decides which Events a reconcile records: what it wrote (PoliciesApplied, DriftRepaired, ApplyFailed), and the
/// problems its status reports when they first appear or change (InvalidSpec, NamespaceConflict, PolicyNameTaken,
/// NoNamespaces, PolicyRewrittenByOthers, CacheUnhealthy, IsolationBreached, DryRun), and policies with our labels it
/// found it does not own (UnownedPolicies). A reconcile that changes nothing records nothing.
/// </summary>
public static class ReconcileEventPlanner
{
    private const int Listed = 5;

    private static readonly HashSet<string> WarningReasons =
    [
        ConditionReasons.InvalidSpec, ConditionReasons.NamespaceConflict, ConditionReasons.PolicyNameTaken, ConditionReasons.NoNamespaces,
        ConditionReasons.CacheUnhealthy, ConditionReasons.PolicyRewrittenByOthers,
    ];

    /// <summary>The events for one reconcile.</summary>
    public static IReadOnlyList<PlannedEvent> Plan(TenantIsolationStatus? previous, TenantIsolationStatus next, WriteOutcome outcome)
    {
        var events = new List<PlannedEvent>();
        var planned = outcome.Applied.Where(w => !w.IsDriftRepair).ToList();
        if (planned.Count > 0)
        {
            events.Add(new PlannedEvent(PlannedEvent.Normal, "PoliciesApplied", Summary(planned)));
        }

        var repaired = outcome.Applied.Where(w => w.IsDriftRepair).ToList();
        if (repaired.Count > 0)
        {
            events.Add(new PlannedEvent(PlannedEvent.Warning, "DriftRepaired",
                $"restored {repaired.Count} NetworkPolicy(ies) changed or deleted outside the operator: {List(repaired.Select(w => w.Key))}"));
        }

        if (outcome.Failures.Count > 0)
        {
            events.Add(new PlannedEvent(PlannedEvent.Warning, ConditionReasons.ApplyFailed,
                $"{outcome.Failures.Count} write(s) failed and will be retried: {List(outcome.Failures)}"));
        }

        var ready = Condition(next, ConditionTypes.Ready);
        var wasReady = Condition(previous, ConditionTypes.Ready);
        if (ready is not null && Changed(wasReady, ready))
        {
            if (WarningReasons.Contains(ready.Reason))
            {
                events.Add(new PlannedEvent(PlannedEvent.Warning, ready.Reason, ready.Message));
            }
            else if (ready.Reason == ConditionReasons.DryRun)
            {
                events.Add(new PlannedEvent(PlannedEvent.Normal, ConditionReasons.DryRun, ready.Message));
            }
        }

        var unowned = (next.UnownedPolicies ?? []).Except(previous?.UnownedPolicies ?? [], StringComparer.Ordinal).ToList();
        if (unowned.Count > 0)
        {
            events.Add(new PlannedEvent(PlannedEvent.Warning, ConditionReasons.UnownedPolicies,
                $"left alone {unowned.Count} NetworkPolicy(ies) that carry the operator's labels but no controller ownerReference to this tenant: {List(unowned)}"));
        }

        var isolated = Condition(next, ConditionTypes.Isolated);
        if (isolated is { Status: "False" } && Changed(Condition(previous, ConditionTypes.Isolated), isolated))
        {
            events.Add(new PlannedEvent(PlannedEvent.Warning, ConditionReasons.Breached, isolated.Message));
        }

        return events;
    }

    private static string Summary(List<PolicyWrite> writes)
    {
        var created = writes.Count(w => w.Kind == PolicyWriteKind.Create);
        var updated = writes.Count(w => w.Kind == PolicyWriteKind.Update);
        var deleted = writes.Count(w => w.Kind == PolicyWriteKind.Delete);
        return $"created {created}, updated {updated}, deleted {deleted} NetworkPolicies: {List(writes.Select(w => w.ToString()))}";
    }

    private static TenantCondition? Condition(TenantIsolationStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static bool Changed(TenantCondition? before, TenantCondition after) =>
        before is null || before.Status != after.Status || before.Reason != after.Reason || before.Message != after.Message;

    private static string List(IEnumerable<string> items) => ShortList.Of([.. items], Listed);
}
