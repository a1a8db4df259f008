using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// What the planner wants in place, as the scenario's yardstick: <c>namespace/name</c> → content hash of every policy
/// of every valid Enforce tenant (DryRun tenants write nothing). "Writes needed" is the difference between two of these.
/// </summary>
public sealed class DesiredPolicies
{
    private DesiredPolicies(Dictionary<string, string> hashes, HashSet<string> tenants)
    {
        Hashes = hashes;
        Tenants = tenants;
    }

    /// <summary>Policy key → content hash.</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; }

    /// <summary>The tenants planned (all, or the subset asked for).</summary>
    public IReadOnlySet<string> Tenants { get; }

    /// <summary>How many policies.</summary>
    public int Count => Hashes.Count;

    /// <summary>Plans <paramref name="tenants"/> over <paramref name="namespaces"/>, keeping only <paramref name="only"/> when given.</summary>
    public static DesiredPolicies Plan(
        IReadOnlyList<TenantIsolation> tenants, IReadOnlyList<NamespaceInfo> namespaces, PlannerOptions options, IReadOnlyCollection<string>? only = null) =>
        Of(ClusterPlanner.Plan(new PlannerInput(tenants, namespaces, options)), only);

    /// <summary>The policies of <paramref name="plan"/>, of the tenants in <paramref name="only"/> when given.</summary>
    public static DesiredPolicies Of(ClusterPlan plan, IReadOnlyCollection<string>? only = null)
    {
        var names = only ?? plan.TenantNames;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (plan.Find(name) is { IsValid: true, Mode: IsolationMode.Enforce } tenant)
            {
                foreach (var policy in tenant.Policies)
                {
                    hashes[$"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}"] = policy.Metadata.Annotations[WellKnown.ContentHashAnnotation];
                }
            }
        }

        return new DesiredPolicies(hashes, names.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The writes that take the cluster from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static WriteCount Diff(DesiredPolicies before, DesiredPolicies after)
    {
        var creates = after.Hashes.Keys.Count(k => !before.Hashes.ContainsKey(k));
        var updates = after.Hashes.Count(kv => before.Hashes.TryGetValue(kv.Key, out var old) && old != kv.Value);
        var deletes = before.Hashes.Keys.Count(k => !after.Hashes.ContainsKey(k));
        return new WriteCount(creates, updates, deletes);
    }

    /// <summary>The keys whose content differs between the two (created, changed or deleted).</summary>
    public static IReadOnlyList<string> ChangedKeys(DesiredPolicies before, DesiredPolicies after) =>
        [.. after.Hashes.Where(kv => !before.Hashes.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
            .Concat(before.Hashes.Keys.Where(k => !after.Hashes.ContainsKey(k)))];
}

/// <summary>Policy writes by kind.</summary>
public readonly record struct WriteCount(int Creates, int Updates, int Deletes)
{
    /// <summary>All of them.</summary>
    public int Total => Creates + Updates + Deletes;

    /// <summary>The sum of two counts.</summary>
    public static WriteCount operator +(WriteCount a, WriteCount b) => new(a.Creates + b.Creates, a.Updates + b.Updates, a.Deletes + b.Deletes);

    /// <inheritdoc />
    public override string ToString() => $"{Total} ({Creates} create, {Updates} update, {Deletes} delete)";
}
