using System.Diagnostics;

namespace TenantOperator.Hosting;

/// <summary>
/// The managed heap as it is after a forced full collection: what the operator really keeps alive. Read without one
/// (<c>dotnet_total_memory_bytes</c>, dotnet-counters) the heap also counts garbage not yet collected, which comes and
/// goes with the collector's timing, so a leak check against it proves nothing. Served as <c>POST /debug/gc</c>, and only
/// when the operator runs with <c>--debug-endpoints</c>: a blocking full collection on demand is a pause anyone who can
/// reach the metrics port could cause again and again (docs/PERFORMANCE.md, "Chaos soak").
/// </summary>
public static class FullCollection
{
    /// <summary>Collects everything (collect, run pending finalizers, collect what they released) and reads the heap.</summary>
    public static HeapAfterCollection Run()
    {
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new HeapAfterCollection(
            GC.GetTotalMemory(forceFullCollection: false),
            info.FragmentedBytes,
            info.TotalCommittedBytes,
            Environment.WorkingSet,
            GC.CollectionCount(GC.MaxGeneration),
            elapsed.TotalMilliseconds);
    }
}

/// <summary>One reading after a full collection.</summary>
/// <param name="HeapBytes">Bytes of live managed objects.</param>
/// <param name="FragmentedBytes">Free space inside the heap's segments.</param>
/// <param name="CommittedBytes">Memory the collector has committed for the heap.</param>
/// <param name="WorkingSetBytes">The process's resident set.</param>
/// <param name="FullCollections">Full (generation 2) collections so far, this one included.</param>
/// <param name="PauseMilliseconds">How long the two collections and the finalizers took.</param>
public sealed record HeapAfterCollection(long HeapBytes, long FragmentedBytes, long CommittedBytes, long WorkingSetBytes, int FullCollections, double PauseMilliseconds);
