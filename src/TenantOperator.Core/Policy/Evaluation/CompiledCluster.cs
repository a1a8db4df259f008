namespace TenantOperator.Policy.Evaluation;

/// <summary>The immutable compiled model every query reads: namespaces, pods and policies in sorted order.</summary>
internal sealed class CompiledCluster(
    EvaluatedNamespace[] namespaces,
    CompiledPod[] pods,
    CompiledPolicy[] policies,
    Dictionary<string, int> podIndexes,
    Dictionary<IpAddressValue, int[]> addressOwners)
{
    public IReadOnlyList<EvaluatedNamespace> Namespaces { get; } = namespaces;

    public CompiledPod[] Pods { get; } = pods;

    public IReadOnlyList<CompiledPolicy> Policies { get; } = policies;

    /// <summary>Pod index by <c>namespace/name</c>.</summary>
    public IReadOnlyDictionary<string, int> PodIndexes { get; } = podIndexes;

    /// <summary>The pod-network pods that hold each address (several only for stale or inconsistent input).</summary>
    public IReadOnlyDictionary<IpAddressValue, int[]> AddressOwners { get; } = addressOwners;
}
