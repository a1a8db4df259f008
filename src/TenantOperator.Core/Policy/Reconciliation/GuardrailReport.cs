namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Which of the shipped guardrails (config/guardrails: ValidatingAdmissionPolicies and their bindings) the cluster
/// holds, by name: <paramref name="Expected"/> is how many objects ship, <paramref name="Missing"/> names those absent
/// as <c>Kind name</c>. <paramref name="Unreadable"/> says why the operator cannot tell (its caches of them have not
/// listed, or cannot list); <paramref name="Missing"/> is then empty.
/// </summary>
public sealed record GuardrailReport(int Expected, IReadOnlyList<string> Missing, string? Unreadable = null)
{
    /// <summary>The pod gate's policy and binding name (config/guardrails/gate-pods.yaml).</summary>
    public const string PodGate = "tenant-operator-gate-pods";

    /// <summary>True when the pod gate's policy or binding is missing.</summary>
    public bool PodGateMissing => Missing.Any(m => m.EndsWith(" " + PodGate, StringComparison.Ordinal));
}
