using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Reconciliation.PolicyDiffTests;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

/// <summary>Which namespace marks a tenant's pass writes, from its plan, the diff against the caches and the marks in place.</summary>
public class NamespaceMarkPlannerTests
{
    private static List<string> Changes(TenantPlan? plan, PolicyChangeSet changes, params MarkedNamespace[] cluster) =>
        NamespaceMarkPlanner.Plan("team-a", plan, changes, cluster.Where(n => n.Marks.Tenant == "team-a"), name => cluster.FirstOrDefault(n => n.Name == name))
            .Select(c => $"{c.Namespace}@{c.ResourceVersion}: tenant={c.Marks.Tenant ?? "-"} isolated={c.Marks.Isolated}").ToList();

    private static MarkedNamespace Unmarked(string name) => new(name, "7", NamespaceMarks.None);

    private static MarkedNamespace MarkedBy(string name, string tenant, bool isolated) => new(name, "7", new NamespaceMarks(tenant, isolated));

    [Fact]
    public void AJoiningNamespace_IsNotMarked_WhileItsPoliciesAreStillToWrite()
    {
        var plan = PlanFor("namespaces: [web]", "web");

        Assert.Empty(Changes(plan, Diff(plan, []), Unmarked("web")));
    }

    [Fact]
    public void ANamespaceWhosePoliciesTheCachesShow_IsMarkedIsolated()
    {
        var plan = PlanFor("namespaces: [web]", "web");

        Assert.Equal(["web@7: tenant=team-a isolated=True"], Changes(plan, Diff(plan, plan.Policies.Select(Copy)), Unmarked("web")));
        Assert.Equal(["web@7: tenant=team-a isolated=True"], Changes(plan, Diff(plan, plan.Policies.Select(Copy)), MarkedBy("web", "team-a", false)));
        Assert.Empty(Changes(plan, Diff(plan, plan.Policies.Select(Copy)), MarkedBy("web", "team-a", true)));
    }

    [Fact]
    public void Isolated_StaysThroughASpecChangeOrADrift_WhileTheNamespaceRemainsAMember()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var drifted = plan.Policies.Where(p => p.Metadata.Name != WellKnown.DefaultDenyPolicy).Select(Copy);

        Assert.Empty(Changes(plan, Diff(plan, drifted), MarkedBy("web", "team-a", true)));
    }

    [Fact]
    public void ANameHeldBySomeoneElse_KeepsTheNamespaceUnisolated()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var cluster = plan.Policies.Select(Copy).ToList();
        cluster.Single(p => p.Metadata.Name == WellKnown.DefaultDenyPolicy).Metadata.OwnerReferences = null;

        Assert.Empty(Changes(plan, Diff(plan, cluster), Unmarked("web")));
    }

    [Fact]
    public void ANamespaceMarkedByAnotherTenant_IsTakenOver_OnceThisTenantsPoliciesAreInPlace()
    {
        var plan = PlanFor("namespaces: [web]", "web");

        Assert.Empty(Changes(plan, Diff(plan, []), MarkedBy("web", "team-b", true)));
        Assert.Equal(["web@7: tenant=team-a isolated=True"], Changes(plan, Diff(plan, plan.Policies.Select(Copy)), MarkedBy("web", "team-b", true)));
    }

    [Fact]
    public void ANamespaceThatLeft_AndEveryNamespaceOfAGoneTenant_LoseTheirMarks()
    {
        var plan = PlanFor("namespaces: [web]", "web", "old");

        Assert.Equal(["old@7: tenant=- isolated=False"], Changes(plan, Diff(plan, plan.Policies.Select(Copy)), MarkedBy("web", "team-a", true), MarkedBy("old", "team-a", true)));
        Assert.Equal(["old@7: tenant=- isolated=False", "web@7: tenant=- isolated=False"],
            Changes(null, PolicyChangeSet.None, MarkedBy("web", "team-a", true), MarkedBy("old", "team-a", false), MarkedBy("other", "team-b", true)));
    }

    [Fact]
    public void ADryRunTenant_MarksNoMember_AndAnInvalidOne_ChangesNoMark()
    {
        var dryRun = PlanFor("namespaces: [web]\nmode: DryRun", "web", "old");
        Assert.Equal(["old@7: tenant=- isolated=False"], Changes(dryRun, Diff(dryRun, []), Unmarked("web"), MarkedBy("old", "team-a", true)));

        var invalid = PlanFor("namespaces: [web]\ningress: [{name: Bad_Name}]", "web", "old");
        Assert.False(invalid.IsValid);
        Assert.Empty(Changes(invalid, PolicyChangeSet.None, Unmarked("web"), MarkedBy("old", "team-a", true)));
    }

    [Fact]
    public void AMemberNotYetInTheCaches_IsLeftForALaterPass()
    {
        var plan = PlanFor("namespaces: [web]", "web");

        Assert.Empty(Changes(plan, Diff(plan, [])));
    }

    [Fact]
    public void TheLabelPatch_SetsBothMarks_OrRemovesThem()
    {
        Assert.Equal(new Dictionary<string, string?> { [WellKnown.TenantLabel] = "team-a", [WellKnown.IsolatedLabel] = "true" }, new NamespaceMarks("team-a", true).AsLabelPatch());
        Assert.Equal(new Dictionary<string, string?> { [WellKnown.TenantLabel] = null, [WellKnown.IsolatedLabel] = null }, NamespaceMarks.None.AsLabelPatch());
        Assert.Equal(new NamespaceMarks("team-a", false), NamespaceMarks.Of(new Dictionary<string, string> { [WellKnown.TenantLabel] = "team-a", [WellKnown.IsolatedLabel] = "yes" }));
    }
}
