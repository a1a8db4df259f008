using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>The result of an audit; <c>tenant-operator audit</c> prints it as text or as the JSON of docs/audit.md.</summary>
public sealed record AuditReport
{
    /// <summary>How many objects were audited.</summary>
    public required AuditCounts Counts { get; init; }

    /// <summary>True when the planner's policies replaced the operator's in the input (<c>--plan</c>).</summary>
    public required bool Planned { get; init; }

    /// <summary>The ports probed for at least one destination.</summary>
    public required ProbePorts Probes { get; init; }

    /// <summary>The tenants, sorted by name.</summary>
    public required IReadOnlyList<TenantSummary> Tenants { get; init; }

    /// <summary>The tenant-to-tenant matrix.</summary>
    public required IReadOnlyList<TenantReach> Matrix { get; init; }

    /// <summary>Every probed pod-to-pod connection, when asked for (<see cref="AuditOptions.IncludePodConnections"/>); else empty.</summary>
    public required IReadOnlyList<PodConnection> Connections { get; init; }

    /// <summary>The breaches, by source, destination and port.</summary>
    public required IReadOnlyList<ConnectionBreach> Breaches { get; init; }

    /// <summary>Things the reader should know about the input.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The pods audited, in order, for the pod matrix.</summary>
    public required IReadOnlyList<PodInfo> Pods { get; init; }
}

/// <summary>How many objects an audit read and used.</summary>
/// <param name="Namespaces">Namespaces, the assumed ones included.</param>
/// <param name="Pods">Pods audited.</param>
/// <param name="SkippedPods">Finished pods left out.</param>
/// <param name="NetworkPolicies">NetworkPolicies in the audited cluster.</param>
/// <param name="TenantIsolations">Valid TenantIsolations planned.</param>
public sealed record AuditCounts(int Namespaces, int Pods, int SkippedPods, int NetworkPolicies, int TenantIsolations);
