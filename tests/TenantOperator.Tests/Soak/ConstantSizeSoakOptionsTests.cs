using TenantOperator.Benchmarks.Soak;

namespace TenantOperator.Tests.Soak;

/// <summary>The leak check's mode of the soak: what <c>--constant-size</c> turns on and what its schedule leaves out.</summary>
public sealed class ConstantSizeSoakOptionsTests
{
    [Fact]
    public void ConstantSize_RunsOneReplica_WithoutACalmTail_ForTheMinutesGiven()
    {
        var options = SoakOptions.Parse(["--minutes", "12", "--constant-size", "--seed", "7"]);

        Assert.True(options.ConstantSize);
        Assert.Equal((1, 0, TimeSpan.Zero), (options.Replicas, options.CalmChanges, options.CalmIdle));
        Assert.Equal(TimeSpan.FromMinutes(12), options.Duration);
        Assert.Equal(7, options.Seed);
        Assert.False(SoakOptions.Parse(["--minutes", "12"]).ConstantSize);
    }

    [Fact]
    public void TheConstantSizeSchedule_HasNoLeaderFaultAndNoLateForeignPolicy_AndKeepsEveryOtherKind()
    {
        var plain = ChaosSchedule.Plan(new SoakOptions(), new Random(13)).Select(s => s.Kind).ToHashSet();
        var constant = ChaosSchedule.Plan(new SoakOptions { ConstantSize = true }, new Random(13)).Select(s => s.Kind).ToHashSet();

        Assert.Contains(ChaosKind.LeaderFault, plain);
        Assert.Contains(ChaosKind.ForeignPolicy, plain);
        Assert.Equal(
            [ChaosKind.DropWatches, ChaosKind.Compact, ChaosKind.HandEdit, ChaosKind.NamespaceChurn, ChaosKind.SpecChange],
            constant.Order());
    }

    [Fact]
    public void AnUnknownFlag_IsAnErrorThatNamesIt_AndListsConstantSize()
    {
        var error = Assert.Throws<ArgumentException>(() => SoakOptions.Parse(["--constant"]));
        Assert.Contains("\"--constant\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("--constant-size", error.Message, StringComparison.Ordinal);
    }
}
