using k8s.Models;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Finds what opens a breach. A side of the connection (egress at the source, ingress at the destination) is to
/// blame when the declared policies deny it. On that side the cluster allows the connection, either because nothing
/// isolates the pod, or through rules of policies the declarations do not contain. When one such policy isolates the
/// pod, it is the one: the cluster's verdict names its allowing rule. When several do, each is tested on its own, on
/// an evaluator over just the two pods and their namespaces (a verdict depends on nothing else).
/// </summary>
internal sealed class OpeningAttributor
{
    private readonly NetworkPolicyEvaluator _actual;
    private readonly NetworkPolicyEvaluator _declared;
    private readonly IReadOnlySet<string> _declaredInActual;
    private readonly Dictionary<string, V1NetworkPolicy> _actualPolicies;
    private readonly Dictionary<string, V1Namespace> _namespaces;
    private readonly Dictionary<string, V1Pod> _pods;
    private readonly Dictionary<(int Pod, TrafficDirection Direction), PolicyRef[]?> _candidates = [];

    public OpeningAttributor(
        IReadOnlyList<V1Namespace> namespaces, IReadOnlyList<V1Pod> pods, NetworkPolicyEvaluator actual, NetworkPolicyEvaluator declared, AuditPolicySets sets)
    {
        _actual = actual;
        _declared = declared;
        _declaredInActual = sets.DeclaredInActual;
        _actualPolicies = sets.Actual.ToDictionary(AuditPolicySets.Key, StringComparer.Ordinal);
        _namespaces = namespaces.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        _pods = pods.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal);
    }

    /// <summary>
    /// The openings of the sides of <paramref name="source"/> → <paramref name="destination"/> that the declarations
    /// deny. The two pods are in different namespaces (a breach crosses a boundary), so a policy governs one side only.
    /// </summary>
    public IReadOnlyList<BreachOpening> Attribute(int source, int destination, ProtocolPort port)
    {
        var from = Endpoint(source);
        var to = Endpoint(destination);
        var declared = _declared.Evaluate(from, to, port);
        var actual = new Lazy<ConnectionVerdict>(() => _actual.Evaluate(from, to, port), LazyThreadSafetyMode.None);
        var openings = new List<BreachOpening>(2);
        if (!declared.Egress.Allowed)
        {
            Side(TrafficDirection.Egress, source, source, destination, port, actual, openings);
        }

        if (!declared.Ingress.Allowed)
        {
            Side(TrafficDirection.Ingress, destination, source, destination, port, actual, openings);
        }

        return openings;
    }

    private void Side(
        TrafficDirection direction, int subject, int source, int destination, ProtocolPort port, Lazy<ConnectionVerdict> actual, List<BreachOpening> openings)
    {
        var name = _actual.Pods[subject].ToString();
        if (_actual.Pods[subject].HostNetwork)
        {
            openings.Add(new BreachOpening(direction, name, DirectionOutcome.HostNetwork, null));
            return;
        }

        var candidates = Candidates(subject, direction);
        if (candidates is null)
        {
            openings.Add(new BreachOpening(direction, name, DirectionOutcome.NotIsolated, null));
            return;
        }

        var before = openings.Count;
        if (candidates.Length > 1)
        {
            foreach (var policy in candidates)
            {
                var alone = Alone(policy, source, destination);
                if (alone.IsAllowed(alone.GetPodIndex(_actual.Pods[source].Namespace, _actual.Pods[source].Name), alone.GetPodIndex(_actual.Pods[destination].Namespace, _actual.Pods[destination].Name), port))
                {
                    var side = Of(alone.Evaluate(Endpoint(source), Endpoint(destination), port), direction);
                    openings.Add(new BreachOpening(direction, name, DirectionOutcome.AllowedByRule, side.AllowingRule));
                }
            }
        }

        if (openings.Count == before)
        {
            // One undeclared policy (or, not expected, none found alone): the cluster's verdict names the first
            // allowing rule, and declared policies allow nothing on this side, so it is an undeclared one.
            var side = Of(actual.Value, direction);
            openings.Add(new BreachOpening(direction, name, side.Outcome, side.AllowingRule));
        }
    }

    /// <summary>The policies isolating the pod for the direction that are not declared; null when nothing isolates it.</summary>
    private PolicyRef[]? Candidates(int pod, TrafficDirection direction)
    {
        if (!_candidates.TryGetValue((pod, direction), out var candidates))
        {
            var isolating = _actual.IsolatingPolicies(pod, direction);
            candidates = isolating.Count == 0 ? null : [.. isolating.Where(p => !_declaredInActual.Contains(p.ToString()))];
            _candidates[(pod, direction)] = candidates;
        }

        return candidates;
    }

    /// <summary>An evaluator over one policy and the two pods, with their namespaces: enough for this pair's verdict.</summary>
    private NetworkPolicyEvaluator Alone(PolicyRef policy, int source, int destination)
    {
        var pods = new[] { source, destination }.Select(i => _pods[_actual.Pods[i].ToString()]).ToList();
        var namespaces = pods.Select(p => p.Metadata.NamespaceProperty).Distinct(StringComparer.Ordinal)
            .Select(n => _namespaces.GetValueOrDefault(n)).OfType<V1Namespace>();
        return NetworkPolicyEvaluator.Compile(namespaces, pods, [_actualPolicies[policy.ToString()]]);
    }

    private static DirectionVerdict Of(ConnectionVerdict verdict, TrafficDirection direction) =>
        direction == TrafficDirection.Egress ? verdict.Egress : verdict.Ingress;

    private Endpoint Endpoint(int pod) => Evaluation.Endpoint.Pod(_actual.Pods[pod].Namespace, _actual.Pods[pod].Name);
}
