using TenantOperator.Benchmarks.Soak;

namespace TenantOperator.Tests.Soak;

/// <summary>
/// How the constant-size soak judges its heap readings: the end against the first warm reading taken at the same
/// cluster size, a violation from 10 % growth on. The readings are written out by hand.
/// </summary>
public sealed class LeakCheckVerdictTests
{
    private const double MiB = 1024 * 1024;

    private static HeapReading Reading(double minutes, double heapMiB, int clusterObjects) =>
        new(TimeSpan.FromMinutes(minutes), new MemoryReading(150 * (long)MiB, heapMiB * MiB, clusterObjects), clusterObjects);

    private static SoakResult Result(params HeapReading[] readings)
    {
        var memory = new MemoryReading(130 * (long)MiB, 9 * MiB, 72);
        return new SoakResult
        {
            Chaos = new Dictionary<ChaosKind, int>(),
            InjectedFailures = 0,
            RequestsDuringFaults = 0,
            TimeToPlannedState = TimeSpan.Zero,
            FinalDifferences = [],
            CalmWritesMade = 0,
            CalmWritesNeeded = 0,
            Failovers = [],
            JoinDenyGaps = [],
            LossDenyGaps = [],
            ForeignTouches = [],
            Forbidden = [],
            LeaderOverlaps = 0,
            LeaderOverlapsFromLogs = [],
            MemoryStart = memory,
            MemoryWarm = (TimeSpan.FromMinutes(2), memory),
            MemoryEnd = memory,
            ConstantSize = true,
            HeapReadings = readings,
        };
    }

    [Fact]
    public void TheBaseline_IsTheFirstWarmReadingAtTheEndsClusterSize_NotOneTakenMidReplacement()
    {
        var result = Result(Reading(0, 8, 72), Reading(2, 9, 68), Reading(2.5, 10, 72), Reading(12, 10.5, 72));

        var (baseline, last) = result.HeapGrowth!.Value;
        Assert.Equal((TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(12)), (baseline.At, last.At));
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void HeapThatGrewTenPercentAtTheSameSize_IsAViolation()
    {
        var result = Result(Reading(0, 8, 72), Reading(2, 10, 72), Reading(12, 11, 72));

        var violation = Assert.Single(result.Violations);
        Assert.Contains("grew 10.0 %", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunTooShortForAWarmReading_IsAViolation_NotAPass()
    {
        var result = Result(Reading(0, 8, 72), Reading(1.5, 8, 72));

        Assert.Null(result.HeapGrowth);
        Assert.Contains(result.Violations, v => v.Contains("needs a heap reading at 2 min", StringComparison.Ordinal));
    }
}
