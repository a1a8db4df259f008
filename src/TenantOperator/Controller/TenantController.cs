using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Controllers;

namespace TenantOperator.Controller;

/// <summary>
/// The TenantIsolation controller's declaration: keyed by tenant name, it watches TenantIsolations, Namespaces and
/// NetworkPolicies, each change mapped to tenants by <see cref="TenantEventMapper"/> (the rules are
/// <see cref="TenantEventRules"/>); a full pass covers every tenant; <see cref="TenantReconciler"/> reconciles.
/// See docs/design.md, "Controllers: one registration point".
/// </summary>
public static class TenantController
{
    /// <summary>The controller's name: its queue's and its reconcile metrics' <c>controller</c> label.</summary>
    public const string Name = "tenantisolation";

    /// <summary>Registers the controller with <paramref name="controllers"/>.</summary>
    public static Controller<string> Register(ControllerManager controllers, ClusterCaches caches, TenantReconciler reconciler, int workers)
    {
        var mapper = new TenantEventMapper(caches);
        return controllers.For<string>(Name)
            .Watches(caches.Tenants, mapper.OnTenant, TenantEventRules.PlanningInputChanged)
            .Watches(caches.Namespaces, mapper.OnNamespace, TenantEventRules.PlanningInputChanged)
            .Watches(caches.Policies, mapper.OnPolicy)
            // Tenants deleted while no operator ran still mark namespaces: their pass removes the marks.
            .ResyncsAll(() => caches.Tenants.Cache.List().Select(t => t.Metadata.Name).Concat(caches.MarkedTenants()).Distinct(StringComparer.Ordinal))
            .WithWorkers(workers)
            .Complete(reconciler.ReconcileAsync);
    }
}
