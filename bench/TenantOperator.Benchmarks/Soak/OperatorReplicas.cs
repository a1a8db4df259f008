using TenantOperator.Benchmarks.Operator;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// The operator's replicas, each the real <c>tenant-operator run</c> in a process of its own with leader election on,
/// as a Deployment runs them. Replica 0 is never killed, so that one process lives through the whole soak and its
/// memory tells whether anything leaks; the others are killed with SIGKILL and started again, each time under a new
/// identity, as a new pod would be. Every replica serves <c>POST /debug/gc</c> (the heap after a full collection), and
/// its log lines feed the <see cref="Timeline"/> of terms as leader.
/// </summary>
public sealed class OperatorReplicas(string kubeconfig, string workDirectory, SoakOptions options, Action<string> log) : IAsyncDisposable
{
    private readonly List<Replica> _replicas = [];

    // Killed replicas replaced by new ones. Disposed only at the end: a failover measurement running alongside may
    // still hold one from an earlier snapshot of All, and must find it exited, not disposed.
    private readonly List<Replica> _retired = [];
    private int _starts;

    /// <summary>Every replica's terms as leader, from their logs.</summary>
    public LeadershipTimeline Timeline { get; } = new();

    /// <summary>The replicas now (a killed one until it is started again).</summary>
    public IReadOnlyList<Replica> All
    {
        get
        {
            lock (_replicas)
            {
                return [.. _replicas];
            }
        }
    }

    /// <summary>The replica that is never killed.</summary>
    public Replica Survivor => All[0];

    /// <summary>Starts <see cref="SoakOptions.Replicas"/> replicas and waits until each is ready.</summary>
    public async Task StartAsync()
    {
        for (var i = 0; i < options.Replicas; i++)
        {
            var replica = Start(i);
            lock (_replicas)
            {
                _replicas.Add(replica);
            }
        }

        foreach (var replica in All)
        {
            await replica.Process.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        }
    }

    /// <summary>The replica that says it leads (from its own /metrics), or null; a replica that does not answer leads nothing.</summary>
    public async Task<Replica?> LeaderAsync() => await LeadersAsync() is [var first, ..] ? first : null;

    /// <summary>Every live replica that says it leads: more than one only in the moments before a deposed leader notices.</summary>
    public async Task<IReadOnlyList<Replica>> LeadersAsync()
    {
        var leading = new List<Replica>();
        foreach (var replica in All.Where(r => !r.Process.HasExited))
        {
            try
            {
                if ((await replica.Process.MetricsAsync()).Sum("tenant_operator_leader_is_leader") >= 1)
                {
                    leading.Add(replica);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Starting, or just killed.
            }
        }

        return leading;
    }

    /// <summary>Kills <paramref name="replica"/> with SIGKILL; it is started again, as a new pod, by <see cref="RestartKilled"/>.</summary>
    public async Task KillAsync(Replica replica)
    {
        await replica.Process.KillAsync();
        Timeline.End(replica.Identity, System.Diagnostics.Stopwatch.GetTimestamp());
        log($"killed {replica.Identity} (pid {replica.Process.Id}) with SIGKILL");
    }

    /// <summary>Starts a new process in place of every killed one; returns how many.</summary>
    public int RestartKilled()
    {
        var replaced = 0;
        lock (_replicas)
        {
            for (var i = 0; i < _replicas.Count; i++)
            {
                if (_replicas[i].Process.HasExited)
                {
                    _retired.Add(_replicas[i]);
                    _replicas[i] = Start(i);
                    replaced++;
                }
            }
        }

        return replaced;
    }

    /// <summary>Stops every replica with SIGTERM.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in All)
        {
            var code = await replica.Process.StopAsync();
            log($"{replica.Identity} stopped with SIGTERM, exit code {code}");
            await replica.Process.DisposeAsync();
        }

        foreach (var retired in _retired)
        {
            await retired.Process.DisposeAsync();
        }
    }

    private Replica Start(int slot)
    {
        var identity = $"op-{slot}-{++_starts}";
        var logPath = Path.Combine(workDirectory, $"{identity}.log");
        var process = OperatorProcess.Start(kubeconfig, logPath,
        [
            "--leader-elect", "true",
            "--identity", identity,
            "--namespace", SoakFleet.OperatorNamespace,
            "--lease-duration", GoDuration(options.LeaseDuration),
            "--renew-deadline", GoDuration(options.RenewDeadline),
            "--retry-period", GoDuration(options.RetryPeriod),
            "--resync-period", GoDuration(options.ResyncPeriod),
            "--debug-endpoints", "true",
        ], line => Timeline.Line(identity, line));
        log($"started {identity} (pid {process.Id}, log {logPath})");
        return new Replica(identity, process);
    }

    private static string GoDuration(TimeSpan value) => FormattableString.Invariant($"{(long)value.TotalMilliseconds}ms");
}

/// <summary>One running operator process and its leader-election identity.</summary>
public sealed record Replica(string Identity, OperatorProcess Process);
