using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

/// <summary>The two decisions the reconciler's flow takes from Policy: what to do with the policies, and when to look again.</summary>
public class ReconcileDecisionTests
{
    private static readonly TimeSpan Handover = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("namespaces: [web]", PolicyAction.Enforce)]
    [InlineData("namespaces: [web]\nmode: Enforce", PolicyAction.Enforce)]
    [InlineData("namespaces: [web]\nmode: DryRun", PolicyAction.Report)]
    [InlineData("namespaces: [web]\negress: [{name: x, to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]", PolicyAction.Keep)]
    [InlineData("namespaces: [web]\nmode: DryRun\negress: [{name: x, to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]", PolicyAction.Keep)]
    public void PolicyAction_KeepsForAnInvalidSpec_WhateverItsMode_ElseFollowsTheMode(string spec, PolicyAction expected)
    {
        var plan = Plan([Tenant("team-a", spec)], [Ns("web")]).Find("team-a")!;

        Assert.Equal(expected, PolicyActions.For(plan));
    }

    [Fact]
    public void NoBackoffAndNoHeldNames_MeansNoLookAgain() =>
        Assert.Null(RequeueRule.NextLook(null, namesHeldByOtherTenants: false, Handover));

    [Fact]
    public void NamesHeldByAnotherTenant_LookAgainAfterTheHandoverRetry() =>
        Assert.Equal(TimeSpan.FromSeconds(1), RequeueRule.NextLook(null, namesHeldByOtherTenants: true, Handover));

    [Theory]
    [InlineData(300, false, 300)]
    [InlineData(300, true, 300)]
    [InlineData(5000, false, 5000)]
    [InlineData(5000, true, 1000)]
    [InlineData(0, true, 0)]
    [InlineData(-200, false, 0)]
    public void ABackoffEnding_LookAgainAtTheEarlierOfItsEndAndTheHandoverRetry(int backoffMs, bool held, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RequeueRule.NextLook(TimeSpan.FromMilliseconds(backoffMs), held, Handover));
}
