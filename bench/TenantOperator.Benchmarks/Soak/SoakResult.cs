using System.Globalization;
using TenantOperator.Benchmarks.Operator;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>What a soak measured, and the invariants it found broken (<see cref="Violations"/>, empty when none).</summary>
public sealed record SoakResult
{
    /// <summary>The steps of each kind the chaos made.</summary>
    public required IReadOnlyDictionary<ChaosKind, int> Chaos { get; init; }

    /// <summary>API requests the server failed on purpose (500 and 429) while the faults lasted.</summary>
    public required long InjectedFailures { get; init; }

    /// <summary>All API requests the server answered while the faults lasted.</summary>
    public required long RequestsDuringFaults { get; init; }

    /// <summary>From the end of the faults until the cluster was exactly as planned; null if it never was within the deadline.</summary>
    public required TimeSpan? TimeToPlannedState { get; init; }

    /// <summary>How the cluster differed from the plan at the end (empty when exact).</summary>
    public required IReadOnlyList<string> FinalDifferences { get; init; }

    /// <summary>Policy writes the operator made in the calm tail.</summary>
    public required long CalmWritesMade { get; init; }

    /// <summary>Policy writes the calm tail's changes needed (the independent oracle, against the policies in place before each).</summary>
    public required long CalmWritesNeeded { get; init; }

    /// <summary>Every failover.</summary>
    public required IReadOnlyList<Failover> Failovers { get; init; }

    /// <summary>Gaps without the default deny of namespaces that had just joined a tenant.</summary>
    public required IReadOnlyList<TimeSpan> JoinDenyGaps { get; init; }

    /// <summary>Gaps without the default deny of member namespaces that had it and lost it.</summary>
    public required IReadOnlyList<TimeSpan> LossDenyGaps { get; init; }

    /// <summary>Changes seen to objects that were not the operator's (each one, however caused).</summary>
    public required IReadOnlyList<string> ForeignTouches { get; init; }

    /// <summary>Requests of the replicas that RBAC refused (they run as the operator's ServiceAccount with config/rbac).</summary>
    public required IReadOnlyList<string> Forbidden { get; init; }

    /// <summary>Samples in which two replicas said they led at once.</summary>
    public required int LeaderOverlaps { get; init; }

    /// <summary>Every stretch of time, however short, in which two replicas' terms as leader overlapped (from their logs).</summary>
    public required IReadOnlyList<LeaderOverlap> LeaderOverlapsFromLogs { get; init; }

    /// <summary>Whether this was the leak check at constant cluster size (<see cref="SoakOptions.ConstantSize"/>).</summary>
    public bool ConstantSize { get; init; }

    /// <summary>At constant size: the long-lived replica's memory at regular times, the heap after a full collection.</summary>
    public IReadOnlyList<HeapReading> HeapReadings { get; init; } = [];

    /// <summary>At constant size: the reading the last one is compared with is the first at or after this time.</summary>
    public TimeSpan HeapBaselineAt { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>At constant size: the growth goal of the heap after a full collection, from the baseline to the last reading.</summary>
    public const double HeapGrowthGoalPercent = 10;

    /// <summary>
    /// At constant size: the baseline reading and the last, or null when the run was too short for both. The baseline is
    /// the first reading from <see cref="HeapBaselineAt"/> on at which the cluster held as many objects as at the last
    /// (a reading may fall between a namespace's deletion and its replacement's policies); the first from then on if none did.
    /// </summary>
    public (HeapReading Baseline, HeapReading Last)? HeapGrowth
    {
        get
        {
            if (HeapReadings.Count == 0)
            {
                return null;
            }

            var last = HeapReadings[^1];
            var warm = HeapReadings.Where(r => r.At >= HeapBaselineAt && r != last).ToList();
            var baseline = warm.FirstOrDefault(r => r.ClusterObjects == last.ClusterObjects) ?? warm.FirstOrDefault();
            return baseline is null ? null : (baseline, last);
        }
    }

    /// <summary>The long-lived replica's memory after the first convergence.</summary>
    public required MemoryReading MemoryStart { get; init; }

    /// <summary>The same a while into the faults (when, and what), once the young process has warmed up.</summary>
    public required (TimeSpan After, MemoryReading Memory) MemoryWarm { get; init; }

    /// <summary>The same at the end.</summary>
    public required MemoryReading MemoryEnd { get; init; }

    /// <summary>Invariants that did not hold.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            var violations = new List<string>();
            if (TimeToPlannedState is null)
            {
                violations.Add($"the cluster never reached the planned state: {string.Join("; ", FinalDifferences.Take(10))}");
            }

            if (FinalDifferences.Count > 0)
            {
                violations.Add($"the cluster differs from the plan at the end: {string.Join("; ", FinalDifferences.Take(10))}");
            }

            violations.AddRange(ForeignTouches.Select(t => $"an object that is not the operator's was touched: {t}"));
            violations.AddRange(Failovers.Where(f => f.Duration is null).Select(f => $"no replica led after {f.Fault}"));
            violations.AddRange(Forbidden.Select(f => $"the operator's ServiceAccount was refused: {f}"));
            if (ConstantSize && HeapGrowth is not { } growth)
            {
                violations.Add($"the leak check needs a heap reading at {HeapBaselineAt.TotalMinutes:F0} min and a later one; it got {HeapReadings.Count}");
            }
            else if (ConstantSize && Growth(HeapGrowth!.Value.Baseline.Memory.Heap, HeapGrowth.Value.Last.Memory.Heap) >= HeapGrowthGoalPercent)
            {
                violations.Add(Invariant($"at constant size the heap after a full collection grew {Growth(HeapGrowth.Value.Baseline.Memory.Heap, HeapGrowth.Value.Last.Memory.Heap):F1} % (goal < {HeapGrowthGoalPercent} %)"));
            }

            if (CalmWritesMade < CalmWritesNeeded)
            {
                violations.Add($"the calm tail made {CalmWritesMade} policy writes where {CalmWritesNeeded} were needed");
            }

            return violations;
        }
    }

    /// <summary>The results, as rows of the scenario report.</summary>
    public void Report(ScenarioReport report)
    {
        report.Result("chaos steps", string.Join(", ", Chaos.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        report.Result("API requests failed on purpose while the faults lasted", Invariant($"{InjectedFailures} of {RequestsDuringFaults} ({100.0 * InjectedFailures / Math.Max(1, RequestsDuringFaults):F1} %)"), "10 %");
        report.Result("time to the exact planned state after the faults stopped", TimeToPlannedState is { } t ? Invariant($"{t.TotalSeconds:F1} s") : "never");
        report.Result("calm tail: policy writes made ÷ needed", ConstantSize ? "none at constant size" : Invariant($"{(CalmWritesNeeded == 0 ? double.NaN : (double)CalmWritesMade / CalmWritesNeeded):F2} ({CalmWritesMade} made, {CalmWritesNeeded} needed)"), "1.00");
        var measured = Failovers.Where(f => f.Duration is not null).Select(f => f.Duration!.Value.TotalSeconds).Order().ToList();
        report.Result("failover (fault → a replica leads and holds the Lease)", measured.Count == 0 ? "none measured"
            : Invariant($"n={measured.Count} p50={Quantile(measured, 0.5):F1} s max={measured[^1]:F1} s ({string.Join(", ", Failovers.GroupBy(f => f.Fault).Select(g => $"{g.Count()} {g.Key}"))})"));
        report.Result("longest time a member namespace lacked its default deny", Invariant(
            $"{Max(LossDenyGaps):F1} s for one that had it (n={LossDenyGaps.Count}, hand deletions and edits, handovers); {Max(JoinDenyGaps):F1} s for one that had just joined (n={JoinDenyGaps.Count})"));
        report.Result("objects touched that were not the operator's", Invariant($"{ForeignTouches.Count}"), "0");
        report.Result("requests of the operator that RBAC refused (config/rbac)", Forbidden.Count == 0 ? "0" : string.Join(", ", Forbidden), "0");
        report.Result("samples (1 s apart) with two replicas leading at once", Invariant($"{LeaderOverlaps}"));
        report.Result("terms as leader that overlapped (replicas' logs)", LeaderOverlapsFromLogs.Count == 0 ? "0"
            : Invariant($"{LeaderOverlapsFromLogs.Count}, longest {LeaderOverlapsFromLogs.Max(o => o.Duration.TotalMilliseconds):F0} ms ({string.Join(", ", LeaderOverlapsFromLogs.Select(o => $"{o.First}+{o.Second} {o.Duration.TotalMilliseconds:F0} ms"))})"));
        report.Result("long-lived replica memory, start → end", Growth(MemoryStart, MemoryEnd), ConstantSize ? "" : "growth < 10 %");
        report.Result(Invariant($"long-lived replica memory, {MemoryWarm.After.TotalMinutes:F0} min into the faults → end"), Growth(MemoryWarm.Memory, MemoryEnd));
        if (ConstantSize && HeapGrowth is { } heap)
        {
            var (from, to) = (heap.Baseline, heap.Last);
            var span = Invariant($"{from.At.TotalMinutes:F1} → {to.At.TotalMinutes:F1} min");
            report.Result($"constant size: cluster objects (tenants, namespaces, policies), {span}", Invariant($"{from.ClusterObjects} → {to.ClusterObjects}"));
            report.Result($"constant size: managed heap after a full collection, {span}",
                Invariant($"{from.Memory.Heap / 1024:F0} → {to.Memory.Heap / 1024:F0} KiB ({Growth(from.Memory.Heap, to.Memory.Heap):+0.0;-0.0} %; n={HeapReadings.Count}, min {HeapReadings.Min(r => r.Memory.Heap) / 1024:F0}, max {HeapReadings.Max(r => r.Memory.Heap) / 1024:F0} KiB)"),
                Invariant($"growth < {HeapGrowthGoalPercent} %"));
            report.Result($"constant size: resident set, {span}",
                Invariant($"{ScenarioReport.MiB(from.Memory.Resident)} → {ScenarioReport.MiB(to.Memory.Resident)} ({Growth(from.Memory.Resident, to.Memory.Resident):+0.0;-0.0} %)"));
            report.Result($"constant size: resident set by part, {span}", Invariant(
                $"anonymous {ScenarioReport.MiB(from.Memory.Anonymous)} → {ScenarioReport.MiB(to.Memory.Anonymous)} ({Growth(from.Memory.Anonymous, to.Memory.Anonymous):+0.0;-0.0} %), file-backed {ScenarioReport.MiB(from.Memory.FileBacked)} → {ScenarioReport.MiB(to.Memory.FileBacked)}, shared {ScenarioReport.MiB(from.Memory.Shared)} → {ScenarioReport.MiB(to.Memory.Shared)}"));
            report.Result($"constant size: cached objects, {span}", Invariant($"{from.Memory.CachedObjects:F0} → {to.Memory.CachedObjects:F0}"));
        }

        report.Result("invariants broken", Violations.Count == 0 ? "none" : string.Join("; ", Violations));
    }

    private static double Growth(double start, double end) => start == 0 ? double.NaN : 100 * (end - start) / start;

    // The cached objects are the size of what the operator must hold: heap that grows with them is not a leak.
    private static string Growth(MemoryReading from, MemoryReading to) => Invariant(
        $"RSS {ScenarioReport.MiB(from.Resident)} → {ScenarioReport.MiB(to.Resident)} ({Growth(from.Resident, to.Resident):+0.0;-0.0} %), managed heap {ScenarioReport.MiB(from.Heap)} → {ScenarioReport.MiB(to.Heap)} ({Growth(from.Heap, to.Heap):+0.0;-0.0} %), cached objects {from.CachedObjects:F0} → {to.CachedObjects:F0} ({Growth(from.CachedObjects, to.CachedObjects):+0.0;-0.0} %)");

    private static double Max(IReadOnlyList<TimeSpan> gaps) => gaps.Count == 0 ? 0 : gaps.Max(g => g.TotalSeconds);

    private static double Quantile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One reading of a replica: resident set and managed heap after a forced full collection (bytes), the objects in its
/// informers' caches, and the resident set's anonymous, file-backed and shared parts (bytes; 0 where not read).
/// </summary>
public sealed record MemoryReading(long Resident, double Heap, double CachedObjects, long Anonymous = 0, long FileBacked = 0, long Shared = 0);
