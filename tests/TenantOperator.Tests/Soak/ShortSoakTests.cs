using TenantOperator.Benchmarks.Operator;
using TenantOperator.Benchmarks.Soak;
using Xunit.Abstractions;

namespace TenantOperator.Tests.Soak;

/// <summary>
/// The chaos soak's one-minute variant (bench/TenantOperator.Benchmarks/Soak): two real operator processes with leader
/// election against a LocalApiServer, a fixed seed, fewer faults. It asserts the final state and the invariants, never
/// a time: the cluster reaches exactly the planned state (an oracle of its own, not the operator's planner), nothing
/// that is not the operator's is touched, every failover ends with a leader, the calm tail writes what it needs.
/// </summary>
public sealed class ShortSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortSoak_EndsInThePlannedState_WithEveryInvariantHeld()
    {
        var options = SoakOptions.Short(seed: 13);
        var report = new ScenarioReport();
        SoakResult? result = null;
        try
        {
            result = await SoakScenario.RunAsync(options, report);
            result.Report(report);
        }
        finally
        {
            // The progress lines went to the console; the results (or how far it got) go to the test's output.
            output.WriteLine(report.ToMarkdown());
        }

        Assert.Empty(result.Violations);
        Assert.Empty(result.FinalDifferences);
        Assert.Empty(result.ForeignTouches);
        Assert.Empty(result.Forbidden);
        Assert.True(result.Chaos.GetValueOrDefault(ChaosKind.LeaderFault) >= 1, "the schedule faulted the leader at least once");
        Assert.True(result.Chaos.GetValueOrDefault(ChaosKind.HandEdit) >= 1 && result.Chaos.GetValueOrDefault(ChaosKind.NamespaceChurn) >= 1, "the schedule edited policies and churned namespaces");
        Assert.True(result.InjectedFailures > 0, "requests were failed on purpose");
        Assert.True(result.CalmWritesNeeded > 0, "the calm tail's changes needed writes");
    }
}
