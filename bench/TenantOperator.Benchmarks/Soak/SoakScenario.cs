using System.Diagnostics;
using System.Runtime.InteropServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Benchmarks.Operator;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Issue 13's chaos soak: a LocalApiServer in this process, the real operator in two processes of their own with
/// leader election, and for <see cref="SoakOptions.Duration"/>, on a fixed seed: a share of all API requests failing
/// with 500 and 429, watches dropped, history compacted, the leader killed with SIGKILL or its Lease deleted, generated
/// policies edited and deleted by hand, namespaces joining and leaving tenants, specs changing, and a policy with the
/// operator's labels that is not the operator's. Then the faults stop, and the soak measures how long the cluster
/// takes to be exactly as planned (by <see cref="IsolationOracle"/>, not the operator's planner), and in a calm tail
/// the writes made against the writes needed; along the way failovers, default-deny gaps, objects touched that were
/// not the operator's, and the long-lived replica's memory. With <see cref="SoakOptions.ConstantSize"/> it is a leak
/// check: the cluster keeps its size and the heap is read after a full collection at regular times.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- soak [--short] [--constant-size] [--minutes N] [--seed N]</c>.
/// </summary>
public static class SoakScenario
{
    private const int InitialChurn = 6;
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(3);

    /// <summary>The command: runs the soak, prints the report; exit code 1 when an invariant broke.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = SoakOptions.Parse(args);
        var report = new ScenarioReport();
        var result = await RunAsync(options, report);
        result.Report(report);
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.MarkdownPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown);
        }

        return result.Violations.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs the soak with <paramref name="options"/>, logging to <paramref name="report"/>; the test of the short variant calls this.</summary>
    public static async Task<SoakResult> RunAsync(SoakOptions options, ScenarioReport report)
    {
        var work = Directory.CreateTempSubdirectory("soak-").FullName;
        report.Log($"soak{(options.ConstantSize ? " at constant size" : "")}: {options.Duration.TotalMinutes:F0} min of faults, seed {options.Seed}, {options.Replicas} replicas; {Environment.ProcessorCount} cores, " +
            $"load average {LoadAverage()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work directory {work}");
        var kubeconfig = Path.Combine(work, "kubeconfig");
        await using var cluster = await LocalCluster.StartAsync(0, kubeconfig, SoakFleet.OperatorNamespace, null, null, NullLoggerFactory.Instance, CancellationToken.None);

        // The replicas run as the operator's ServiceAccount (config/rbac), as in a cluster; the soak itself is the admin.
        var operatorKubeconfig = await cluster.WriteOperatorKubeconfigAsync(Path.Combine(work, "operator.kubeconfig"), TimeSpan.FromDays(1), CancellationToken.None);
        using var client = new Kubernetes(cluster.ClientConfiguration);
        await SeedAsync(client);
        await using var observer = await SoakObserver.StartAsync(client);
        var random = new Random(options.Seed);
        await using var replicas = new OperatorReplicas(operatorKubeconfig, work, options, report.Log);
        var failovers = new FailoverMeter(client, replicas, report.Log);
        var actions = new ChaosActions(client, cluster.Server, replicas, observer, failovers, random, report.Log) { ChurnCreated = InitialChurn, ConstantSize = options.ConstantSize };

        // At constant size the foreign policy that otherwise appears during the faults is there from the start.
        foreach (var key in SoakFleet.CopiedPolicies.Skip(options.ConstantSize ? 0 : 1))
        {
            await actions.CreateForeignAsync(key, copiedLabels: true);
        }

        foreach (var key in SoakFleet.TeamPolicies)
        {
            await actions.CreateForeignAsync(key, copiedLabels: false);
        }

        await replicas.StartAsync();
        var first = await WaitForPlannedStateAsync(observer, options.ConvergenceDeadline);
        report.Result("first convergence (replicas started → exact planned state)", first is { } f ? $"{f.TotalSeconds:F1} s" : "never");
        var memoryStart = await HeapSampler.ReadAsync(replicas.Survivor);

        // The faults.
        var schedule = ChaosSchedule.Plan(options, random);
        report.Log($"schedule: {schedule.Count} steps ({string.Join(", ", schedule.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
        var gaps = new DenyGapTracker();
        using var sampling = new CancellationTokenSource();
        var overlaps = new StrongBox<int>();
        var sampler = SampleAsync(observer, gaps, replicas, options, overlaps, report.Log, sampling.Token);
        var faultWindow = new RequestWindow(cluster.Server.Counters);
        ArmFaults(cluster.Server, options);
        var start = Stopwatch.GetTimestamp();
        var heapSampler = new HeapSampler(replicas.Survivor, observer.Snapshot, options.HeapEvery, report.Log);
        using var heapSampling = new CancellationTokenSource();
        var heapSamples = options.ConstantSize ? heapSampler.RunAsync(start, heapSampling.Token) : Task.CompletedTask;

        // A young process's heap still grows for a while; a second reading once it has run under faults tells leak from warm-up.
        var warmAt = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, options.Duration.Ticks / 6));
        var memoryWarm = Task.Delay(warmAt).ContinueWith(_ => HeapSampler.ReadAsync(replicas.Survivor), TaskScheduler.Default).Unwrap();
        foreach (var step in schedule)
        {
            await DelayUntilAsync(start, step.At);
            try
            {
                await actions.RunAsync(step);
            }
#pragma warning disable CA1031 // One failed step (the API refusing it after every retry) must not end the soak.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                report.Log($"{step.Kind} failed: {ex.Message}");
            }
        }

        await DelayUntilAsync(start, options.Duration);
        await heapSampling.CancelAsync();
        await heapSamples;
        cluster.Server.Faults.Clear();
        var (injected, requests) = Injected(faultWindow);
        report.Log($"faults stopped after {Stopwatch.GetElapsedTime(start).TotalMinutes:F1} min; load average {LoadAverage()}");
        replicas.RestartKilled();
        var settled = await WaitForPlannedStateAsync(observer, options.ConvergenceDeadline);
        await failovers.WhenAllMeasuredAsync();

        var (made, needed) = settled is null ? (0L, 0L) : await CalmTailAsync(cluster.Server, observer, actions, options, report);
        await sampling.CancelAsync();
        await sampler;
        gaps.CloseAll(Stopwatch.GetTimestamp());
        var memoryEnd = await HeapSampler.ReadAsync(replicas.Survivor);
        report.Log($"load average at the end {LoadAverage()}");
        return new SoakResult
        {
            Chaos = actions.Done,
            InjectedFailures = injected,
            RequestsDuringFaults = requests,
            TimeToPlannedState = settled,
            FinalDifferences = await FinalDifferencesAsync(client),
            CalmWritesMade = made,
            CalmWritesNeeded = needed,
            Failovers = failovers.Failovers,
            JoinDenyGaps = gaps.JoinGaps,
            LossDenyGaps = gaps.LossGaps,
            ForeignTouches = [.. observer.ForeignTouches, .. await ForeignChangedAsync(client, observer)],
            LeaderOverlaps = overlaps.Value,
            LeaderOverlapsFromLogs = replicas.Timeline.Overlaps(Stopwatch.GetTimestamp()),
            ConstantSize = options.ConstantSize,
            HeapReadings = heapSampler.Readings,
            HeapBaselineAt = options.HeapBaselineAt,
            // RBAC's refusals only: a 403 of namespace lifecycle (a create racing a namespace's deletion) is the cluster's answer, not a missing rule.
            Forbidden = [.. cluster.Server.Authorization.Denials.Where(d => d.User == cluster.OperatorUserName).Select(d => $"{d.Verb} {d.Resource} {d.Namespace}/{d.Name}: {d.Message}")],
            MemoryStart = memoryStart,
            MemoryWarm = (warmAt, await memoryWarm),
            MemoryEnd = memoryEnd,
        };
    }

    private static async Task SeedAsync(Kubernetes client)
    {
        foreach (var ns in SoakFleet.InitialNamespaces(InitialChurn))
        {
            await client.CoreV1.CreateNamespaceAsync(ns);
        }

        // One by one, so that their creation timestamps follow their names.
        foreach (var tenant in SoakFleet.InitialTenants())
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        }
    }

    // Half of the failures 500, half 429 (Retry-After 1 s): the 429 rule sees only what the 500 rule let through.
    private static void ArmFaults(LocalKubernetesApiServer server, SoakOptions options)
    {
        var half = options.FailureRate / 2;
        server.Faults.FailFraction("*", "*", half, FaultKind.InternalError, options.Seed);
        server.Faults.FailFraction("*", "*", half / (1 - half), FaultKind.TooManyRequests, options.Seed + 1);
    }

    private static (long Injected, long All) Injected(RequestWindow window)
    {
        var delta = window.Delta();
        return (delta.Where(c => c.Code is 500 or 429).Sum(c => c.Count), delta.Sum(c => c.Count));
    }

    /// <summary>Polls the observer until the cluster is exactly as planned; returns how long that took, or null at the deadline.</summary>
    private static async Task<TimeSpan?> WaitForPlannedStateAsync(SoakObserver observer, TimeSpan deadline)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < deadline)
        {
            var snapshot = observer.Snapshot();
            if (snapshot.Oracle().Differences(snapshot.Policies, SoakFleet.CopiedPolicies).Count == 0)
            {
                return Stopwatch.GetElapsedTime(start);
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>
    /// Changes without faults, each waited for: namespaces joining, specs changing; then a quiet time with a periodic
    /// resync. Returns the policy writes the server received meanwhile (all the operator's: the scenario writes none
    /// here) and the writes the oracle says the changes needed.
    /// </summary>
    private static async Task<(long Made, long Needed)> CalmTailAsync(LocalKubernetesApiServer server, SoakObserver observer, ChaosActions actions, SoakOptions options, ScenarioReport report)
    {
        var random = new Random(options.Seed + 2);
        var window = new RequestWindow(server.Counters);
        long needed = 0;
        for (var i = 0; i < options.CalmChanges; i++)
        {
            var before = observer.Snapshot();
            if (i % 2 == 0)
            {
                var ns = await actions.CreateNamespaceAsync("calm-", SoakFleet.SelectorTenants[random.Next(SoakFleet.SelectorTenants.Count)]);
                await WaitAsync(() => observer.Caches.Namespaces.Cache.Get(null, ns) is not null, $"the observer sees {ns}");
            }
            else
            {
                var tenant = SoakFleet.SelectorTenants.Concat(SoakFleet.NamedTenants).ElementAt(random.Next(6));
                var generation = observer.Caches.Tenants.Cache.Get(null, tenant)!.Metadata.Generation;
                await actions.ChangeSpecAsync(tenant);
                await WaitAsync(() => observer.Caches.Tenants.Cache.Get(null, tenant)!.Metadata.Generation != generation, $"the observer sees {tenant}'s new spec");
            }

            needed += Needed(observer.Snapshot().Oracle(), before.Policies);
            if (await WaitForPlannedStateAsync(observer, options.ConvergenceDeadline) is null)
            {
                report.Log("calm tail: the planned state was not reached");
                break;
            }
        }

        await Task.Delay(options.CalmIdle);
        report.Log($"calm tail: {window.Describe()}");
        return (window.PolicyWrites, needed);
    }

    // The policies to create or rewrite (missing, or not what the oracle expects) and the owned ones to delete.
    private static long Needed(IsolationOracle oracle, IReadOnlyList<V1NetworkPolicy> before)
    {
        var byKey = before.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal);
        var expected = oracle.Policies.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var writes = oracle.Policies.Count(p => !byKey.TryGetValue(p.Key, out var actual) || oracle.Problem(p, actual) is not null);
        return writes + before.Count(p => !expected.Contains($"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}")
            && p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == TenantIsolation.KindName) == true);
    }

    /// <summary>Samples deny gaps, counts moments with two leaders, and restarts killed replicas after a pod's restart delay.</summary>
    private static async Task SampleAsync(SoakObserver observer, DenyGapTracker gaps, OperatorReplicas replicas, SoakOptions options, StrongBox<int> overlaps, Action<string> log, CancellationToken stop)
    {
        long? deadSince = null;
        var lastLeaderCheck = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            gaps.Sample(observer.Snapshot(), Stopwatch.GetTimestamp());
            if (Stopwatch.GetElapsedTime(lastLeaderCheck) >= TimeSpan.FromSeconds(1))
            {
                lastLeaderCheck = Stopwatch.GetTimestamp();
                if ((await replicas.LeadersAsync()).Count > 1)
                {
                    overlaps.Value++;
                    log("two replicas say they lead");
                }

                if (replicas.All.Any(r => r.Process.HasExited))
                {
                    deadSince ??= Stopwatch.GetTimestamp();
                    if (Stopwatch.GetElapsedTime(deadSince.Value) >= RestartAfter)
                    {
                        replicas.RestartKilled();
                        deadSince = null;
                    }
                }
            }

            await Task.Delay(options.SampleEvery, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The cluster against the plan, read straight from the API server rather than from the observer's caches.</summary>
    private static async Task<IReadOnlyList<string>> FinalDifferencesAsync(Kubernetes client)
    {
        var tenants = KubernetesJson.Deserialize<TenantIsolationList>(KubernetesJson.Serialize(
            await client.CustomObjects.ListClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural)));
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        var policies = await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync();
        return new IsolationOracle([.. tenants.Items], [.. namespaces.Items]).Differences([.. policies.Items], SoakFleet.CopiedPolicies);
    }

    // Objects the scenario left at one version and that are now at another, or gone.
    private static async Task<IReadOnlyList<string>> ForeignChangedAsync(Kubernetes client, SoakObserver observer)
    {
        var changed = new List<string>();
        foreach (var (key, version) in observer.Guarded)
        {
            var (ns, name) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            try
            {
                var now = await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns);
                if (now.Metadata.ResourceVersion != version)
                {
                    changed.Add($"{key} is at resourceVersion {now.Metadata.ResourceVersion}, left at {version}");
                }
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                changed.Add($"{key} is gone");
            }
        }

        return changed;
    }

    private static async Task DelayUntilAsync(long start, TimeSpan at)
    {
        var wait = at - Stopwatch.GetElapsedTime(start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed class StrongBox<T>
    {
        public T? Value { get; set; }
    }
}
