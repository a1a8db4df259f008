using TenantOperator.Policy.Planning;

namespace TenantOperator.Controller;

/// <summary>
/// The cluster plan for the caches' current state, recomputed only when the state the planner reads has moved, so
/// that a thousand reconciles after a cold start share one membership resolution, and the operator's marking of
/// namespaces (<see cref="ClusterCaches.NamespacesVersion"/>) re-plans nothing.
/// </summary>
public sealed class ClusterPlanCache(ClusterCaches caches, PlannerOptions options)
{
    private readonly Lock _lock = new();
    private PlanningSnapshot? _snapshot;
    private long _version = -1;
    private long _namespacesVersion = -1;

    /// <summary>The plan, and the namespaces it was made from, for the current state.</summary>
    public PlanningSnapshot Current()
    {
        lock (_lock)
        {
            // Read the versions before the snapshot: a change during the snapshot moves them, and the next call re-plans.
            var version = caches.PlanningVersion;
            var namespacesVersion = caches.NamespacesVersion;
            if (_snapshot is null || version != _version)
            {
                var (tenants, namespaces) = caches.PlanningInput();
                _snapshot = new PlanningSnapshot(ClusterPlanner.Plan(new PlannerInput(tenants, namespaces, options)), namespaces);
            }
            else if (namespacesVersion != _namespacesVersion)
            {
                // Only the operator's marks moved: the same plan, beside the namespaces as they are now.
                _snapshot = _snapshot with { Namespaces = caches.PlanningInput().Namespaces };
            }

            _version = version;
            _namespacesVersion = namespacesVersion;
            return _snapshot;
        }
    }
}

/// <summary>A cluster plan and the namespaces it was computed from.</summary>
public sealed record PlanningSnapshot(ClusterPlan Plan, IReadOnlyList<NamespaceInfo> Namespaces);
