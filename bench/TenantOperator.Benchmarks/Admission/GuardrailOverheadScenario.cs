using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Hosting;

namespace TenantOperator.Benchmarks.Admission;

/// <summary>
/// What the shipped guardrails (config/guardrails) cost the API server: requests per second of the writes they
/// evaluate, on two local clusters set up as <c>run --local</c> sets one up, one without the guardrails and one with
/// them and a gated tenant (so every pod create runs the pod gate with the tenant as its param): pod creates in a
/// marked member namespace (admitted by the gate), NetworkPolicy creates (protect-generated-policies, warn-open-policies),
/// and namespace label updates (protect-tenant-labels, protect-namespace-marks). Sequential requests over HTTPS with
/// KubernetesClient as the admin, after a warm-up; each number is the best of three rounds.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- admission [requests per round]</c>.
/// </summary>
public static class GuardrailOverheadScenario
{
    private const string Member = "bench-member";
    private const int Rounds = 3;

    public static async Task RunAsync(string[] args)
    {
        var perRound = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var without = await MeasureAsync(guardrails: false, perRound);
        var with = await MeasureAsync(guardrails: true, perRound);
        Console.WriteLine($"{"request",-28} {"without guardrails",20} {"with guardrails",18} {"added per request",18}");
        foreach (var (kind, rate) in without)
        {
            var guarded = with[kind];
            Console.WriteLine($"{kind,-28} {rate,16:F0} r/s {guarded,14:F0} r/s {(1 / guarded - 1 / rate) * 1000,15:F2} ms");
        }
    }

    // A JSON merge patch of namespace labels.
    private static string Labels(params (string Key, string Value)[] labels) =>
        System.Text.Json.JsonSerializer.Serialize(new { metadata = new { labels = labels.ToDictionary(l => l.Key, l => l.Value) } });

    private static async Task<Dictionary<string, double>> MeasureAsync(bool guardrails, int perRound)
    {
        var directory = Directory.CreateTempSubdirectory("admission-bench-").FullName;
        try
        {
            await using var cluster = await LocalCluster.StartAsync(0, Path.Combine(directory, "kubeconfig"), "tenant-operator-system", null, null,
                NullLoggerFactory.Instance, CancellationToken.None, guardrails: guardrails);
            using var admin = new Kubernetes(cluster.ClientConfiguration);
            using var operatorClient = new Kubernetes(cluster.OperatorClientConfiguration);
            await admin.CustomObjects.CreateClusterCustomObjectAsync(
                KubernetesYaml.Deserialize<TenantIsolation>("""
                    apiVersion: isolation.tenantoperator.io/v1alpha1
                    kind: TenantIsolation
                    metadata: {name: bench}
                    spec: {podAdmission: Gated, namespaceSelector: {matchLabels: {tenant: bench}}}
                    """), TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Member, Labels = new Dictionary<string, string> { ["tenant"] = "bench" } } });
            // As the operator marks a member once its policies are in place: the gate admits pods from then on.
            await operatorClient.CoreV1.PatchNamespaceAsync(new V1Patch(
                Labels((WellKnown.TenantLabel, "bench"), (WellKnown.IsolatedLabel, "true")), V1Patch.PatchType.MergePatch), Member);

            var counter = 0;
            var requests = new Dictionary<string, Func<Task>>
            {
                ["pod create"] = () => admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = $"pod-{Interlocked.Increment(ref counter)}" },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
                }, Member),
                ["networkpolicy create"] = () => admin.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy
                {
                    Metadata = new V1ObjectMeta { Name = $"allow-{Interlocked.Increment(ref counter)}" },
                    Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }] },
                }, Member),
                ["namespace label update"] = () => admin.CoreV1.PatchNamespaceAsync(new V1Patch(
                    Labels(("revision", Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture))), V1Patch.PatchType.MergePatch), Member),
            };

            var rates = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (kind, send) in requests)
            {
                for (var i = 0; i < perRound / 10; i++)
                {
                    await send();
                }

                var best = 0.0;
                for (var round = 0; round < Rounds; round++)
                {
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < perRound; i++)
                    {
                        await send();
                    }

                    best = Math.Max(best, perRound / clock.Elapsed.TotalSeconds);
                }

                rates[kind] = best;
            }

            return rates;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
