using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Measures each failover: from the fault (the leader killed, or its Lease deleted) until a live replica says it
/// leads (its own /metrics) and the Lease names it, a replica other than the killed one. Polled every 100 ms, so
/// each time is good to about that.
/// </summary>
public sealed class FailoverMeter(IKubernetes client, OperatorReplicas replicas, Action<string> log)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly ConcurrentBag<Failover> _done = [];
    private readonly ConcurrentBag<Task> _running = [];

    /// <summary>The failovers measured so far.</summary>
    public IReadOnlyList<Failover> Failovers => [.. _done.OrderBy(f => f.At)];

    /// <summary>Starts measuring a failover that began at <paramref name="at"/> (a Stopwatch time); <paramref name="killed"/> may not be the new leader.</summary>
    public void Begin(string fault, long at, string? killed) => _running.Add(MeasureAsync(fault, at, killed));

    /// <summary>Waits until every failover begun has been measured (or given up on).</summary>
    public Task WhenAllMeasuredAsync() => Task.WhenAll(_running);

    private async Task MeasureAsync(string fault, long at, string? killed)
    {
        while (Stopwatch.GetElapsedTime(at) < GiveUpAfter)
        {
            if (await replicas.LeaderAsync() is { } leader && leader.Identity != killed && await HolderAsync() == leader.Identity)
            {
                var failover = new Failover(fault, at, Stopwatch.GetElapsedTime(at), leader.Identity);
                _done.Add(failover);
                log($"failover after {fault}: {leader.Identity} leads after {failover.Duration!.Value.TotalSeconds:F1} s");
                return;
            }

            await Task.Delay(100);
        }

        _done.Add(new Failover(fault, at, null, null));
        log($"failover after {fault}: no leader within {GiveUpAfter.TotalMinutes} minutes");
    }

    private async Task<string?> HolderAsync()
    {
        try
        {
            return (await client.CoordinationV1.ReadNamespacedLeaseAsync(SoakFleet.LeaseName, SoakFleet.OperatorNamespace)).Spec?.HolderIdentity;
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            return null; // deleted and not yet made again, or an injected fault: look again
        }
    }
}

/// <summary>One failover: what caused it, when (Stopwatch time), how long until a leader led again (null: never), and who.</summary>
public sealed record Failover(string Fault, long At, TimeSpan? Duration, string? NewLeader);
