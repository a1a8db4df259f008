using System.Text.Json.Nodes;
using k8s;
using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Computes a tenant's status from its plan, the writes made and the breaches found. Pure, so readiness is tested
/// on its own. A condition's lastTransitionTime changes only when its status flips, so a status that describes the
/// same state is byte-for-byte the same and need not be written.
/// </summary>
public static class TenantStatusCalculator
{
    /// <summary>At most this many breaches and pending changes are listed; the counts tell the rest.</summary>
    public const int ListLimit = 20;

    /// <summary>The new status.</summary>
    public static TenantIsolationStatus Compute(StatusInput input)
    {
        // Kubernetes stores times to the second; computing them so keeps a re-read status equal to the computed one.
        input = input with { Now = new DateTime(input.Now.Ticks - (input.Now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc) };
        var plan = input.Plan;
        var generation = plan.Tenant.Metadata.Generation;
        var dryRun = plan.Mode == IsolationMode.DryRun;
        var ready = Ready(input, dryRun);
        var isolated = Isolated(input);
        List<TenantCondition> conditions =
        [
            Condition(ConditionTypes.Ready, ready.Status, ready.Reason, ready.Message, generation, input),
            Condition(ConditionTypes.Isolated, isolated.Status, isolated.Reason, isolated.Message, generation, input),
        ];
        if (input.Guardrails is { } report)
        {
            var guardrails = Guardrails(report, plan.Tenant.Spec.PodAdmission == PodAdmissionMode.Gated);
            conditions.Add(Condition(ConditionTypes.GuardrailsInstalled, guardrails.Status, guardrails.Reason, guardrails.Message, generation, input));
        }

        if (ProgressConditions.For(ready.Status, ready.Reason) is { } progress)
        {
            conditions.Add(Condition(progress, "True", ready.Reason, ready.Message, generation, input));
        }

        return new TenantIsolationStatus
        {
            ObservedGeneration = generation,
            Mode = plan.Mode,
            Conditions = conditions,
            Namespaces = plan.Members.ToList(),
            NamespaceCount = plan.Members.Count,
            PolicyCount = plan.IsValid ? plan.Policies.Count : input.Previous?.PolicyCount,
            ExcludedNamespaces = plan.Excluded.Count == 0 ? null : plan.Excluded.ToList(),
            Breaches = input.Breaches.Count == 0 ? null : input.Breaches.Take(ListLimit).ToList(),
            BreachCount = input.Breaches.Count,
            Peerings = plan.Peerings.Count == 0 ? null : plan.Peerings.ToList(),
            Warnings = plan.Warnings.Count == 0 ? null : plan.Warnings.ToList(),
            UnownedPolicies = input.Changes.Unowned.Count == 0 ? null : input.Changes.Unowned.Take(ListLimit).ToList(),
            LastDriftCorrection = input.Outcome.RepairedDrift ? input.Now : input.Previous?.LastDriftCorrection,
            PendingChanges = dryRun && plan.IsValid ? Pending(input.Changes) : null,
        };
    }

    /// <summary>
    /// The status while the operator cannot see the cluster as it is (<paramref name="problem"/> names the caches and
    /// why): Ready is Unknown, reason <see cref="ConditionReasons.CacheUnhealthy"/>, with Reconciling True beside it
    /// (kstatus: work pending) in place of any Stalled or Reconciling; everything else stays as last reported, since
    /// nothing was evaluated. The condition carries <paramref name="generation"/>, the status's
    /// observedGeneration stays the one last reconciled.
    /// </summary>
    public static TenantIsolationStatus Blind(TenantIsolationStatus? previous, long? generation, string problem, DateTime now)
    {
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var status = previous is null ? new TenantIsolationStatus() : ModelCopy.Of(previous);
        var before = previous?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        var ready = new TenantCondition
        {
            Type = ConditionTypes.Ready,
            Status = "Unknown",
            Reason = ConditionReasons.CacheUnhealthy,
            Message = $"the operator cannot see the cluster as it is: {problem}; it changes no policy until it can",
            ObservedGeneration = generation,
            LastTransitionTime = before is not null && before.Status == "Unknown" ? before.LastTransitionTime : now,
        };
        // kstatus: waiting to see is work pending (Reconciling), whatever Stalled or Reconciling the last reconcile left.
        var progress = ProgressConditions.For(ready.Status, ready.Reason)!;
        var progressBefore = previous?.Conditions?.FirstOrDefault(c => c.Type == progress);
        var pending = new TenantCondition
        {
            Type = progress,
            Status = "True",
            Reason = ready.Reason,
            Message = ready.Message,
            ObservedGeneration = generation,
            LastTransitionTime = progressBefore?.Status == "True" ? progressBefore.LastTransitionTime : now,
        };
        status.Conditions =
        [
            ready,
            .. (status.Conditions ?? []).Where(c => c.Type is not (ConditionTypes.Ready or ConditionTypes.Stalled or ConditionTypes.Reconciling)),
            pending,
        ];
        return status;
    }

    /// <summary>True when the two statuses are the same document, so writing <paramref name="next"/> would change nothing.</summary>
    public static bool SameAs(TenantIsolationStatus? previous, TenantIsolationStatus next) =>
        previous is not null && JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(previous)), JsonNode.Parse(KubernetesJson.Serialize(next)));

    private static (string Status, string Reason, string Message) Ready(StatusInput input, bool dryRun)
    {
        var plan = input.Plan;
        if (!plan.IsValid)
        {
            var first = plan.ValidationErrors[0].ToString();
            var more = plan.ValidationErrors.Count > 1 ? $" (and {plan.ValidationErrors.Count - 1} more)" : "";
            return ("False", ConditionReasons.InvalidSpec, $"the spec is invalid, so the policies in place are kept: {first}{more}");
        }

        if (input.Changes.NamesTaken.Count > 0)
        {
            return ("False", ConditionReasons.PolicyNameTaken,
                $"policies this tenant does not own hold planned names: {List(input.Changes.NamesTaken)}");
        }

        if (input.Outcome.Failures.Count > 0)
        {
            return ("False", ConditionReasons.ApplyFailed,
                $"{input.Outcome.Failures.Count} write(s) failed and will be retried: {input.Outcome.Failures[0]}");
        }

        if (input.RewriteLoops is { Count: > 0 } loops)
        {
            return ("False", ConditionReasons.PolicyRewrittenByOthers,
                $"{loops.Count} NetworkPolicy(ies) changed by someone else (a mutating webhook or another controller?) after each of {RewriteLoopGuard.MaxRewrittenWrites} writes of the same plan; writing them again only with backoff: {List(loops.Select(l => l.ToString()).ToList())}");
        }

        var conflicts = plan.Conflicts.ToList();
        if (conflicts.Count > 0)
        {
            return ("False", ConditionReasons.NamespaceConflict,
                $"namespaces selected by this tenant belong to older tenants: {List(conflicts.Select(c => $"{c.Name} ({c.Reason})").ToList())}");
        }

        if (plan.Members.Count == 0)
        {
            return ("False", ConditionReasons.NoNamespaces, "no namespace matches namespaceSelector or spec.namespaces");
        }

        if (dryRun)
        {
            var changes = input.Changes;
            return ("True", ConditionReasons.DryRun, changes.IsEmpty
                ? $"dry run: the {plan.Policies.Count} planned policies are all in place"
                : $"dry run: Enforce would create {changes.Count(PolicyWriteKind.Create)}, update {changes.Count(PolicyWriteKind.Update)} and delete {changes.Count(PolicyWriteKind.Delete)} policies (see status.pendingChanges)");
        }

        return ("True", ConditionReasons.Reconciled, $"{plan.Policies.Count} policies in {plan.Members.Count} namespaces match the spec");
    }

    private static (string Status, string Reason, string Message) Isolated(StatusInput input)
    {
        if (!input.Plan.IsValid)
        {
            return ("Unknown", ConditionReasons.NotEvaluated, "the spec is invalid, so what it declares is unknown");
        }

        return input.Breaches.Count == 0
            ? ("True", ConditionReasons.NoBreaches, "no other NetworkPolicy in the member namespaces opens traffic across the tenant boundary")
            : ("False", ConditionReasons.Breached,
                $"{input.Breaches.Count} NetworkPolicy rule(s) open traffic across the tenant boundary: {List(input.Breaches.Select(b => $"{b.Namespace}/{b.Policy} ({b.Direction})").Distinct().ToList())}");
    }

    private static (string Status, string Reason, string Message) Guardrails(GuardrailReport report, bool gated)
    {
        if (report.Unreadable is { } why)
        {
            return ("Unknown", ConditionReasons.GuardrailsUnreadable,
                $"cannot read the ValidatingAdmissionPolicies and their bindings ({why}): whether tampering is refused or only repaired is unknown");
        }

        if (report.Missing.Count == 0)
        {
            return ("True", ConditionReasons.Installed,
                $"the {report.Expected} shipped guardrail objects (ValidatingAdmissionPolicies and bindings) are in place: tampering, squatting and label spoofing are refused at admission");
        }

        var gate = gated && report.PodGateMissing ? "; spec.podAdmission: Gated has no effect without tenant-operator-gate-pods" : string.Empty;
        return ("False", ConditionReasons.GuardrailsMissing,
            $"missing: {string.Join(", ", report.Missing)}; what they guard against is only detected and repaired afterwards, not refused{gate}");
    }

    private static TenantCondition Condition(string type, string status, string reason, string message, long? generation, StatusInput input)
    {
        var previous = input.Previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new TenantCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = previous is not null && previous.Status == status ? previous.LastTransitionTime : input.Now,
        };
    }

    private static PendingChanges Pending(PolicyChangeSet changes) => new()
    {
        Create = changes.Count(PolicyWriteKind.Create),
        Update = changes.Count(PolicyWriteKind.Update),
        Delete = changes.Count(PolicyWriteKind.Delete),
        Items = changes.Writes.Count == 0 ? null : changes.Writes.Take(ListLimit).Select(w => w.ToString()).ToList(),
    };

    private static string List(IReadOnlyList<string> items) => ShortList.Of(items, 5);
}
