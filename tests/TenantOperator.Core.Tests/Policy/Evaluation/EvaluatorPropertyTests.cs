using CsCheck;
using k8s.Models;
using TenantOperator.Policy.Evaluation;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// Invariants over random clusters (see <see cref="RandomClusterGen"/>), on fixed cases (see <see cref="PropertyRun"/>):
/// a failure prints the case's seed and the cluster as YAML; <c>PROPERTY_SEED=&lt;seed&gt;</c> replays it.
/// </summary>
[Trait("Category", "Property")]
public class EvaluatorPropertyTests
{
    private const int Iterations = 300;

    [Fact]
    public void FastPath_Matrix_AndExplainedVerdict_AgreeWithTheReferenceSemantics()
    {
        PropertyRun.ForAll(RandomClusterGen.Cluster, cluster =>
        {
            var evaluator = cluster.Compile();
            var reference = new ReferenceSemantics(cluster);
            var matrix = evaluator.ComputeMatrix(RandomCluster.ProbePorts);
            var pods = cluster.Pods.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}");
            for (var p = 0; p < RandomCluster.ProbePorts.Length; p++)
            {
                var port = RandomCluster.ProbePorts[p];
                foreach (var from in evaluator.Pods)
                {
                    foreach (var to in evaluator.Pods)
                    {
                        var expected = reference.Allowed(pods[from.ToString()], pods[to.ToString()], port);
                        var fast = evaluator.IsAllowed(from.Index, to.Index, port);
                        var bulk = matrix.IsAllowed(from.Index, to.Index, p);
                        var explained = evaluator.Evaluate(Endpoint.Pod(from.Namespace, from.Name), Endpoint.Pod(to.Namespace, to.Name), port);
                        if (fast != expected || bulk != expected || explained.Allowed != expected)
                        {
                            throw new InvalidOperationException(
                                $"{from} -> {to} on {port}: reference {expected}, fast {fast}, matrix {bulk}, explained:\n{explained}");
                        }
                    }
                }
            }
        }, iterations: Iterations, print: c => c.ToString());
    }

    [Fact]
    public void WithoutPolicies_EveryConnectionIsAllowed()
    {
        PropertyRun.ForAll(RandomClusterGen.Cluster, cluster =>
        {
            var matrix = cluster.WithPolicies([]).Compile().ComputeMatrix(RandomCluster.ProbePorts);
            var pairs = (long)cluster.Pods.Count * cluster.Pods.Count;
            for (var p = 0; p < RandomCluster.ProbePorts.Length; p++)
            {
                Assert.Equal(pairs, matrix.CountAllowed(p));
            }
        }, iterations: Iterations, print: c => c.ToString());
    }

    [Fact]
    public void ShufflingTheInput_NeverChangesAnAnswer()
    {
        PropertyRun.ForAll(Gen.Select(RandomClusterGen.Cluster, Gen.Int), (cluster, seed) =>
        {
            var random = new Random(seed);
            var shuffled = new RandomCluster(
                [.. cluster.Namespaces.OrderBy(_ => random.Next())],
                [.. cluster.Pods.OrderBy(_ => random.Next())],
                [.. cluster.Policies.OrderBy(_ => random.Next())]);

            AssertSameAnswers(cluster.Compile(), shuffled.Compile());
        }, iterations: Iterations, print: t => t.ToString());
    }

    [Fact]
    public void AddingAPolicyThatSelectsNoPod_ChangesNothing()
    {
        PropertyRun.ForAll(Gen.Select(RandomClusterGen.Cluster, RandomClusterGen.PolicySelectingNothing), (cluster, extra) =>
        {
            extra.Metadata.NamespaceProperty = cluster.Namespaces[0].Metadata.Name;
            AssertSameAnswers(cluster.Compile(), cluster.WithPolicies(cluster.Policies.Append(extra)).Compile());
        }, iterations: Iterations, print: t => t.ToString());
    }

    [Fact]
    public void AddingAnAllowRule_NeverTurnsAnAllowedConnectionIntoADeniedOne()
    {
        PropertyRun.ForAll(Gen.Select(RandomClusterGen.Cluster, Gen.Int[0, 100], RandomClusterGen.Rule), (cluster, pick, rule) =>
        {
            if (cluster.Policies.Count == 0)
            {
                return;
            }

            var index = pick % cluster.Policies.Count;
            var widened = RandomCluster.Copy(cluster.Policies[index]);
            AddRuleToAGovernedDirection(widened, rule, pick);
            var before = cluster.Compile().ComputeMatrix(RandomCluster.ProbePorts);
            var after = cluster.WithPolicies(cluster.Policies.Select((p, i) => i == index ? widened : p)).Compile().ComputeMatrix(RandomCluster.ProbePorts);

            for (var p = 0; p < RandomCluster.ProbePorts.Length; p++)
            {
                for (var from = 0; from < before.Pods.Count; from++)
                {
                    foreach (var to in before.AllowedDestinations(from, p))
                    {
                        Assert.True(after.IsAllowed(from, to, p), $"{before.Pods[from]} -> {before.Pods[to]} on {RandomCluster.ProbePorts[p]} was allowed, then denied");
                    }
                }
            }
        }, iterations: Iterations, print: t => t.ToString());
    }

    /// <summary>
    /// Adds the rule to a direction the policy already governs. (Giving a policy without policyTypes its first egress
    /// rule makes it govern egress, which can deny: that is a new isolation, not a widened allow — see
    /// <see cref="IsolationSemanticsTests.TheFirstEgressRule_OfAPolicyWithoutPolicyTypes_IsolatesForEgress"/>.)
    /// </summary>
    private static void AddRuleToAGovernedDirection(V1NetworkPolicy policy, (List<V1NetworkPolicyPeer>? Peers, List<V1NetworkPolicyPort>? Ports) rule, int pick)
    {
        var types = policy.Spec.PolicyTypes;
        var governsIngress = types is null || types.Count == 0 || types.Contains("Ingress");
        var governsEgress = types is null || types.Count == 0 ? policy.Spec.Egress is { Count: > 0 } : types.Contains("Egress");
        if (governsEgress && (!governsIngress || pick % 2 == 1))
        {
            (policy.Spec.Egress ??= []).Add(RandomClusterGen.EgressRule(rule));
        }
        else if (governsIngress)
        {
            (policy.Spec.Ingress ??= []).Add(RandomClusterGen.IngressRule(rule));
        }
    }

    private static void AssertSameAnswers(NetworkPolicyEvaluator expected, NetworkPolicyEvaluator actual)
    {
        Assert.Equal(expected.Pods.Select(p => p.ToString()), actual.Pods.Select(p => p.ToString()));
        var left = expected.ComputeMatrix(RandomCluster.ProbePorts);
        var right = actual.ComputeMatrix(RandomCluster.ProbePorts);
        for (var p = 0; p < RandomCluster.ProbePorts.Length; p++)
        {
            for (var from = 0; from < expected.Pods.Count; from++)
            {
                Assert.Equal(left.AllowedDestinations(from, p), right.AllowedDestinations(from, p));
                for (var to = 0; to < expected.Pods.Count; to++)
                {
                    Assert.Equal(expected.IsAllowed(from, to, RandomCluster.ProbePorts[p]), actual.IsAllowed(from, to, RandomCluster.ProbePorts[p]));
                }
            }
        }
    }
}
