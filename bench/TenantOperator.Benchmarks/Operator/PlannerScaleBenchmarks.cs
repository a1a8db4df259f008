using BenchmarkDotNet.Attributes;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The planner at the operator scenario's size (<see cref="TenantFleet"/>: 1,000 tenants × 10 namespaces): a cluster
/// plan (membership of every tenant, what the operator recomputes when a namespace changes) and every tenant's
/// policies (what a cold start or a restart builds once). Run:
/// <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*PlannerScale*'</c>.
/// </summary>
[MemoryDiagnoser]
public class PlannerScaleBenchmarks
{
    private PlannerInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fleet = new TenantFleet(1_000, 10);
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var tenants = fleet.TenantIsolations().Select((t, i) =>
        {
            t.Metadata.Uid = $"00000000-0000-0000-0000-{i:D12}";
            t.Metadata.CreationTimestamp = created.AddSeconds(i);
            t.Metadata.Generation = 1;
            return t;
        }).ToList();
        var namespaces = fleet.Namespaces().Select(ns =>
        {
            ns.Metadata.Labels[WellKnown.NamespaceNameLabel] = ns.Metadata.Name;
            ns.Metadata.CreationTimestamp = created;
            return NamespaceInfo.From(ns);
        }).ToList();
        // Planned as the operator plans: parts shared across a tenant's namespaces.
        _input = new PlannerInput(tenants, namespaces, PlannerOptions.WithProtected(["tenant-operator-system"]) with { ShareUnchangingParts = true });
    }

    [Benchmark(Description = "cluster plan, membership only (1,000 tenants, 10,003 namespaces)")]
    public ClusterPlan Membership() => ClusterPlanner.Plan(_input);

    [Benchmark(Description = "cluster plan and every tenant's policies (55,714)")]
    public int EveryTenantsPolicies() => ClusterPlanner.Plan(_input).Tenants.Sum(t => t.Policies.Count);
}
