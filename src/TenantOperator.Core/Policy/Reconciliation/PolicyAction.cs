namespace TenantOperator.Policy.Reconciliation;

/// <summary>What a reconcile does with a tenant's policies; <see cref="PolicyActions.For"/> decides it from the plan.</summary>
public enum PolicyAction
{
    /// <summary>The spec is invalid: nothing is compared, written or analysed; the policies in place stay.</summary>
    Keep,

    /// <summary>DryRun: the differences are computed and reported, nothing is written.</summary>
    Report,

    /// <summary>Enforce: the differences are written.</summary>
    Enforce,
}
