namespace TenantOperator.Api;

/// <summary>The values of <c>spec.mode</c>.</summary>
public static class IsolationMode
{
    /// <summary>Keep the planned NetworkPolicies in place (the default).</summary>
    public const string Enforce = "Enforce";

    /// <summary>Plan and report what would change; write no NetworkPolicy.</summary>
    public const string DryRun = "DryRun";

    /// <summary>Every allowed value, in the order the schema lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Enforce, DryRun];
}
