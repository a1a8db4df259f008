using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Cli.Audit;

/// <summary>What <see cref="LiveClusterReader"/> read.</summary>
internal sealed record LiveCluster(
    List<V1Namespace> Namespaces, List<V1Pod> Pods, List<V1NetworkPolicy> Policies, List<TenantIsolation> Tenants, List<string> Notes);
