using BenchmarkDotNet.Attributes;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Benchmarks.Evaluation;

/// <summary>
/// Verdicts on the upstream e2e model: all 81 pod pairs on 80/TCP, 81/TCP, 80/UDP and 81/SCTP per operation. The
/// reported time is per verdict (OperationsPerInvoke), so verdicts per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
public class UpstreamModelEvaluationBenchmarks
{
    private const int PairsTimesPorts = 81 * 4;
    private static readonly ProtocolPort[] Ports = [ProtocolPort.Tcp(80), ProtocolPort.Tcp(81), ProtocolPort.Udp(80), ProtocolPort.Sctp(81)];

    private SyntheticCluster _cluster = null!;
    private NetworkPolicyEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = UpstreamModelCluster.Create();
        _evaluator = NetworkPolicyEvaluator.Compile(_cluster.Namespaces, _cluster.Pods, _cluster.Policies);
    }

    [Benchmark(Description = "upstream model: compile")]
    public NetworkPolicyEvaluator Compile() => NetworkPolicyEvaluator.Compile(_cluster.Namespaces, _cluster.Pods, _cluster.Policies);

    [Benchmark(Description = "upstream model: one pod-pair verdict (IsAllowed)", OperationsPerInvoke = PairsTimesPorts)]
    public int PairVerdicts()
    {
        var allowed = 0;
        foreach (var port in Ports)
        {
            for (var from = 0; from < 9; from++)
            {
                for (var to = 0; to < 9; to++)
                {
                    allowed += _evaluator.IsAllowed(from, to, port) ? 1 : 0;
                }
            }
        }

        return allowed;
    }

    [Benchmark(Description = "upstream model: one verdict in the matrix (ComputeMatrix)", OperationsPerInvoke = PairsTimesPorts)]
    public ConnectivityMatrix Matrix() => _evaluator.ComputeMatrix(Ports);

    [Benchmark(Description = "upstream model: one explained verdict (Evaluate)", OperationsPerInvoke = 81)]
    public int ExplainedVerdicts()
    {
        var allowed = 0;
        foreach (var from in _evaluator.Pods)
        {
            foreach (var to in _evaluator.Pods)
            {
                allowed += _evaluator.Evaluate(Endpoint.Pod(from.Namespace, from.Name), Endpoint.Pod(to.Namespace, to.Name), Ports[0]).Allowed ? 1 : 0;
            }
        }

        return allowed;
    }
}
