namespace TenantOperator.Policy.Reconciliation;

/// <summary>What happened when the reconciler applied a change set.</summary>
/// <param name="Applied">The writes that succeeded.</param>
/// <param name="Failures">One message per failed write, e.g. "create ns/name: 500 InternalError: ...".</param>
public sealed record WriteOutcome(IReadOnlyList<PolicyWrite> Applied, IReadOnlyList<string> Failures)
{
    /// <summary>Nothing was written.</summary>
    public static WriteOutcome None { get; } = new([], []);

    /// <summary>True when a write repaired drift.</summary>
    public bool RepairedDrift => Applied.Any(w => w.IsDriftRepair);
}
