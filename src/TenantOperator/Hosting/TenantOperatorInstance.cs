using System.Runtime;
using k8s;
using Microsoft.Extensions.Logging;
using TenantOperator.Controller;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Controllers;
using TenantOperator.Runtime.Events;
using TenantOperator.Runtime.Http;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.LeaderElection;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Hosting;

/// <summary>
/// One running operator: caches, queue, reconciler, leader election, resync. Every instance keeps its caches warm;
/// only the leader runs workers. Several instances can run in one process (the integration tests do).
/// </summary>
public sealed class TenantOperatorInstance : IDisposable
{
    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Kubernetes _client;
    private readonly KubernetesWriter _writer;
    private readonly ControllerManager _controllers;
    private readonly LeaderElectionLoop? _leaderLoop;
    private readonly TaskCompletionSource _workersStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TenantOperatorInstance(KubernetesClientConfiguration configuration, OperatorOptions options, TimeProvider time, ILoggerFactory loggers, IPolicyBreachFinder? breachFinder = null)
    {
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<TenantOperatorInstance>();
        Metrics = new RuntimeMetrics();
        OperatorMetrics = new OperatorMetrics(Metrics.Registry);
        _client = KubernetesClientFactory.Create(configuration, Metrics);
        Caches = new ClusterCaches(_client, Metrics, time, loggers, new InformerOptions { UnhealthyAfter = options.CacheUnhealthyAfter });
        Guardrails = new GuardrailWatch(_client, [.. GuardrailManifests.Load(options.Namespace).Select(o => (o.Kind, o.Metadata.Name))], Metrics, time, loggers,
            new InformerOptions { UnhealthyAfter = options.CacheUnhealthyAfter });
        _writer = new KubernetesWriter(_client, new KubernetesWriterOptions { Qps = options.WriteQps, Burst = (int)Math.Max(1, options.WriteQps) }, time, loggers.CreateLogger<KubernetesWriter>());
        var recorder = new EventRecorder(_writer, new EventRecorderOptions { ReportingInstance = options.Identity }, time, loggers.CreateLogger<EventRecorder>());
        // The reconciler only reads planned policies (it clones before writing), so they may share their parts.
        var plans = new ClusterPlanCache(Caches, PlannerOptions.WithProtected([options.Namespace, .. options.ProtectedNamespaces]) with
        {
            ShareUnchangingParts = true,
            SpecPool = Caches.SharedParts.ShareSpec,
        });
        Reconciler = new TenantReconciler(Caches, plans, new PolicyApplier(_writer, options.WriteConcurrency, loggers.CreateLogger<PolicyApplier>(), Caches.SharedParts.Share),
            _writer, recorder, breachFinder ?? new PolicyBreachFinder(), OperatorMetrics, new RewriteLoopTracker(OperatorMetrics, new RewriteBackoff(options.RewriteBackoff, options.RewriteBackoffMax), time),
            new NamespaceMarker(Caches, _writer, loggers.CreateLogger<NamespaceMarker>()), Guardrails.Report, time, time.GetUtcNow(), loggers.CreateLogger<TenantReconciler>());
        // The one registration point: a second controller is one more line here.
        _controllers = new ControllerManager(new ControllerRuntime(time, Metrics, loggers));
        TenantController.Register(_controllers, Caches, Reconciler, options.Workers);

        // Blind or seeing again, every tenant's status must say so: Ready Unknown, or what the caches show now.
        Caches.HealthChanged += _controllers.EnqueueAll;
        // A guardrail removed or put back changes every tenant's GuardrailsInstalled condition.
        Guardrails.Changed += () =>
        {
            if (Caches.HasSynced)
            {
                _controllers.EnqueueAll();
            }
        };
        if (options.LeaderElect)
        {
            var election = new LeaderElectionOptions
            {
                LeaseName = "tenant-operator",
                LeaseNamespace = options.Namespace,
                Identity = options.Identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
                ReleaseOnShutdown = options.ReleaseLeaseOnShutdown,
            };
            _leaderLoop = new LeaderElectionLoop(new KubernetesLeadershipCampaign(_client, election), new LeaseReleaser(_client, election, time),
                election, time, loggers.CreateLogger<LeaderElectionLoop>(), Metrics.Leader);
        }
    }

    /// <summary>The shipped guardrails as the cluster holds them, for the tenants' GuardrailsInstalled condition.</summary>
    public GuardrailWatch Guardrails { get; }

    /// <summary>The runtime's metrics registry, with the operator's metrics in it.</summary>
    public RuntimeMetrics Metrics { get; }

    /// <summary>The operator's own metrics.</summary>
    public OperatorMetrics OperatorMetrics { get; }

    /// <summary>The caches.</summary>
    public ClusterCaches Caches { get; }

    /// <summary>The reconciler.</summary>
    public TenantReconciler Reconciler { get; }

    /// <summary>True while this instance runs workers.</summary>
    public bool IsLeader => _leaderLoop?.IsLeader ?? _leading;

    /// <summary>True once the caches have listed, while every one of them can be trusted: the instance is ready to serve.</summary>
    public bool IsReady => NotReadyReason is null;

    /// <summary>Why the instance is not ready (what /readyz answers), or null when it is.</summary>
    public string? NotReadyReason => !Caches.HasSynced
        ? "caches not synced"
        : Caches.Unhealthy() is { Count: > 0 } problems
            ? string.Join("; ", problems.Select(p => p.LastError is null ? p.ToString() : $"{p} (last error: {p.LastError})"))
            : null;

    private volatile bool _leading;

    /// <summary>
    /// Runs until <paramref name="stopping"/> is cancelled, then shuts down gracefully: stop taking work, let the
    /// in-flight reconciles finish their writes, release the lease.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var lifetime = new CancellationTokenSource();
        var informers = Task.WhenAll(Caches.RunAsync(lifetime.Token), Guardrails.RunAsync(lifetime.Token));
        try
        {
            try
            {
                await Caches.WaitForSyncAsync(stopping);
                await Guardrails.SettledAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return; // stopped before the caches synced: nothing was started
            }

            _logger.LogInformation("Caches synced: {Tenants} tenants, {Namespaces} namespaces, {Policies} policies",
                Caches.Tenants.Cache.Count, Caches.Namespaces.Cache.Count, Caches.Policies.Cache.Count);
            ReturnFreeMemory();
            using var idleReturn = new IdleMemoryReturn(() => _controllers.Idle, () => GC.GetTotalAllocatedBytes(), ReturnFreeMemory, _time, UnusedHeapRoom);
            idleReturn.Start();
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            var work = _leaderLoop is null ? LeadAsync(leading.Token) : _leaderLoop.RunAsync(LeadAsync, leading.Token);
            await Task.WhenAny(work, Task.Delay(Timeout.Infinite, stopping));

            // Graceful stop: no new work, wait for the in-flight reconciles, then release the lease.
            _controllers.ShutDown();
            if (IsLeader)
            {
                await _workersStopped.Task.WaitAsync(TimeSpan.FromSeconds(30), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await leading.CancelAsync();
            await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await lifetime.CancelAsync();
            await informers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _logger.LogInformation("{Identity} stopped", _options.Identity);
        }
    }

    /// <summary>One term as leader: a full pass of every controller, again on each resync, and their workers.</summary>
    private async Task LeadAsync(CancellationToken term)
    {
        _leading = true;
        try
        {
            _controllers.EnqueueAll();
            using var resync = _options.ResyncPeriod > TimeSpan.Zero
                ? _time.CreateTimer(_ => _controllers.EnqueueAll(), null, _options.ResyncPeriod, _options.ResyncPeriod)
                : null;
            await _controllers.RunAsync(term);
            if (_controllers.IsShuttingDown)
            {
                _workersStopped.TrySetResult();
            }
        }
        finally
        {
            _leading = false;
        }
    }

    /// <summary>
    /// One compacting collection that returns free memory to the system. After the first lists, which deserialized every
    /// object and every list page once more than the caches keep (the caches share equal parts and drop the rest): at
    /// 10,000 namespaces a few hundred MB of garbage, some of it large list pages; and whenever the operator rests after
    /// much work (<see cref="IdleMemoryReturn"/>). Left alone the heap keeps that room for long (docs/PERFORMANCE.md,
    /// "Operator at scale").
    /// </summary>
    private static void ReturnFreeMemory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// What the collector holds committed beyond the live objects the last collection found (free space inside the heap
    /// and free regions not yet given back): the room a compacting collection returns.
    /// </summary>
    private static long UnusedHeapRoom()
    {
        var info = GC.GetGCMemoryInfo();
        return info.TotalCommittedBytes - (info.HeapSizeBytes - info.FragmentedBytes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _controllers.Dispose();
        _writer.Dispose();
        _client.Dispose();
    }
}
