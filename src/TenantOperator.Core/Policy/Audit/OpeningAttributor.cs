using k8s.Models;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Finds what opens a breach. A side of the connection is to blame when the declared policies deny it
/// (checked on an evaluator over the declared policies of that direction only). On that side the cluster allows the
/// connection, either because nothing isolates the pod, or through rules of policies the declarations do not
/// contain; each such policy is tested on its own (an evaluator over that one policy: the two pods of a breach are in
/// different namespaces, so the policy governs only the blamed side).
/// </summary>
internal sealed class OpeningAttributor
{
    private readonly IReadOnlyList<V1Namespace> _namespaces;
    private readonly IReadOnlyList<V1Pod> _pods;
    private readonly NetworkPolicyEvaluator _actual;
    private readonly IReadOnlySet<string> _declaredInActual;
    private readonly Dictionary<string, V1NetworkPolicy> _actualPolicies;
    private readonly Lazy<NetworkPolicyEvaluator> _declaredEgress;
    private readonly Lazy<NetworkPolicyEvaluator> _declaredIngress;
    private readonly Dictionary<string, NetworkPolicyEvaluator> _single = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Pod, TrafficDirection Direction), PolicyRef[]?> _candidates = [];

    public OpeningAttributor(IReadOnlyList<V1Namespace> namespaces, IReadOnlyList<V1Pod> pods, NetworkPolicyEvaluator actual, AuditPolicySets sets)
    {
        _namespaces = namespaces;
        _pods = pods;
        _actual = actual;
        _declaredInActual = sets.DeclaredInActual;
        _actualPolicies = sets.Actual.ToDictionary(AuditPolicySets.Key, StringComparer.Ordinal);
        _declaredEgress = new(() => Compile(DirectionalPolicies.Only(sets.Declared, TrafficDirection.Egress)), LazyThreadSafetyMode.None);
        _declaredIngress = new(() => Compile(DirectionalPolicies.Only(sets.Declared, TrafficDirection.Ingress)), LazyThreadSafetyMode.None);
    }

    /// <summary>The openings of the sides of <paramref name="source"/> → <paramref name="destination"/> that the declarations deny.</summary>
    public IReadOnlyList<BreachOpening> Attribute(int source, int destination, ProtocolPort port)
    {
        var openings = new List<BreachOpening>(2);
        if (!_declaredEgress.Value.IsAllowed(source, destination, port))
        {
            Side(TrafficDirection.Egress, source, source, destination, port, openings);
        }

        if (!_declaredIngress.Value.IsAllowed(source, destination, port))
        {
            Side(TrafficDirection.Ingress, destination, source, destination, port, openings);
        }

        return openings;
    }

    private void Side(TrafficDirection direction, int subject, int source, int destination, ProtocolPort port, List<BreachOpening> openings)
    {
        var pod = _actual.Pods[subject];
        var name = pod.ToString();
        if (pod.HostNetwork)
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

        var found = false;
        foreach (var policy in candidates)
        {
            var alone = Single(policy);
            if (alone.IsAllowed(source, destination, port))
            {
                var verdict = alone.Evaluate(Pod(source), Pod(destination), port);
                var side = direction == TrafficDirection.Egress ? verdict.Egress : verdict.Ingress;
                openings.Add(new BreachOpening(direction, name, DirectionOutcome.AllowedByRule, side.AllowingRule));
                found = true;
            }
        }

        if (!found)
        {
            // Not expected: the cluster allows this side and the declarations do not, so some other policy must.
            var verdict = _actual.Evaluate(Pod(source), Pod(destination), port);
            var side = direction == TrafficDirection.Egress ? verdict.Egress : verdict.Ingress;
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

    private NetworkPolicyEvaluator Single(PolicyRef policy)
    {
        var key = policy.ToString();
        if (!_single.TryGetValue(key, out var evaluator))
        {
            evaluator = Compile([_actualPolicies[key]]);
            _single[key] = evaluator;
        }

        return evaluator;
    }

    private Endpoint Pod(int index) => Endpoint.Pod(_actual.Pods[index].Namespace, _actual.Pods[index].Name);

    private NetworkPolicyEvaluator Compile(IEnumerable<V1NetworkPolicy> policies) => NetworkPolicyEvaluator.Compile(_namespaces, _pods, policies);
}
