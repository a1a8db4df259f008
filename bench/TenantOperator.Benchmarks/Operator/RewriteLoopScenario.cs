using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Hosting;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The operator's write rate while a mutating webhook rewrites every NetworkPolicy (the LocalApiServer's
/// <c>RewriteEveryWrite</c> fault): <c>--tenants</c> tenants × 2 namespaces (3 policies each), the real operator
/// process with its defaults (rewrite backoff 30 s doubling to 5 min), the fault on for <c>--minutes</c>, then off.
/// Prints the API server's write requests per minute by resource, when every tenant reported PolicyRewrittenByOthers,
/// and how long it took to converge once the fault was cleared.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- rewrite-loop [--tenants 50] [--minutes 8]</c>.
/// </summary>
public static class RewriteLoopScenario
{
    private const int NamespacesPerTenant = 2;

    public static async Task RunAsync(string[] args)
    {
        var tenants = Option(args, "--tenants", 50);
        var minutes = Option(args, "--minutes", 8);
        var policies = tenants * NamespacesPerTenant * 3;
        var work = Directory.CreateTempSubdirectory("rewrite-loop-").FullName;
        await using var cluster = await LocalCluster.StartAsync(0, Path.Combine(work, "kubeconfig"), ScenarioContext.OperatorNamespace, null, null, NullLoggerFactory.Instance, CancellationToken.None);
        var kubeconfig = await cluster.WriteOperatorKubeconfigAsync(Path.Combine(work, "operator.kubeconfig"), TimeSpan.FromDays(1), CancellationToken.None);
        using var client = new Kubernetes(cluster.ClientConfiguration);
        for (var t = 0; t < tenants; t++)
        {
            var names = Enumerable.Range(0, NamespacesPerTenant).Select(n => $"t{t:D3}-{n}").ToList();
            foreach (var name in names)
            {
                await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
            }

            var tenant = new TenantIsolation { ApiVersion = TenantIsolation.GroupVersion, Kind = TenantIsolation.KindName, Metadata = new V1ObjectMeta { Name = $"t{t:D3}" }, Spec = new TenantIsolationSpec { Namespaces = names } };
            await client.CustomObjects.CreateClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        }

        var server = cluster.Server;
        server.Faults.RewriteEveryWrite("networkpolicies", (JsonArray)JsonNode.Parse("""[{"op": "add", "path": "/spec/podSelector/matchLabels", "value": {"mesh": "on"}}]""")!);
        server.Counters.Reset();
        Console.WriteLine($"{tenants} tenants, {policies} generated policies; a webhook rewrites spec.podSelector of every NetworkPolicy for {minutes} min; {Environment.ProcessorCount} cores");
        await using var process = OperatorProcess.Start(kubeconfig, 100, TimeSpan.FromMinutes(10), Path.Combine(work, "operator.log"));
        var clock = Stopwatch.StartNew();
        TimeSpan? allLooping = null;
        long total = 0;
        Console.WriteLine("| minute | NetworkPolicy writes | status writes | event writes | tenants PolicyRewrittenByOthers |");
        Console.WriteLine("|---|---|---|---|---|");
        for (var minute = 1; minute <= minutes; minute++)
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(minute))
            {
                if (allLooping is null && await CountReasonAsync(client, ConditionReasons.PolicyRewrittenByOthers) == tenants)
                {
                    allLooping = clock.Elapsed;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var (netpol, status, events) = (server.Counters.Writes("networkpolicies"), server.Counters.Writes("tenantisolations/status"), server.Counters.Writes("events"));
            server.Counters.Reset();
            total += netpol;
            var looping = await CountReasonAsync(client, ConditionReasons.PolicyRewrittenByOthers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {minute} | {netpol} | {status} | {events} | {looping} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"every tenant PolicyRewrittenByOthers after {allLooping?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "never"} s; {total} NetworkPolicy writes in {minutes} min ({(double)total / policies:F1} per policy)"));
        server.Faults.Clear();
        server.Counters.Reset();
        var cleared = Stopwatch.StartNew();
        while (await CountReasonAsync(client, ConditionReasons.Reconciled) < tenants && cleared.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fault cleared: every tenant Reconciled after {cleared.Elapsed.TotalSeconds:F1} s, with {server.Counters.Writes("networkpolicies")} NetworkPolicy writes"));
        await process.StopAsync();
    }

    private static async Task<int> CountReasonAsync(Kubernetes client, string reason)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        var tenants = KubernetesJson.Deserialize<TenantIsolationList>(KubernetesJson.Serialize(list)).Items;
        return tenants.Count(t => t.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Reason == reason) == true);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
