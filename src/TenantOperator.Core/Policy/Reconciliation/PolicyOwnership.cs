using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>Whose a NetworkPolicy is, as seen by the reconcile of one tenant.</summary>
public enum PolicyOwner
{
    /// <summary>The tenant's own: our managed-by label and a controller ownerReference to the tenant, by uid. The only kind it may change or delete.</summary>
    ThisTenant,

    /// <summary>Our managed-by label and a controller ownerReference to another TenantIsolation: that tenant's (or, if it is gone, the garbage collector's).</summary>
    OtherTenant,

    /// <summary>Our managed-by label but no controller ownerReference to any TenantIsolation: copied labels, or an owner stripped by hand. Reported, never changed.</summary>
    Unowned,

    /// <summary>Without our managed-by label: someone else's, never changed.</summary>
    NotManaged,
}

/// <summary>
/// Decides whether a reconcile may change or delete a NetworkPolicy. A label is a claim anyone can make; ownership is
/// the controller ownerReference, whose uid no copy of the labels can forge for an existing tenant. So a policy is a
/// tenant's to update or delete only when it carries our managed-by label and a controller ownerReference to that
/// TenantIsolation with its uid. Pure.
/// </summary>
public static class PolicyOwnership
{
    /// <summary>Whose <paramref name="policy"/> is, for the tenant whose uid is <paramref name="tenantUid"/>.</summary>
    /// <remarks>A tenant without a uid (offline, never stored) owns nothing.</remarks>
    public static PolicyOwner Of(V1NetworkPolicy policy, string? tenantUid)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!PolicyComparer.IsManaged(policy))
        {
            return PolicyOwner.NotManaged;
        }

        var controller = policy.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == TenantIsolation.KindName && IsOurGroup(o.ApiVersion));
        if (controller is null || string.IsNullOrEmpty(controller.Uid))
        {
            return PolicyOwner.Unowned;
        }

        return !string.IsNullOrEmpty(tenantUid) && controller.Uid == tenantUid ? PolicyOwner.ThisTenant : PolicyOwner.OtherTenant;
    }

    /// <summary>True when the tenant whose uid is <paramref name="tenantUid"/> may update or delete <paramref name="policy"/>.</summary>
    public static bool MayChange(V1NetworkPolicy policy, string? tenantUid) => Of(policy, tenantUid) == PolicyOwner.ThisTenant;

    /// <summary>The name of the TenantIsolation that controls <paramref name="policy"/>, or null.</summary>
    public static string? ControllerName(V1NetworkPolicy policy) =>
        policy.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == TenantIsolation.KindName && IsOurGroup(o.ApiVersion))?.Name;

    // Any served version of our group: an ownerReference names the version it was written with.
    private static bool IsOurGroup(string? apiVersion) =>
        apiVersion is not null && apiVersion.StartsWith(TenantIsolation.Group + "/", StringComparison.Ordinal);
}
