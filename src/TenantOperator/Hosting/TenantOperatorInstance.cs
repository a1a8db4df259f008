using System.Runtime;
using k8s;
using Microsoft.Extensions.Logging;
using TenantOperator.Controller;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Events;
using TenantOperator.Runtime.Http;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.LeaderElection;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Queue;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Hosting;

/// <summary>
/// One running operator: caches, queue, reconciler, leader election, resync. Every instance keeps its caches warm;
/// only the leader runs workers. Several instances can run in one process (the integration tests do).
/// </summary>
public sealed class TenantOperatorInstance : IDisposable
{
    private const string ControllerName = "tenantisolation";

    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Kubernetes _client;
    private readonly KubernetesWriter _writer;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileWorkerPool<string> _pool;
    private readonly LeaderElectionLoop? _leaderLoop;
    private readonly TaskCompletionSource _workersStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TenantOperatorInstance(KubernetesClientConfiguration configuration, OperatorOptions options, TimeProvider time, ILoggerFactory loggers, IBreachFinder? breachFinder = null)
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
        _queue = new WorkQueue<string>(new WorkQueueOptions { Name = ControllerName }, time, Metrics.WorkQueue);
        // The reconciler only reads planned policies (it clones before writing), so they may share their parts.
        var plans = new ClusterPlanCache(Caches, PlannerOptions.WithProtected([options.Namespace, .. options.ProtectedNamespaces]) with
        {
            ShareUnchangingParts = true,
            SpecPool = Caches.SharedParts.ShareSpec,
        });
        Reconciler = new TenantReconciler(Caches, plans, new PolicyApplier(_writer, options.WriteConcurrency, loggers.CreateLogger<PolicyApplier>()),
            _writer, recorder, breachFinder ?? new BreachFinder(), OperatorMetrics, new RewriteLoopTracker(OperatorMetrics, new RewriteBackoff(options.RewriteBackoff, options.RewriteBackoffMax), time),
            new NamespaceMarker(Caches, _writer, loggers.CreateLogger<NamespaceMarker>()), Guardrails.Report, time, time.GetUtcNow(), loggers.CreateLogger<TenantReconciler>());
        new TenantEventMapper(Caches, _queue.Add).Register();

        // Blind or seeing again, every tenant's status must say so: Ready Unknown, or what the caches show now.
        Caches.HealthChanged += EnqueueAll;
        // A guardrail removed or put back changes every tenant's GuardrailsInstalled condition.
        Guardrails.Changed += () => { if (Caches.HasSynced) { EnqueueAll(); } };
        _pool = new ReconcileWorkerPool<string>(_queue, Reconciler.ReconcileAsync,
            new WorkerPoolOptions { ControllerName = ControllerName, Workers = options.Workers }, Metrics.Reconciles, time, loggers.CreateLogger<ReconcileWorkerPool<string>>());
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
            using var idleReturn = new IdleMemoryReturn(() => _queue.Depth == 0 && _queue.DelayedCount == 0, () => GC.GetTotalAllocatedBytes(), ReturnFreeMemory, _time);
            idleReturn.Start();
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            var work = _leaderLoop is null ? LeadAsync(leading.Token) : _leaderLoop.RunAsync(LeadAsync, leading.Token);
            await Task.WhenAny(work, Task.Delay(Timeout.Infinite, stopping));

            // Graceful stop: no new work, wait for the in-flight reconciles, then release the lease.
            _queue.ShutDown();
            if (IsLeader)
            {
                await _workersStopped.Task.WaitAsync(TimeSpan.FromSeconds(30), _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    /// <summary>One term as leader: enqueue every tenant, resync periodically, run the workers.</summary>
    private async Task LeadAsync(CancellationToken term)
    {
        _leading = true;
        try
        {
            EnqueueAll();
            using var resync = _options.ResyncPeriod > TimeSpan.Zero
                ? _time.CreateTimer(_ => EnqueueAll(), null, _options.ResyncPeriod, _options.ResyncPeriod)
                : null;
            await _pool.RunAsync(term);
            if (_queue.IsShuttingDown)
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

    private void EnqueueAll()
    {
        foreach (var tenant in Caches.Tenants.Cache.List())
        {
            _queue.Add(tenant.Metadata.Name);
        }

        // Tenants deleted while no operator ran still mark namespaces; their pass removes the marks.
        foreach (var tenant in Caches.MarkedTenants())
        {
            _queue.Add(tenant);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Dispose();
        _writer.Dispose();
        _client.Dispose();
    }
}
