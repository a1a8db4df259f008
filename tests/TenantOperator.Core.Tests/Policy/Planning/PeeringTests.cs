using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Planning;

public class PeeringTests
{
    [Fact]
    public void PeeringDeclaredOnBothSides_IsReturned()
    {
        var plan = Plan(
            [
                Tenant("app", "namespaces: [app]\negress: [{name: to-db, to: [{tenant: db}]}]"),
                Tenant("db", "namespaces: [db]\ningress: [{name: from-app, from: [{tenant: app}]}]"),
            ],
            [Ns("app"), Ns("db")]);

        var appSide = plan.Find("app")!.Peerings.Single();
        Assert.Equal(("db", "Egress", "to-db", true, (string?)null), (appSide.Tenant, appSide.Direction, appSide.Rule, appSide.Returned, appSide.Message));
        Assert.True(plan.Find("db")!.Peerings.Single().Returned);
    }

    [Fact]
    public void PeeringDeclaredOnOneSide_IsNotReturned_AndSaysWhy()
    {
        var plan = Plan(
            [Tenant("app", "namespaces: [app]\negress: [{name: to-db, to: [{tenant: db}]}]"), Tenant("db", "namespaces: [db]")],
            [Ns("app"), Ns("db")]);

        var peering = plan.Find("app")!.Peerings.Single();
        Assert.False(peering.Returned);
        Assert.Equal("tenant db declares no ingress rule with tenant: app", peering.Message);
    }

    [Fact]
    public void PeeringWithAnUnknownTenant_IsNotReturned()
    {
        var plan = Plan([Tenant("app", "namespaces: [app]\ningress: [{name: from-x, from: [{tenant: x}]}]")], [Ns("app")]);
        Assert.Equal("tenant x does not exist", plan.Find("app")!.Peerings.Single().Message);
    }
}
