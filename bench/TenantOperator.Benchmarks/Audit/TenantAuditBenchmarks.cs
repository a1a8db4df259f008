using BenchmarkDotNet.Attributes;
using TenantOperator.Policy.Audit;

namespace TenantOperator.Benchmarks.Audit;

/// <summary>
/// The full audit (issue 3 §5: "the full tenant matrix for 100 tenants", goal under 1 s): plan the tenants, compile the
/// actual and the declared cluster, compute the pod matrix for every probed port, build the tenant matrix and find and
/// attribute the breaches — what <c>tenant-operator audit</c> does after reading its input. 100 tenants with 3
/// namespaces of 10 pods each (3,005 pods), and the same with 10 namespaces each (10,005 pods), from
/// <see cref="MultiTenantClusterGenerator"/>; <c>Plan</c> is <c>audit --plan</c> (the planner's policies replace the
/// operator's), <c>AsGiven</c> audits the policies in the input.
/// </summary>
[MemoryDiagnoser]
public class TenantAuditBenchmarks
{
    private AuditInput _input = null!;

    [Params(3, 10)]
    public int NamespacesPerTenant { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = MultiTenantClusterGenerator.Generate(tenants: 100, namespacesPerTenant: NamespacesPerTenant);
        var report = TenantAuditor.Audit(_input);
        Console.WriteLine($"// {report.Counts.Pods} pods, {report.Counts.NetworkPolicies} policies, {report.Tenants.Count} tenants, "
            + $"{report.Probes.Ports.Count} ports, {report.Matrix.Count} matrix cells, {report.Breaches.Count} breaches");
    }

    [Benchmark(Description = "100-tenant audit: policies as given")]
    public int AsGiven() => TenantAuditor.Audit(_input).Breaches.Count;

    [Benchmark(Description = "100-tenant audit: --plan")]
    public int Plan() => TenantAuditor.Audit(_input with { PlanPolicies = true }).Breaches.Count;
}
