using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Api.Validation;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// A cluster prepared for auditing: the plan of its TenantIsolations, an evaluator over its actual policies and one
/// over the declared policies (see <see cref="AuditPolicySets"/>), both over the same namespaces and pods so a pod
/// has the same index in each, and the party (tenant or namespace) of every pod. <c>audit</c> and <c>explain</c>
/// both start here.
/// </summary>
public sealed class AuditedCluster
{
    private readonly AuditPolicySets _sets;
    private readonly Party[] _parties;
    private readonly int[] _partyIds;
    private readonly bool[] _partyIsTenant;
    private readonly Lazy<OpeningAttributor> _attributor;

    private AuditedCluster(
        ClusterPlan plan, AuditPolicySets sets, NetworkPolicyEvaluator actual, NetworkPolicyEvaluator declared,
        Party[] parties, List<string> warnings, int skippedPods, Func<OpeningAttributor> attributor)
    {
        Plan = plan;
        _sets = sets;
        Actual = actual;
        Declared = declared;
        _parties = parties;
        var distinct = parties.Distinct().ToList();
        var ids = distinct.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        _partyIds = [.. parties.Select(p => ids[p])];
        _partyIsTenant = [.. distinct.Select(p => p.IsTenant)];
        Parties = distinct;
        Warnings = warnings;
        SkippedPods = skippedPods;
        _attributor = new Lazy<OpeningAttributor>(attributor, LazyThreadSafetyMode.None);
    }

    /// <summary>The plan of the valid TenantIsolations.</summary>
    public ClusterPlan Plan { get; }

    /// <summary>The evaluator over the cluster's policies (with <c>--plan</c>, the operator's replaced by the planner's).</summary>
    public NetworkPolicyEvaluator Actual { get; }

    /// <summary>The evaluator over the declared policies: the planner's in member namespaces, the cluster's elsewhere.</summary>
    public NetworkPolicyEvaluator Declared { get; }

    /// <summary>The tenants as audited, by name.</summary>
    public IReadOnlyList<TenantSummary> Tenants => _sets.Tenants;

    /// <summary>How many NetworkPolicies the audited (actual) cluster holds.</summary>
    public int PolicyCount => _sets.Actual.Count;

    /// <summary>Things a reader of the audit should know: invalid tenants left out, missing policies, assumed namespaces.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Finished pods (Succeeded or Failed) left out.</summary>
    public int SkippedPods { get; }

    /// <summary>Prepares <paramref name="input"/>.</summary>
    /// <exception cref="InvalidClusterObjectException">An object is malformed or duplicated.</exception>
    public static AuditedCluster Build(AuditInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var warnings = new List<string>();
        if (input.Namespaces.Any(n => string.IsNullOrEmpty(n.Metadata?.Name)))
        {
            throw new InvalidClusterObjectException("Namespace", "<unnamed>", "metadata.name", "Required value: a Namespace needs a name");
        }

        var pods = input.Pods.Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")).ToList();
        var skipped = input.Pods.Count - pods.Count;
        var tenants = ValidTenants(input.Tenants, warnings);
        var namespaces = PlannerNamespaces(input, pods, warnings);
        var plan = ClusterPlanner.Plan(new PlannerInput(tenants, namespaces, input.PlannerOptions));
        var memberOf = plan.Tenants.SelectMany(t => t.Members.Select(m => (Member: m, Tenant: t.Name)))
            .ToDictionary(m => m.Member, m => m.Tenant, StringComparer.Ordinal);
        var podsByNamespace = pods.GroupBy(p => p.Metadata?.NamespaceProperty ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sets = AuditPolicySets.Build(input, plan, memberOf, podsByNamespace, warnings);

        var actual = NetworkPolicyEvaluator.Compile(input.Namespaces, pods, sets.Actual);
        var declared = NetworkPolicyEvaluator.Compile(input.Namespaces, pods, sets.Declared);
        var parties = actual.Pods
            .Select(p => memberOf.TryGetValue(p.Namespace, out var tenant) ? Party.Tenant(tenant) : Party.Namespace(p.Namespace))
            .ToArray();
        return new AuditedCluster(plan, sets, actual, declared, parties, warnings, skipped,
            () => new OpeningAttributor(input.Namespaces, pods, actual, declared, sets));
    }

    /// <summary>Every party that has a pod, by <see cref="PartyIdOf"/>.</summary>
    public IReadOnlyList<Party> Parties { get; }

    /// <summary>The party of the pod at <paramref name="pod"/> (an index of <see cref="NetworkPolicyEvaluator.Pods"/>).</summary>
    public Party PartyOf(int pod) => _parties[pod];

    /// <summary>The index in <see cref="Parties"/> of the pod's party: cheap to compare in loops over pod pairs.</summary>
    public int PartyIdOf(int pod) => _partyIds[pod];

    /// <summary>True when the party <paramref name="partyId"/> is a tenant.</summary>
    public bool IsTenant(int partyId) => _partyIsTenant[partyId];

    /// <summary>True when pods <paramref name="source"/> and <paramref name="destination"/> sit on two sides of the tenant boundary.</summary>
    public bool AcrossBoundary(int source, int destination)
    {
        var from = _partyIds[source];
        var to = _partyIds[destination];
        return from != to && (_partyIsTenant[from] || _partyIsTenant[to]);
    }

    /// <summary>For each side of a pod-to-pod connection that the declarations deny, what opens it in the cluster.</summary>
    public IReadOnlyList<BreachOpening> OpeningsOf(int source, int destination, ProtocolPort port) =>
        _attributor.Value.Attribute(source, destination, port);

    /// <summary>
    /// The explained verdict of one connection in the cluster, with its place on the tenant map: the parties of its
    /// ends (an address outside the cluster has none), whether the declarations allow it, and, for a breach, what opens it.
    /// </summary>
    /// <exception cref="ArgumentException">A named pod is not in the input, or an address belongs to several pods.</exception>
    public ExplainedConnection Explain(Endpoint source, Endpoint destination, ProtocolPort port)
    {
        var verdict = Actual.Evaluate(source, destination, port);
        var declared = Declared.Evaluate(source, destination, port);
        var from = PodIndex(verdict.Source);
        var to = PodIndex(verdict.Destination);
        var fromParty = from is { } f ? _parties[f] : null;
        var toParty = to is { } t ? _parties[t] : null;
        var across = (fromParty?.IsTenant == true || toParty?.IsTenant == true) && fromParty != toParty;
        var breach = across && verdict.Allowed && !declared.Allowed;
        IReadOnlyList<BreachOpening> openings = [];
        if (breach)
        {
            openings = from is { } s && to is { } d && s != d ? OpeningsOf(s, d, port) : OpeningsFromVerdicts(verdict, declared);
        }

        return new ExplainedConnection(verdict, declared.Allowed, fromParty, toParty, across, breach, openings);
    }

    /// <summary>Where one end is an address, the sides the declarations deny and what the cluster's verdict says opens them.</summary>
    private static List<BreachOpening> OpeningsFromVerdicts(ConnectionVerdict actual, ConnectionVerdict declared) =>
        [.. new[] { (actual.Egress, declared.Egress), (actual.Ingress, declared.Ingress) }
            .Where(side => !side.Item2.Allowed)
            .Select(side => new BreachOpening(side.Item1.Direction, side.Item1.Subject, side.Item1.Outcome, side.Item1.AllowingRule))];

    private int? PodIndex(string display)
    {
        var slash = display.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && Actual.TryGetPodIndex(display[..slash], display[(slash + 1)..], out var index) ? index : null;
    }

    private static List<TenantIsolation> ValidTenants(IReadOnlyList<TenantIsolation> tenants, List<string> warnings)
    {
        var valid = new List<TenantIsolation>();
        foreach (var tenant in tenants)
        {
            var errors = TenantIsolationValidator.Validate(tenant);
            if (errors.Count == 0)
            {
                valid.Add(tenant);
                continue;
            }

            // The operator keeps an invalid tenant's policies as they were, so nothing it declares can be trusted.
            warnings.Add($"TenantIsolation {tenant.Metadata?.Name ?? "<unnamed>"} is invalid and left out of the audit ({errors.Count} error(s), first: {errors[0]})");
        }

        return valid;
    }

    /// <summary>The namespaces to plan against: those given, and those only pods or policies name (assumed, as the evaluator does).</summary>
    private static List<NamespaceInfo> PlannerNamespaces(AuditInput input, List<V1Pod> pods, List<string> warnings)
    {
        var result = input.Namespaces.Select(NamespaceInfo.From).ToList();
        var known = result.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var assumed = pods.Select(p => p.Metadata?.NamespaceProperty)
            .Concat(input.Policies.Select(p => p.Metadata?.NamespaceProperty))
            .OfType<string>()
            .Where(n => n.Length > 0 && !known.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (assumed.Count > 0)
        {
            warnings.Add($"no Namespace object for {string.Join(", ", assumed)}: assumed with only the kubernetes.io/metadata.name label, so namespaceSelectors on other labels do not match them");
            result.AddRange(assumed.Select(NamespaceInfo.Named));
        }

        return result;
    }
}
