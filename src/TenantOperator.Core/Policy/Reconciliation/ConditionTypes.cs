namespace TenantOperator.Policy.Reconciliation;

/// <summary>The condition types the operator writes on a TenantIsolation's status.</summary>
public static class ConditionTypes
{
    /// <summary>The Ready condition type: the policies match the spec.</summary>
    public const string Ready = "Ready";

    /// <summary>The Isolated condition type: no other policy opens the tenant boundary.</summary>
    public const string Isolated = "Isolated";

    /// <summary>The kstatus Reconciling condition type: present (True) while the operator is still working towards Ready.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>The kstatus Stalled condition type: present (True) when only a change of spec (or of what it collides with) can help.</summary>
    public const string Stalled = "Stalled";

    /// <summary>
    /// The GuardrailsInstalled condition type: whether the shipped guardrails (config/guardrails) are in the cluster, so
    /// that tampering is refused at admission rather than only detected and repaired.
    /// </summary>
    public const string GuardrailsInstalled = "GuardrailsInstalled";
}
