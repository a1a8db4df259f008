namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// kstatus' two "abnormal-true" conditions, derived from the Ready reason, so that Flux, kpt and any kstatus reader
/// tell progress from failure without a custom check (see sigs.k8s.io/cli-utils, pkg/kstatus/status/generic.go:
/// a Reconciling condition that is True means InProgress, a Stalled one that is True means Failed, and with neither
/// a Ready condition that is True means Current). Each is present only while it is True and absent otherwise, as
/// kstatus reads a missing condition as False.
/// </summary>
public static class ProgressConditions
{
    /// <summary>The Ready reasons that no retry can fix: the spec (or what it collides with) has to change.</summary>
    private static readonly HashSet<string> StalledReasons =
    [
        ConditionReasons.InvalidSpec, ConditionReasons.PolicyNameTaken, ConditionReasons.NamespaceConflict,
    ];

    /// <summary>
    /// The condition type to add beside Ready (<see cref="ConditionTypes.Stalled"/> or
    /// <see cref="ConditionTypes.Reconciling"/>), or null when the tenant is Ready and neither belongs in its status.
    /// </summary>
    public static string? For(string readyStatus, string readyReason)
    {
        if (readyStatus == "True")
        {
            return null;
        }

        if (StalledReasons.Contains(readyReason))
        {
            return ConditionTypes.Stalled;
        }

        // Every other reason that is not Ready (ApplyFailed, NoNamespaces) is work pending: writes retried with backoff, or
        // a tenant waiting for its first namespace. kstatus reads a bare Ready False as InProgress too, so the two agree.
        return ConditionTypes.Reconciling;
    }
}
