namespace TenantOperator.Policy.Reconciliation;

/// <summary>A Kubernetes Event to record about a tenant: type Normal or Warning, a CamelCase reason, a message.</summary>
public sealed record PlannedEvent(string Type, string Reason, string Message)
{
    /// <summary>Something expected happened.</summary>
    public const string Normal = "Normal";

    /// <summary>Something needs attention.</summary>
    public const string Warning = "Warning";
}
