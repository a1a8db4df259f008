using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Compares a tenant's plan with the policies in the cluster: create what is missing, update what differs, delete
/// the tenant's policies the plan no longer holds. Only the tenant's own policies (<see cref="PolicyOwnership"/>: our
/// managed-by label and a controller ownerReference to it) are ever updated or deleted; a planned name held by any
/// other policy is reported taken, and a policy with our labels that the tenant does not own is reported unowned.
/// Pure: the caller passes the cluster's policies (from its cache).
/// </summary>
public static class PolicyDiff
{
    /// <summary>
    /// The changes for <paramref name="plan"/>. <paramref name="existing"/> looks a policy up by namespace and name;
    /// <paramref name="managedByTenant"/> are the managed policies labelled with this tenant, wherever they are.
    /// A policy whose content hash annotation equals the planned hash but whose content differs was edited by
    /// someone else: that update is a drift repair. <paramref name="lastSeen"/> holds the policies the reconciler saw in
    /// place at its previous pass (namespace/name → hash); a planned policy that was there and is now missing, with
    /// an unchanged hash, was deleted by someone else: recreating it is a drift repair too.
    /// </summary>
    public static PolicyChangeSet Compute(
        TenantPlan plan,
        Func<string, string, V1NetworkPolicy?> existing,
        IEnumerable<V1NetworkPolicy> managedByTenant,
        IReadOnlyDictionary<string, string>? lastSeen = null)
    {
        var uid = plan.Tenant.Metadata.Uid;
        var writes = new List<PolicyWrite>();
        var taken = new List<string>();
        var unowned = new SortedSet<string>(StringComparer.Ordinal);
        var heldByOthers = new List<string>();
        var desiredKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var desired in plan.Policies)
        {
            var ns = desired.Metadata.NamespaceProperty;
            var name = desired.Metadata.Name;
            desiredKeys.Add($"{ns}/{name}");
            var actual = existing(ns, name);
            var hash = desired.Metadata.Annotations[WellKnown.ContentHashAnnotation];
            if (actual is null)
            {
                var wasThere = lastSeen is not null && lastSeen.TryGetValue($"{ns}/{name}", out var seenHash) && seenHash == hash;
                writes.Add(new PolicyWrite(PolicyWriteKind.Create, ns, name, desired, null, wasThere));
            }
            else if (PolicyOwnership.Of(actual, uid) is var owner && owner != PolicyOwner.ThisTenant)
            {
                taken.Add($"{ns}/{name}");
                if (owner == PolicyOwner.OtherTenant)
                {
                    heldByOthers.Add($"{ns}/{name}");
                }
                else if (owner == PolicyOwner.Unowned)
                {
                    unowned.Add($"{ns}/{name}");
                }
            }
            else if (!PolicyComparer.Matches(desired, actual))
            {
                var edited = actual.Metadata.Annotations is { } annotations
                    && annotations.TryGetValue(WellKnown.ContentHashAnnotation, out var actualHash)
                    && actualHash == hash
                    && PolicyComparer.TenantOf(actual) == plan.Name;
                writes.Add(new PolicyWrite(PolicyWriteKind.Update, ns, name, desired, actual, edited));
            }
        }

        foreach (var actual in managedByTenant.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var key = $"{actual.Metadata.NamespaceProperty}/{actual.Metadata.Name}";
            if (desiredKeys.Contains(key) || PolicyComparer.TenantOf(actual) != plan.Name)
            {
                continue;
            }

            if (PolicyOwnership.MayChange(actual, uid))
            {
                writes.Add(new PolicyWrite(PolicyWriteKind.Delete, actual.Metadata.NamespaceProperty, actual.Metadata.Name, null, actual, false));
            }
            else
            {
                // Our labels, someone else's object (copied labels, say): a label is a claim, not ownership.
                unowned.Add(key);
            }
        }

        return new PolicyChangeSet(writes, taken) { OwnerUid = uid, Unowned = [.. unowned], HeldByOtherTenants = heldByOthers };
    }
}
