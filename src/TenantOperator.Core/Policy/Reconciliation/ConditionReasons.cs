namespace TenantOperator.Policy.Reconciliation;

/// <summary>The reasons the operator writes on its conditions (the types are in <see cref="ConditionTypes"/>).</summary>
public static class ConditionReasons
{
    /// <summary>GuardrailsInstalled True: every shipped policy and binding is in place.</summary>
    public const string Installed = "Installed";

    /// <summary>GuardrailsInstalled False: some shipped policies or bindings are absent; the message names them.</summary>
    public const string GuardrailsMissing = "GuardrailsMissing";

    /// <summary>GuardrailsInstalled Unknown: the operator cannot read the ValidatingAdmissionPolicies or their bindings.</summary>
    public const string GuardrailsUnreadable = "GuardrailsUnreadable";

    /// <summary>Ready: every planned policy is in place.</summary>
    public const string Reconciled = "Reconciled";

    /// <summary>Ready: DryRun mode; the changes Enforce would make are in status.pendingChanges.</summary>
    public const string DryRun = "DryRun";

    /// <summary>Ready False: the spec is invalid; the policies in place are kept.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>Ready False: an older tenant owns some selected namespaces.</summary>
    public const string NamespaceConflict = "NamespaceConflict";

    /// <summary>Ready False: a planned name is held by a policy the tenant does not own (no managed-by label, or no controller ownerReference to it).</summary>
    public const string PolicyNameTaken = "PolicyNameTaken";

    /// <summary>Ready False: some writes failed; they are retried with backoff.</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>
    /// Ready Unknown: a cache the operator reads is unhealthy (it missed an event, or cannot list or watch), so the
    /// operator cannot tell whether the policies match; it changes none until the cache recovers.
    /// </summary>
    public const string CacheUnhealthy = "CacheUnhealthy";

    /// <summary>Ready False: someone changes some generated policies after every write; the operator backs off (RewriteLoopGuard).</summary>
    public const string PolicyRewrittenByOthers = "PolicyRewrittenByOthers";

    /// <summary>Ready False: the tenant has no member namespace.</summary>
    public const string NoNamespaces = "NoNamespaces";

    /// <summary>Event: policies with the operator's labels that the tenant does not own were found and left alone.</summary>
    public const string UnownedPolicies = "UnownedPolicies";

    /// <summary>Isolated True: nothing opens the boundary.</summary>
    public const string NoBreaches = "NoBreaches";

    /// <summary>Isolated False: some policies open the boundary.</summary>
    public const string Breached = "IsolationBreached";

    /// <summary>Isolated Unknown: the spec is invalid, so what it declares is unknown.</summary>
    public const string NotEvaluated = "NotEvaluated";
}
