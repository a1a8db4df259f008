namespace TenantOperator.Policy.Reconciliation;

/// <summary>What a planned write does.</summary>
public enum PolicyWriteKind
{
    /// <summary>Create a policy that is missing.</summary>
    Create,

    /// <summary>Replace a policy that differs from the plan.</summary>
    Update,

    /// <summary>Delete a managed policy the plan no longer holds.</summary>
    Delete,
}
