using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Decides the mark changes for one tenant's pass. An enforced tenant marks a member with its name and as isolated, in
/// one write, once the diff against the caches finds nothing to write there (the writes of an earlier pass succeeded
/// and the caches show them) and no planned name held by another object; until then the namespace keeps the marks it
/// had (none, or another tenant's, which the pod gate does not take for this tenant's). The marks stay once set while
/// the namespace remains a member of the same tenant: a later spec change or a repaired drift does not gate the
/// namespace's pods again.
/// A namespace marked with this tenant that is no longer its member (it left, was excluded, or the tenant is gone)
/// loses both marks. A DryRun tenant writes no mark on its members; an invalid spec changes none.
/// </summary>
public static class NamespaceMarkPlanner
{
    /// <summary>
    /// The changes for tenant <paramref name="tenant"/>: <paramref name="plan"/> is null when the tenant is gone or being
    /// deleted; <paramref name="changes"/> is the diff computed against the caches before this pass wrote anything;
    /// <paramref name="markedByTenant"/> are the namespaces whose tenant mark names it; <paramref name="lookup"/> finds a
    /// member namespace in the caches (null when it is not there yet).
    /// </summary>
    public static IReadOnlyList<NamespaceMarkChange> Plan(
        string tenant,
        TenantPlan? plan,
        PolicyChangeSet changes,
        IEnumerable<MarkedNamespace> markedByTenant,
        Func<string, MarkedNamespace?> lookup)
    {
        if (plan is { IsValid: false })
        {
            return [];
        }

        var result = new List<NamespaceMarkChange>();
        var members = new HashSet<string>(plan?.Members ?? [], StringComparer.Ordinal);
        if (plan is { Mode: IsolationMode.Enforce })
        {
            var pending = changes.Writes.Select(w => w.Namespace)
                .Concat(changes.NamesTaken.Select(key => key[..key.IndexOf('/', StringComparison.Ordinal)]))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var member in plan.Members)
            {
                if (lookup(member) is not { } ns)
                {
                    continue;
                }

                var wanted = new NamespaceMarks(tenant, Isolated: true);
                if (ns.Marks != wanted && !pending.Contains(member))
                {
                    result.Add(new NamespaceMarkChange(member, ns.ResourceVersion, wanted));
                }
            }
        }

        foreach (var ns in markedByTenant.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (ns.Marks.Tenant == tenant && !members.Contains(ns.Name))
            {
                result.Add(new NamespaceMarkChange(ns.Name, ns.ResourceVersion, NamespaceMarks.None));
            }
        }

        return result;
    }
}
