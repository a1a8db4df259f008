using k8s.Models;
using TenantOperator.Manifests;
using TenantOperator.Policy;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Cli.Diff;

/// <summary>One revision of a GitOps repository, as read for <c>diff</c>.</summary>
/// <param name="Label">base or head.</param>
/// <param name="Manifests">Its Namespaces, NetworkPolicies and TenantIsolations.</param>
internal sealed record Revision(string Label, ClusterManifests Manifests);

/// <summary>An object of a revision the evaluator refused, located in its file.</summary>
internal sealed class DiffInputException(string message) : Exception(message);

/// <summary>
/// Compares the connectivity of two revisions. Each revision is what the operator would leave the cluster at: its
/// TenantIsolations planned (as <c>audit --plan</c> does) and its own NetworkPolicies kept. Both are evaluated with the
/// same evaluator over the same probe pods (<see cref="ProbeLabelSets"/> in every namespace either revision knows)
/// and the same port ranges (<see cref="PortIntervals"/>), so a difference in a verdict is a difference in policy.
/// </summary>
internal static class ConnectivityDiff
{
    private const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>The connections <paramref name="head"/> opens and closes relative to <paramref name="base"/>.</summary>
    /// <exception cref="DiffInputException">The evaluator refused an object of a revision.</exception>
    public static DiffReport Compare(Revision @base, Revision head, ClusterNamespaces? cluster, PlannerOptions options)
    {
        var notes = new List<string>();
        var baseNamespaces = cluster?.MergedWith(@base.Manifests.Namespaces) ?? @base.Manifests.Namespaces;
        var headNamespaces = cluster?.MergedWith(head.Manifests.Namespaces) ?? head.Manifests.Namespaces;
        var basePolicies = PoliciesAfterPlanning(@base, baseNamespaces, options);
        var headPolicies = PoliciesAfterPlanning(head, headNamespaces, options);
        var labelSets = ProbeLabelSets.From(basePolicies.Concat(headPolicies));
        var intervals = PortIntervals.From(basePolicies.Concat(headPolicies));
        var universe = Universe([@base, head], [baseNamespaces, headNamespaces], basePolicies.Concat(headPolicies));
        var probes = universe.SelectMany(ns => labelSets.Select((labels, i) => ProbePod(ns, i, labels))).ToList();

        var before = Evaluate(@base, baseNamespaces, universe, probes, options, notes);
        var after = Evaluate(head, headNamespaces, universe, probes, options, notes);
        foreach (var revision in new[] { @base, head }.Where(r => r.Manifests.Pods.Count > 0))
        {
            notes.Add($"{revision.Label}: the {revision.Manifests.Pods.Count} Pod(s) in the input are not used: diff probes every namespace with its own probe pods");
        }

        var ports = intervals.Select(i => i.Probe).ToList();
        var baseMatrix = before.Actual.ComputeMatrix(ports);
        var headMatrix = after.Actual.ComputeMatrix(ports);
        var opened = new Dictionary<(int From, int To, int Port), SortedSet<AllowingSide>>();
        var closed = new Dictionary<(int From, int To, int Port), SortedSet<AllowingSide>>();
        var pods = after.Actual.Pods;
        for (var port = 0; port < ports.Count; port++)
        {
            for (var source = 0; source < pods.Count; source++)
            {
                for (var destination = 0; destination < pods.Count; destination++)
                {
                    if (pods[source].Namespace == pods[destination].Namespace)
                    {
                        continue; // diff reports connections between namespaces
                    }

                    var isOpen = headMatrix.IsAllowed(source, destination, port);
                    var wasOpen = baseMatrix.IsAllowed(source, destination, port);
                    if (isOpen != wasOpen)
                    {
                        var (into, revisionCluster) = isOpen ? (opened, after) : (closed, before);
                        var key = (NamespaceIndex(universe, pods[source].Namespace), NamespaceIndex(universe, pods[destination].Namespace), port);
                        if (!into.TryGetValue(key, out var sides))
                        {
                            sides = [];
                            into[key] = sides;
                        }

                        AddSides(revisionCluster.Actual.Evaluate(Endpoint.Pod(pods[source].Namespace, pods[source].Name), Endpoint.Pod(pods[destination].Namespace, pods[destination].Name), ports[port]), sides);
                    }
                }
            }
        }

        var counts = new DiffCounts(universe.Count, labelSets.Count, intervals.Count, before.PolicyCount, after.PolicyCount);
        return new DiffReport(
            Connections(opened, universe, intervals, after),
            Connections(closed, universe, intervals, before),
            counts,
            [.. notes.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The policies a revision leaves in the cluster, planned ones included; for choosing probes.</summary>
    private static List<V1NetworkPolicy> PoliciesAfterPlanning(Revision revision, IReadOnlyList<V1Namespace> namespaces, PlannerOptions options)
    {
        var cluster = Build(revision, Input(revision, namespaces, [], options));
        return [.. cluster.Plan.Tenants.SelectMany(t => t.Policies), .. revision.Manifests.Policies];
    }

    /// <summary>
    /// Every namespace either revision knows: its Namespaces, the namespaces of its policies, those its tenants name,
    /// and those selected by name in any policy.
    /// </summary>
    private static List<string> Universe(Revision[] revisions, IReadOnlyList<V1Namespace>[] namespaces, IEnumerable<V1NetworkPolicy> policies)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(namespaces.SelectMany(list => list.Select(n => n.Metadata.Name)));
        foreach (var revision in revisions)
        {
            names.UnionWith(revision.Manifests.Policies.Select(p => p.Metadata.NamespaceProperty));
            names.UnionWith(revision.Manifests.Tenants.SelectMany(t => t.Spec.Namespaces ?? []));
        }

        foreach (var policy in policies)
        {
            names.Add(policy.Metadata.NamespaceProperty);
            foreach (var selector in PolicyPeers.Of(policy).Select(p => p.NamespaceSelector).OfType<V1LabelSelector>())
            {
                if (selector.MatchLabels?.TryGetValue(NameLabel, out var name) == true)
                {
                    names.Add(name);
                }

                names.UnionWith((selector.MatchExpressions ?? []).Where(e => e.Key == NameLabel && e.OperatorProperty == "In").SelectMany(e => e.Values ?? []));
            }
        }

        return [.. names];
    }

    private static V1Pod ProbePod(string ns, int labelSet, IReadOnlyDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = ProbeName(labelSet), NamespaceProperty = ns, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
    };

    private static AuditedCluster Evaluate(
        Revision revision, IReadOnlyList<V1Namespace> namespaces, List<string> universe, List<V1Pod> probes, PlannerOptions options, List<string> notes)
    {
        var known = namespaces.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var assumed = universe.Where(n => !known.Contains(n)).ToList();
        if (assumed.Count > 0)
        {
            notes.Add($"{revision.Label}: no Namespace object for {string.Join(", ", assumed)}: assumed with only the {NameLabel} label, so namespaceSelectors on other labels do not match them (give the cluster's with --namespaces)");
        }

        var all = namespaces.Concat(assumed.Select(n => new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = n } })).ToList();
        var cluster = Build(revision, Input(revision, all, probes, options));
        notes.AddRange(cluster.Warnings.Select(w => $"{revision.Label}: {w}"));
        return cluster;
    }

    private static AuditInput Input(Revision revision, IReadOnlyList<V1Namespace> namespaces, List<V1Pod> pods, PlannerOptions options) => new()
    {
        Namespaces = namespaces,
        Pods = pods,
        Policies = revision.Manifests.Policies,
        Tenants = revision.Manifests.Tenants,
        PlanPolicies = true,
        PlannerOptions = options,
    };

    private static AuditedCluster Build(Revision revision, AuditInput input)
    {
        try
        {
            return AuditedCluster.Build(input);
        }
        catch (InvalidClusterObjectException ex)
        {
            throw new DiffInputException($"{revision.Label}: {revision.Manifests.Locate(ex)}");
        }
    }

    /// <summary>A namespace's party: that of its first probe pod, since every pod of a namespace shares it.</summary>
    private static Party PartyOf(AuditedCluster cluster, string ns) => cluster.PartyOf(cluster.Actual.GetPodIndex(ns, ProbeName(0)));

    private static string ProbeName(int labelSet) => $"probe-{labelSet}";

    private static int NamespaceIndex(List<string> universe, string ns) => universe.BinarySearch(ns, StringComparer.Ordinal);

    private static void AddSides(ConnectionVerdict verdict, SortedSet<AllowingSide> sides)
    {
        sides.Add(new AllowingSide(TrafficDirection.Egress, verdict.Egress.Outcome, verdict.Egress.AllowingRule));
        sides.Add(new AllowingSide(TrafficDirection.Ingress, verdict.Ingress.Outcome, verdict.Ingress.AllowingRule));
    }

    /// <summary>The changes as connections, adjacent port ranges with the same ends and causes merged into one.</summary>
    private static List<ChangedConnection> Connections(
        Dictionary<(int From, int To, int Port), SortedSet<AllowingSide>> changes, List<string> universe, List<PortInterval> intervals, AuditedCluster cluster)
    {
        var result = new List<ChangedConnection>();
        foreach (var change in changes.OrderBy(c => c.Key.From).ThenBy(c => c.Key.To).ThenBy(c => c.Key.Port))
        {
            var (from, to, port) = change.Key;
            var interval = intervals[port];
            var last = result.Count > 0 ? result[^1] : null;
            if (last is not null && last.FromNamespace == universe[from] && last.ToNamespace == universe[to]
                && last.Ports.Protocol == interval.Protocol && last.Ports.End + 1 == interval.Start && last.AllowedBy.SequenceEqual(change.Value))
            {
                result[^1] = last with { Ports = last.Ports with { End = interval.End } };
                continue;
            }

            result.Add(new ChangedConnection(universe[from], PartyOf(cluster, universe[from]), universe[to], PartyOf(cluster, universe[to]), interval, [.. change.Value]));
        }

        return [.. result
            .OrderBy(c => c.FromParty.IsTenant ? 0 : 1).ThenBy(c => c.FromParty.Name, StringComparer.Ordinal)
            .ThenBy(c => c.ToParty.IsTenant ? 0 : 1).ThenBy(c => c.ToParty.Name, StringComparer.Ordinal)
            .ThenBy(c => c.FromNamespace, StringComparer.Ordinal).ThenBy(c => c.ToNamespace, StringComparer.Ordinal)
            .ThenBy(c => c.Ports.Protocol).ThenBy(c => c.Ports.Start)];
    }
}
