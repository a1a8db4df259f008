using k8s.Models;

namespace TenantOperator.Benchmarks.Evaluation;

/// <summary>The input of a benchmark: namespaces, pods and policies.</summary>
public sealed record SyntheticCluster(IReadOnlyList<V1Namespace> Namespaces, IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1NetworkPolicy> Policies);
