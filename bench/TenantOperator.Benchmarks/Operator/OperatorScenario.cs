using System.Diagnostics;
using System.Runtime.InteropServices;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// Issue 5's speed and scale goals, as a console run: a LocalApiServer in this process with 1,000 tenants × 10
/// namespaces (see <see cref="TenantFleet"/>), and the real operator (<c>tenant-operator run</c>) in a process of its
/// own against it over HTTP. Phases: cold start, resync on a converged cluster (restart, periodic), new namespaces one
/// at a time and in a burst, a spec change fanned out, memory.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- operator [--tenants 100] [...]</c>
/// (see <see cref="ScenarioOptions"/>).
/// </summary>
public static class OperatorScenario
{
    private const int Writers = 16;

    public static async Task RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse(args);
        var report = new ScenarioReport();
        var work = Directory.CreateTempSubdirectory("operator-scenario-").FullName;
        report.Log($"{options.Tenants} tenants × {options.NamespacesPerTenant} namespaces, write budget {options.WriteQps} QPS; " +
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work directory {work}");
        if (options.CompareAuthorization)
        {
            await AuthorizationComparison.RunAsync(options, report, work);
        }
        else
        {
            await RunPhasesAsync(options, report, work);
        }

        await report.PrintAsync(options.MarkdownPath);
    }

    /// <summary>
    /// A LocalApiServer with the fleet in it (authorization as given), an observer, and a kubeconfig for the operator's
    /// ServiceAccount from config/rbac, valid for a day: the operator process runs as it, as in a cluster.
    /// </summary>
    public static async Task<(LocalCluster Cluster, Kubernetes Client, ClusterObserver Observer, ScenarioContext Context)> SetUpAsync(
        ScenarioOptions options, ScenarioReport report, string work, AuthorizationMode authorization)
    {
        var cluster = await LocalCluster.StartAsync(0, Path.Combine(work, "kubeconfig"), ScenarioContext.OperatorNamespace, null, null, NullLoggerFactory.Instance, CancellationToken.None, authorization);
        var operatorKubeconfig = await cluster.WriteOperatorKubeconfigAsync(Path.Combine(work, "operator.kubeconfig"), TimeSpan.FromDays(1), CancellationToken.None);
        var client = new Kubernetes(cluster.ClientConfiguration);
        var fleet = new TenantFleet(options.Tenants, options.NamespacesPerTenant, options.LargeTenantSizes);
        await PopulateAsync(client, fleet, report);
        var observer = await ClusterObserver.StartAsync(client);
        return (cluster, client, observer, new ScenarioContext(options, fleet, cluster.Server, operatorKubeconfig, client, observer, report, work));
    }

    private static async Task RunPhasesAsync(ScenarioOptions options, ScenarioReport report, string work)
    {
        var (cluster, client, observer, context) = await SetUpAsync(options, report, work, AuthorizationMode.Rbac);
        await using var disposeCluster = cluster;
        using var disposeClient = client;
        await using var disposeObserver = observer;
        try
        {
            await ColdStartPhase.RunAsync(context);
            await ResyncPhase.RunAsync(context);
            var interval = options.SequentialInterval;
            await NewNamespacePhase.SequentialAsync(context, $"one at a time, at most one every {interval.TotalMilliseconds:F0} ms", interval, 0);
            await NewNamespacePhase.SequentialAsync(context, "one at a time, back to back", TimeSpan.Zero, options.SequentialNamespaces);
            await NewNamespacePhase.ReportIsolationHistogramAsync(context);
            await NewNamespacePhase.BurstAsync(context);
            await FanOutPhase.RunAsync(context);
            await context.ReportEndAsync();
        }
        finally
        {
            await context.StopOperatorAsync();
        }

        GC.Collect();
        report.Log($"this process (LocalApiServer and the scenario's own informers): RSS {ScenarioReport.MiB(Environment.WorkingSet)}, managed heap {ScenarioReport.MiB(GC.GetTotalMemory(false))}");
    }

    /// <summary>Creates the namespaces, the team-written policies and the tenants, with concurrent writers.</summary>
    private static async Task PopulateAsync(Kubernetes client, TenantFleet fleet, ScenarioReport report)
    {
        var clock = Stopwatch.StartNew();
        var namespaces = fleet.Namespaces().ToList();
        await ForEachAsync(namespaces, ns => client.CoreV1.CreateNamespaceAsync(ns));
        var policies = fleet.TeamWrittenPolicies().ToList();
        await ForEachAsync(policies, p => client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(p, p.Metadata.NamespaceProperty));

        // Tenants one by one, so that their creation timestamps (which decide conflicts) follow their names.
        var tenants = fleet.TenantIsolations().ToList();
        foreach (var tenant in tenants)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        }

        report.Log($"created {namespaces.Count} namespaces, {policies.Count} team-written policies and {tenants.Count} tenants in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (item, _) => await action(item));
}
