namespace TenantOperator.Api;

/// <summary>The values of <c>spec.podAdmission</c>.</summary>
public static class PodAdmissionMode
{
    /// <summary>Pods are admitted in a member namespace whether or not its policies are in place yet (the default).</summary>
    public const string Open = "Open";

    /// <summary>
    /// Pods are refused in a member namespace until the operator has put the tenant's policies in place there and marked
    /// it isolated (the shipped guardrail tenant-operator-gate-pods, config/guardrails/gate-pods.yaml).
    /// </summary>
    public const string Gated = "Gated";

    /// <summary>Every allowed value, in the order the schema lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Open, Gated];
}
