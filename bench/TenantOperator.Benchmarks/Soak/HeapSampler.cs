using System.Diagnostics;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Reads the long-lived replica's memory at regular times: its managed heap after a forced full collection (its
/// <c>POST /debug/gc</c>), its resident set and that set's parts (<c>/proc</c>, read right after the collection), the objects in its
/// informers' caches, and how many objects the cluster holds (the observer's tenants, namespaces and policies), so
/// that heap growth can be set against the size of what the operator must hold.
/// </summary>
public sealed class HeapSampler(Replica replica, Func<SoakSnapshot> cluster, TimeSpan every, Action<string> log)
{
    private readonly List<HeapReading> _readings = [];

    /// <summary>The readings so far, in time order.</summary>
    public IReadOnlyList<HeapReading> Readings
    {
        get
        {
            lock (_readings)
            {
                return [.. _readings];
            }
        }
    }

    /// <summary>One reading of <paramref name="replica"/>: heap after a full collection, resident set, cached objects.</summary>
    public static async Task<MemoryReading> ReadAsync(Replica replica)
    {
        var heap = await replica.Process.HeapAfterFullCollectionAsync();
        var resident = replica.Process.Memory().Resident;
        var (anonymous, fileBacked, shared) = replica.Process.ResidentParts();
        var metrics = await replica.Process.MetricsAsync();
        return new MemoryReading(resident, heap, metrics.Sum("tenant_operator_informer_cached_objects"), anonymous, fileBacked, shared);
    }

    /// <summary>Reads now and every <c>every</c> after, timed from <paramref name="start"/> (a Stopwatch time), until <paramref name="stop"/>.</summary>
    public async Task RunAsync(long start, CancellationToken stop)
    {
        for (var next = TimeSpan.Zero; !stop.IsCancellationRequested; next += every)
        {
            var wait = next - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                var memory = await ReadAsync(replica);
                var snapshot = cluster();
                var reading = new HeapReading(Stopwatch.GetElapsedTime(start), memory, snapshot.Tenants.Count + snapshot.Namespaces.Count + snapshot.Policies.Count);
                lock (_readings)
                {
                    _readings.Add(reading);
                }

                log(FormattableString.Invariant($"heap after a full collection {memory.Heap / 1024:F0} KiB, RSS {memory.Resident / 1024:F0} KiB (anonymous {memory.Anonymous / 1024:F0}, file {memory.FileBacked / 1024:F0}, shared {memory.Shared / 1024:F0}), cached objects {memory.CachedObjects:F0}, cluster objects {reading.ClusterObjects}"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log($"heap reading skipped: {ex.Message}");
            }
        }
    }
}

/// <summary>One reading: when (after the faults began), the replica's memory, and the objects in the cluster.</summary>
public sealed record HeapReading(TimeSpan At, MemoryReading Memory, int ClusterObjects);
