using System.Net;

namespace TenantOperator.Policy.Evaluation;

/// <summary>A pod as the evaluator sees it; <see cref="Index"/> is its position in <see cref="NetworkPolicyEvaluator.Pods"/>.</summary>
public sealed record PodInfo
{
    /// <summary>Position in the evaluator's pod list (pods are ordered by namespace, then name).</summary>
    public required int Index { get; init; }

    /// <summary>The pod's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The pod's name.</summary>
    public required string Name { get; init; }

    /// <summary>The pod's labels.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Its IPs from <c>status.podIPs</c> and <c>status.podIP</c>; empty when it has none yet.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>The ports of <c>spec.containers</c>, in declaration order.</summary>
    public required IReadOnlyList<ContainerPortInfo> ContainerPorts { get; init; }

    /// <summary>True for <c>spec.hostNetwork: true</c>: NetworkPolicy does not govern the pod (see docs/evaluator.md).</summary>
    public required bool HostNetwork { get; init; }

    /// <summary><c>spec.nodeName</c>, when scheduled.</summary>
    public string? NodeName { get; init; }

    /// <summary>The <c>namespace/name</c> form.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
