using TenantOperator.Policy.Planning;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Planning;

public class MembershipTests
{
    [Fact]
    public void SelectedAndNamedNamespaces_AreMembers_Sorted()
    {
        var plan = Plan(
            [Tenant("team-a", "namespaceSelector: {matchLabels: {tenant: team-a}}\nnamespaces: [legacy]")],
            [Ns("web", "tenant=team-a"), Ns("api", "tenant=team-a"), Ns("legacy"), Ns("other", "tenant=team-b")]);

        Assert.Equal(["api", "legacy", "web"], plan.Find("team-a")!.Members);
    }

    [Fact]
    public void ProtectedNamespace_IsExcluded_AndGetsNoPolicy()
    {
        var plan = Plan([Tenant("team-a", "namespaces: [kube-system, web]")], [Ns("kube-system"), Ns("web")]);
        var tenant = plan.Find("team-a")!;

        Assert.Equal(["web"], tenant.Members);
        Assert.Equal(("kube-system", "Protected"), (tenant.Excluded.Single().Name, tenant.Excluded.Single().Reason));
        Assert.DoesNotContain(tenant.Policies, p => p.Metadata.NamespaceProperty == "kube-system");
    }

    [Fact]
    public void ConfiguredProtectedNamespace_IsExcluded()
    {
        var plan = Plan([Tenant("team-a", "namespaces: [operator, web]")], [Ns("operator"), Ns("web")], PlannerOptions.WithProtected(["operator"]));
        Assert.Equal(["web"], plan.Find("team-a")!.Members);
    }

    [Fact]
    public void ExemptNamespace_IsExcludedWithItsReason_AndLeftOutOfTheIntraTenantPeer()
    {
        var plan = Plan(
            [Tenant("team-a", "namespaces: [web, sandbox]\nexemptNamespaces: [{name: sandbox, reason: load test until 2026-12-01}]")],
            [Ns("web"), Ns("sandbox")]);
        var tenant = plan.Find("team-a")!;

        Assert.Equal(["web"], tenant.Members);
        Assert.Equal("Exempt: load test until 2026-12-01", tenant.Excluded.Single(e => e.Name == "sandbox").Reason);
        Assert.DoesNotContain("sandbox", tenant.Policy("web", "tenant-isolation-intra-tenant").Spec.Yaml());
        Assert.Equal("team-a", plan.NamespaceOwners["sandbox"]);
    }

    [Fact]
    public void NamespaceSelectedByTwoTenants_BelongsToTheOlder()
    {
        var plan = Plan(
            [
                Tenant("newer", "namespaceSelector: {matchLabels: {shared: 'yes'}}", createdDay: 5),
                Tenant("older", "namespaces: [shared]", createdDay: 1),
            ],
            [Ns("shared", "shared=yes")]);

        Assert.Equal(["shared"], plan.Find("older")!.Members);
        Assert.Empty(plan.Find("newer")!.Members);
        Assert.Equal("ClaimedBy:older", plan.Find("newer")!.Conflicts.Single().Reason);
        Assert.Equal("older", plan.NamespaceOwners["shared"]);
    }

    [Fact]
    public void NamespaceSelectedByTwoTenantsOfTheSameAge_BelongsToTheFirstByName()
    {
        var plan = Plan(
            [Tenant("zeta", "namespaces: [shared]", createdDay: 1), Tenant("alpha", "namespaces: [shared]", createdDay: 1)],
            [Ns("shared")]);

        Assert.Equal(["shared"], plan.Find("alpha")!.Members);
        Assert.Equal("ClaimedBy:alpha", plan.Find("zeta")!.Excluded.Single().Reason);
    }

    [Fact]
    public void TerminatingNamespaces_AreNotMembers_AndListedMissingOnesAreWarned()
    {
        var plan = Plan(
            [Tenant("team-a", "namespaceSelector: {matchLabels: {tenant: a}}\nnamespaces: [gone, leaving]")],
            [Ns("dying", "tenant=a", terminating: true), Ns("leaving", terminating: true), Ns("live", "tenant=a")]);
        var tenant = plan.Find("team-a")!;

        Assert.Equal(["live"], tenant.Members);
        Assert.Equal(["spec.namespaces: namespace gone does not exist", "spec.namespaces: namespace leaving is terminating"], tenant.Warnings);
    }

    [Fact]
    public void InvalidTenant_PlansNoPolicies_ButStillClaimsItsNamespaces()
    {
        var plan = Plan(
            [
                Tenant("broken", "namespaces: [shared]\negress: [{name: x, to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]", createdDay: 1),
                Tenant("other", "namespaces: [shared]", createdDay: 2),
            ],
            [Ns("shared")]);

        var broken = plan.Find("broken")!;
        Assert.False(broken.IsValid);
        Assert.Empty(broken.Policies);
        Assert.Equal(["shared"], broken.Members);
        Assert.Equal("ClaimedBy:broken", plan.Find("other")!.Excluded.Single().Reason);
    }

    [Fact]
    public void TenantBeingDeleted_IsNotPlanned_AndReleasesItsNamespaces()
    {
        var deleting = Tenant("deleting", "namespaces: [shared]", createdDay: 1);
        deleting.Metadata.DeletionTimestamp = Epoch.AddDays(9);
        var plan = Plan([deleting, Tenant("other", "namespaces: [shared]", createdDay: 2)], [Ns("shared")]);

        Assert.Null(plan.Find("deleting"));
        Assert.Equal(["shared"], plan.Find("other")!.Members);
    }

    [Fact]
    public void NamespaceCopyingAnotherNamespacesLabels_DoesNotJoinANameBasedTenant()
    {
        var plan = Plan(
            [Tenant("team-a", "namespaces: [web]")],
            [Ns("web", "team=a"), Ns("intruder", "team=a,kubernetes.io/metadata.name=web")]);

        Assert.Equal(["web"], plan.Find("team-a")!.Members);
        Assert.Equal("intruder", NamespaceInfo.From(new k8s.Models.V1Namespace { Metadata = new() { Name = "intruder", Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "web" } } }).Labels["kubernetes.io/metadata.name"]);
    }
}
