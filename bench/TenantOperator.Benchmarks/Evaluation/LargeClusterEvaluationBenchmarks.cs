using BenchmarkDotNet.Attributes;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Benchmarks.Evaluation;

/// <summary>
/// The generated large cluster (1,000 namespaces, 10,000 pods, 5,000 policies; see <see cref="LargeClusterGenerator"/>):
/// compile time, and the time per verdict for random pod pairs, for the bulk matrix and for explained verdicts.
/// Per-verdict times are per single verdict (OperationsPerInvoke): verdicts per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
public class LargeClusterEvaluationBenchmarks
{
    private const int RandomPairs = 1_000_000;
    private const int ExplainedPairs = 1_000;

    private static readonly ProtocolPort[] Ports = [ProtocolPort.Tcp(8080), ProtocolPort.Tcp(5432), ProtocolPort.Udp(53), ProtocolPort.Tcp(443)];

    private SyntheticCluster _cluster = null!;
    private NetworkPolicyEvaluator _evaluator = null!;
    private int[] _sources = null!;
    private int[] _destinations = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = LargeClusterGenerator.Generate();
        _evaluator = NetworkPolicyEvaluator.Compile(_cluster.Namespaces, _cluster.Pods, _cluster.Policies);
        var random = new Random(7);
        _sources = [.. Enumerable.Range(0, RandomPairs).Select(_ => random.Next(_evaluator.Pods.Count))];
        _destinations = [.. Enumerable.Range(0, RandomPairs).Select(_ => random.Next(_evaluator.Pods.Count))];
    }

    [Benchmark(Description = "large cluster: compile (1,000 ns, 10,002 pods, 5,000 policies)")]
    public NetworkPolicyEvaluator Compile() => NetworkPolicyEvaluator.Compile(_cluster.Namespaces, _cluster.Pods, _cluster.Policies);

    [Benchmark(Description = "large cluster: one random pod-pair verdict (IsAllowed)", OperationsPerInvoke = RandomPairs)]
    public int RandomPairVerdicts()
    {
        var allowed = 0;
        for (var i = 0; i < RandomPairs; i++)
        {
            allowed += _evaluator.IsAllowed(_sources[i], _destinations[i], Ports[i & 3]) ? 1 : 0;
        }

        return allowed;
    }

    [Benchmark(Description = "large cluster: one verdict in the full matrix, 1 port (ComputeMatrix)", OperationsPerInvoke = 10_002 * 10_002)]
    public long MatrixOnePort() => _evaluator.ComputeMatrix([Ports[0]]).CountAllowed(0);

    [Benchmark(Description = "large cluster: one explained verdict (Evaluate)", OperationsPerInvoke = ExplainedPairs)]
    public int ExplainedVerdicts()
    {
        var allowed = 0;
        for (var i = 0; i < ExplainedPairs; i++)
        {
            var from = _evaluator.Pods[_sources[i]];
            var to = _evaluator.Pods[_destinations[i]];
            allowed += _evaluator.Evaluate(Endpoint.Pod(from.Namespace, from.Name), Endpoint.Pod(to.Namespace, to.Name), Ports[i & 3]).Allowed ? 1 : 0;
        }

        return allowed;
    }
}
