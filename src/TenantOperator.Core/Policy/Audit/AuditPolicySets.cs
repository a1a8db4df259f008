using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// The two sets of NetworkPolicies an audit compares. <see cref="Actual"/>: the cluster's (with <c>--plan</c>, the
/// operator's policies replaced by the planner's for every Enforce tenant). <see cref="Declared"/>: what the
/// TenantIsolations declare, the planner's policies for every valid tenant in its member namespaces, plus the
/// policies of every namespace that is no tenant's member, as they are. A connection across the tenant boundary that
/// Actual allows and Declared denies is a breach.
/// </summary>
internal sealed class AuditPolicySets
{
    private AuditPolicySets(List<V1NetworkPolicy> actual, List<V1NetworkPolicy> declared, HashSet<string> declaredInActual, List<TenantSummary> tenants)
    {
        Actual = actual;
        Declared = declared;
        DeclaredInActual = declaredInActual;
        Tenants = tenants;
    }

    public IReadOnlyList<V1NetworkPolicy> Actual { get; }

    public IReadOnlyList<V1NetworkPolicy> Declared { get; }

    /// <summary>The <c>namespace/name</c> of each actual policy that is also declared, with the same spec.</summary>
    public IReadOnlySet<string> DeclaredInActual { get; }

    public IReadOnlyList<TenantSummary> Tenants { get; }

    public static AuditPolicySets Build(AuditInput input, ClusterPlan plan, IReadOnlyDictionary<string, string> memberOf, IReadOnlyDictionary<string, int> podsByNamespace, List<string> warnings)
    {
        var planned = plan.Tenants.SelectMany(t => t.Policies).ToList();
        var declared = planned.Concat(input.Policies.Where(p => !memberOf.ContainsKey(p.Metadata.NamespaceProperty))).ToList();
        var actual = input.PlanPolicies ? WithPlannedPolicies(input.Policies, plan, warnings) : [.. input.Policies];

        var declaredByKey = declared.ToDictionary(Key, StringComparer.Ordinal);
        var declaredInActual = actual
            .Where(p => declaredByKey.TryGetValue(Key(p), out var d) && (ReferenceEquals(d, p) || PolicyComparer.SpecEquals(d.Spec, p.Spec)))
            .Select(Key)
            .ToHashSet(StringComparer.Ordinal);

        var tenants = new List<TenantSummary>();
        foreach (var tenant in plan.Tenants)
        {
            var inPlace = tenant.Policies.Count(p => declaredInActual.Contains(Key(p)));
            tenants.Add(new TenantSummary(tenant.Name, tenant.Mode, tenant.Members, tenant.Excluded,
                tenant.Members.Sum(m => podsByNamespace.GetValueOrDefault(m)), tenant.Policies.Count, inPlace));
            if (!input.PlanPolicies)
            {
                WarnAboutMissingPolicies(tenant, inPlace, warnings);
            }
        }

        return new AuditPolicySets(actual, declared, declaredInActual, tenants);
    }

    public static string Key(V1NetworkPolicy policy) => $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}";

    /// <summary>
    /// The cluster as the operator leaves it: its own policies (managed-by label) replaced by the plan of every Enforce
    /// tenant; a planned name someone else's policy already holds stays theirs, as the operator never overwrites it.
    /// </summary>
    private static List<V1NetworkPolicy> WithPlannedPolicies(IReadOnlyList<V1NetworkPolicy> policies, ClusterPlan plan, List<string> warnings)
    {
        var result = policies.Where(p => !PolicyComparer.IsManaged(p)).ToList();
        var taken = result.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var tenant in plan.Tenants)
        {
            if (tenant.Mode == IsolationMode.DryRun)
            {
                warnings.Add($"tenant {tenant.Name} is in DryRun mode: the operator writes none of its policies, so --plan adds none");
                continue;
            }

            foreach (var policy in tenant.Policies)
            {
                if (taken.Contains(Key(policy)))
                {
                    warnings.Add($"tenant {tenant.Name}: NetworkPolicy {Key(policy)} belongs to someone else (no {WellKnown.ManagedByLabel} label); the operator would not overwrite it (PolicyNameTaken)");
                    continue;
                }

                result.Add(policy);
            }
        }

        return result;
    }

    private static void WarnAboutMissingPolicies(TenantPlan tenant, int inPlace, List<string> warnings)
    {
        var planned = tenant.Policies.Count;
        if (planned == 0 || inPlace == planned)
        {
            return;
        }

        if (tenant.Mode == IsolationMode.DryRun)
        {
            warnings.Add($"tenant {tenant.Name} is in DryRun mode: the operator writes none of its policies, so its namespaces are isolated only by what else is in place");
        }
        else if (inPlace == 0)
        {
            warnings.Add($"tenant {tenant.Name}: none of its {planned} planned policies is in the input, so its namespaces are audited without them; pass --plan to audit the policies the operator would write");
        }
        else
        {
            warnings.Add($"tenant {tenant.Name}: {planned - inPlace} of its {planned} planned policies are missing or differ from the plan (drift, or the operator has not reconciled yet); pass --plan to audit the planned ones");
        }
    }
}
