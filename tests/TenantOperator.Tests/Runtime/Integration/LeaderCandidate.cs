using TenantOperator.Runtime.LeaderElection;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// One operator instance as far as leader election goes: its own KubernetesClient, the real
/// <see cref="KubernetesLeadershipCampaign"/> (KubernetesClient's LeaderElector on a LeaseLock), the
/// <see cref="LeaseReleaser"/> and the <see cref="LeaderElectionLoop"/>. Its "work" only records that it
/// runs. Every change of leadership is stamped with the wall clock (the elector's own clock, and the
/// clock of <see cref="RequestLog"/>) so that tests can order them against requests, and with how many requests the
/// instance had sent and seen answered by then, an order that no clock can blur.
/// </summary>
internal sealed class LeaderCandidate : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, bool Leading)> _changes = [];
    private readonly List<int> _requestsAtChange = [];
    private readonly Task _run;
    private int _working;
    private int _terms;

    /// <param name="cluster">The server.</param>
    /// <param name="options">Leader election settings.</param>
    /// <param name="networkSide">A handler between the request log and the network (a test's hook into the order of requests), or null.</param>
    /// <param name="loopTime">The loop's clock for its wait between campaigns (the elector's own is always real), or null for the system's.</param>
    public LeaderCandidate(LocalCluster cluster, LeaderElectionOptions options, DelegatingHandler? networkSide = null, TimeProvider? loopTime = null)
    {
        Options = options;
        Metrics = new RuntimeMetrics();
        var client = networkSide is null ? cluster.NewClient(Metrics, Requests) : cluster.NewClient(Metrics, Requests, networkSide);
        Loop = new LeaderElectionLoop(new KubernetesLeadershipCampaign(client, options), new LeaseReleaser(client, options), options, loopTime, Log, Metrics.Leader);
        Loop.LeadershipChanged += leading =>
        {
            var requests = Requests.Requests.Count;
            lock (_lock)
            {
                _changes.Add((DateTimeOffset.UtcNow, leading));
                _requestsAtChange.Add(requests);
            }
        };
        _run = Loop.RunAsync(WorkAsync, _stop.Token);
    }

    public LeaderElectionOptions Options { get; }

    public string Identity => Options.Identity;

    public LeaderElectionLoop Loop { get; }

    public RuntimeMetrics Metrics { get; }

    public LogLines Log { get; } = new();

    /// <summary>Every request this instance sent (lease reads, creates, renewals, the release).</summary>
    public RequestLog Requests { get; } = new();

    public bool IsLeader => Loop.IsLeader;

    /// <summary>True while the leader's work runs (it starts with a term and stops with it).</summary>
    public bool IsWorking => Volatile.Read(ref _working) > 0;

    /// <summary>How many terms of work this instance ran.</summary>
    public int Terms => Volatile.Read(ref _terms);

    public IReadOnlyList<(DateTimeOffset At, bool Leading)> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>For each of <see cref="Changes"/>, how many of this instance's requests had been answered (and logged) when it happened.</summary>
    public IReadOnlyList<int> RequestsAtChange
    {
        get
        {
            lock (_lock)
            {
                return [.. _requestsAtChange];
            }
        }
    }

    /// <summary>When this instance last started leading, or null.</summary>
    public DateTimeOffset? StartedLeadingAt => Changes.LastOrDefault(c => c.Leading) is { Leading: true } c ? c.At : null;

    /// <summary>
    /// Stops the instance: cancels its loop and waits for it. With <c>ReleaseOnShutdown</c> the loop
    /// releases the lease on the way out (graceful shutdown); without, the lease is left to expire,
    /// as when the process is killed.
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task WorkAsync(CancellationToken term)
    {
        Interlocked.Increment(ref _terms);
        Interlocked.Increment(ref _working);
        try
        {
            await Task.Delay(Timeout.Infinite, term);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _working);
        }
    }
}
