using TenantOperator.Policy.Planning;

namespace TenantOperator.Controller;

/// <summary>
/// The cluster plan for the caches' current state, recomputed only when the state the planner reads has moved, so
/// that a thousand reconciles after a cold start share one membership resolution.
/// </summary>
public sealed class ClusterPlanCache(ClusterCaches caches, PlannerOptions options)
{
    private readonly Lock _lock = new();
    private ClusterPlan? _plan;
    private long _version = -1;

    /// <summary>The plan for the current state.</summary>
    public ClusterPlan Current()
    {
        lock (_lock)
        {
            // Read the version before the snapshot: a change during the snapshot moves it, and the next call re-plans.
            var version = caches.PlanningVersion;
            if (_plan is null || version != _version)
            {
                var (tenants, namespaces) = caches.PlanningInput();
                _plan = ClusterPlanner.Plan(new PlannerInput(tenants, namespaces, options));
                _version = version;
            }

            return _plan;
        }
    }
}
