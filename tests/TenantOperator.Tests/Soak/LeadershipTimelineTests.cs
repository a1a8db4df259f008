using System.Diagnostics;
using TenantOperator.Benchmarks.Soak;

namespace TenantOperator.Tests.Soak;

/// <summary>
/// The soak counts every overlap of two leaders from the replicas' log lines, however short; the 1 s samples of
/// /metrics miss the short ones. Times here are whole milliseconds of Stopwatch ticks, written out by hand.
/// </summary>
public sealed class LeadershipTimelineTests
{
    private static long Ms(long milliseconds) => milliseconds * Stopwatch.Frequency / 1000;

    private static string StartedLine(string identity) =>
        $"19:00:01 info: TenantOperator.Runtime.LeaderElection.LeaderElectionLoop[0] {identity} started leading lease tenant-operator-system/tenant-operator";

    private static string StoppedLine(string identity) =>
        $"19:00:02 info: TenantOperator.Runtime.LeaderElection.LeaderElectionLoop[0] {identity} stopped leading lease tenant-operator-system/tenant-operator";

    [Fact]
    public void TermsThatOverlapByAFewMilliseconds_AreCounted_WithHowLong()
    {
        var timeline = new LeadershipTimeline();
        timeline.Line("op-0-1", StartedLine("op-0-1"), Ms(1_000));
        timeline.Line("op-1-2", StartedLine("op-1-2"), Ms(5_000));
        timeline.Line("op-0-1", StoppedLine("op-0-1"), Ms(5_003));

        var overlap = Assert.Single(timeline.Overlaps(Ms(9_000)));
        Assert.Equal(("op-0-1", "op-1-2"), (overlap.First, overlap.Second));
        Assert.Equal(Ms(5_000), overlap.From);
        Assert.Equal(3, overlap.Duration.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void AHandoverWhereTheOldLeaderStoppedFirst_IsNoOverlap()
    {
        var timeline = new LeadershipTimeline();
        timeline.Line("op-0-1", StartedLine("op-0-1"), Ms(1_000));
        timeline.Line("op-0-1", StoppedLine("op-0-1"), Ms(4_000));
        timeline.Line("op-1-2", StartedLine("op-1-2"), Ms(4_000));
        timeline.Line("op-1-2", StoppedLine("op-1-2"), Ms(6_000));
        timeline.Line("op-0-1", StartedLine("op-0-1"), Ms(6_500));

        Assert.Empty(timeline.Overlaps(Ms(9_000)));
        Assert.Equal(
            [("op-0-1", Ms(1_000), Ms(4_000)), ("op-1-2", Ms(4_000), Ms(6_000)), ("op-0-1", Ms(6_500), Ms(9_000))],
            timeline.Terms(Ms(9_000)).Select(t => (t.Identity, t.From, t.To)));
    }

    [Fact]
    public void AKilledLeadersTerm_EndsAtTheKill_AndAnotherReplicasLinesDoNotCountForIt()
    {
        var timeline = new LeadershipTimeline();
        timeline.Line("op-1-2", StartedLine("op-1-2"), Ms(1_000));

        // A line that names another identity, and one that merely mentions leading, change nothing.
        timeline.Line("op-0-1", StartedLine("op-1-2"), Ms(1_500));
        timeline.Line("op-1-2", "19:00:03 info: Leader of lease tenant-operator-system/tenant-operator is now op-1-2", Ms(1_600));
        timeline.End("op-1-2", Ms(2_000));
        timeline.Line("op-0-1", StartedLine("op-0-1"), Ms(20_000));

        Assert.Empty(timeline.Overlaps(Ms(30_000)));
        Assert.Equal([("op-1-2", Ms(1_000), Ms(2_000)), ("op-0-1", Ms(20_000), Ms(30_000))], timeline.Terms(Ms(30_000)).Select(t => (t.Identity, t.From, t.To)));
    }
}
