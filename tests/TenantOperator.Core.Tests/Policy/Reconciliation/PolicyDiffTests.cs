using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

public class PolicyDiffTests
{
    internal static TenantPlan PlanFor(string spec, params string[] namespaces) =>
        Plan([Tenant("team-a", spec, uid: "uid-a")], namespaces.Select(n => Ns(n))).Find("team-a")!;

    internal static V1NetworkPolicy Copy(V1NetworkPolicy p) => ModelCopy.Of(p);

    internal static PolicyChangeSet Diff(TenantPlan plan, IEnumerable<V1NetworkPolicy> cluster, IReadOnlyDictionary<string, string>? lastSeen = null)
    {
        var byKey = cluster.ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}");
        return PolicyDiff.Compute(plan, (ns, name) => byKey.GetValueOrDefault($"{ns}/{name}"),
            byKey.Values.Where(p => PolicyComparer.TenantOf(p) == plan.Name), lastSeen);
    }

    [Fact]
    public void EmptyCluster_CreatesEverything()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var changes = Diff(plan, []);
        Assert.Equal(["create web/tenant-isolation-default-deny", "create web/tenant-isolation-dns", "create web/tenant-isolation-intra-tenant"],
            changes.Writes.Select(w => w.ToString()));
        Assert.All(changes.Writes, w => Assert.False(w.IsDriftRepair));
    }

    [Fact]
    public void ConvergedCluster_NeedsNothing()
    {
        var plan = PlanFor("namespaces: [web, api]", "web", "api");
        Assert.True(Diff(plan, plan.Policies.Select(Copy)).IsEmpty);
    }

    [Fact]
    public void ExtraLabelsAndAnnotationsFromOthers_AreNotDrift()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var cluster = plan.Policies.Select(Copy).ToList();
        cluster[0].Metadata.Labels["team"] = "ops";
        cluster[0].Metadata.Annotations["note"] = "x";
        Assert.True(Diff(plan, cluster).IsEmpty);
    }

    [Fact]
    public void EditedPolicy_IsUpdated_AsADriftRepair()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var cluster = plan.Policies.Select(Copy).ToList();
        var edited = cluster.Single(p => p.Metadata.Name == WellKnown.DefaultDenyPolicy);
        edited.Spec.PolicyTypes = ["Ingress"];

        var write = Diff(plan, cluster).Writes.Single();
        Assert.Equal((PolicyWriteKind.Update, WellKnown.DefaultDenyPolicy, true), (write.Kind, write.Name, write.IsDriftRepair));
        Assert.Same(edited, write.Actual);
    }

    [Fact]
    public void ChangedSpec_IsAPlannedUpdate_NotDrift()
    {
        var before = PlanFor("namespaces: [web]\negress: [{name: out, ports: [{port: 80}]}]", "web");
        var after = PlanFor("namespaces: [web]\negress: [{name: out, ports: [{port: 443}]}]", "web");
        var write = Diff(after, before.Policies.Select(Copy)).Writes.Single();
        Assert.Equal((PolicyWriteKind.Update, false), (write.Kind, write.IsDriftRepair));
    }

    [Fact]
    public void DeletedPolicy_SeenBefore_IsRecreated_AsADriftRepair()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var lastSeen = plan.Policies.ToDictionary(p => $"web/{p.Metadata.Name}", p => p.Metadata.Annotations[WellKnown.ContentHashAnnotation]);
        var write = Diff(plan, plan.Policies.Where(p => p.Metadata.Name != WellKnown.DnsPolicy).Select(Copy), lastSeen).Writes.Single();
        Assert.Equal((PolicyWriteKind.Create, WellKnown.DnsPolicy, true), (write.Kind, write.Name, write.IsDriftRepair));
    }

    [Fact]
    public void NamespaceLeavingTheTenant_LosesItsPolicies_DenyFirst()
    {
        var before = PlanFor("namespaces: [web, api]", "web", "api");
        var after = PlanFor("namespaces: [web]", "web", "api");
        var cluster = before.Policies.Select(Copy).ToList();
        var changes = Diff(after, cluster);

        var phases = changes.Phases().Select(p => p.Select(w => w.ToString()).ToList()).ToList();
        Assert.Equal(
        [
            ["update web/tenant-isolation-intra-tenant"],
            ["delete api/tenant-isolation-default-deny"],
            ["delete api/tenant-isolation-dns", "delete api/tenant-isolation-intra-tenant"],
        ], phases);
    }

    [Fact]
    public void NamespaceJoiningTheTenant_GetsItsAllowsBeforeItsDeny()
    {
        var before = PlanFor("namespaces: [web]", "web", "api");
        var after = PlanFor("namespaces: [web, api]", "web", "api");
        var phases = Diff(after, before.Policies.Select(Copy)).Phases().Select(p => p.Select(w => w.ToString()).ToList()).ToList();
        Assert.Equal(
        [
            ["create api/tenant-isolation-dns", "create api/tenant-isolation-intra-tenant", "update web/tenant-isolation-intra-tenant"],
            ["create api/tenant-isolation-default-deny"],
        ], phases);
    }

    [Fact]
    public void PolicyWithoutOurLabel_IsNeverTouched_AndItsNameIsReportedTaken()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var foreign = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = WellKnown.DnsPolicy, NamespaceProperty = "web", Labels = new Dictionary<string, string> { ["app"] = "mine" } },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() },
        };
        var changes = Diff(plan, [foreign]);
        Assert.Equal(["web/tenant-isolation-dns"], changes.NamesTaken);
        Assert.DoesNotContain(changes.Writes, w => w.Name == WellKnown.DnsPolicy);
    }

    [Fact]
    public void RemovedRule_IsDeleted_AndRenamedRule_IsCreatedBeforeTheOldOneGoes()
    {
        var before = PlanFor("namespaces: [web]\negress: [{name: old}]", "web");
        var after = PlanFor("namespaces: [web]\negress: [{name: new}]", "web");
        var phases = Diff(after, before.Policies.Select(Copy)).Phases().Select(p => p.Select(w => w.ToString()).ToList()).ToList();
        Assert.Equal([["create web/tenant-isolation-egress-new"], ["delete web/tenant-isolation-egress-old"]], phases);
    }

    [Fact]
    public void PoliciesOfAnotherTenant_AreNeverChanged_EvenWhereThisTenantNowPlansTheirNames()
    {
        var plan = PlanFor("namespaces: [web]", "web");
        var other = Plan([Tenant("team-b", "namespaces: [web, db]", uid: "uid-b")], [Ns("web"), Ns("db")]).Find("team-b")!;
        var changes = Diff(plan, other.Policies.Select(Copy));

        // web moves from team-b to team-a: team-b (or the garbage collector) removes its own, then team-a creates.
        Assert.Empty(changes.Writes);
        Assert.Equal(["web/tenant-isolation-default-deny", "web/tenant-isolation-dns", "web/tenant-isolation-intra-tenant"], changes.NamesTaken.Order());
        Assert.Equal(changes.NamesTaken.Order(), changes.HeldByOtherTenants.Order());
        Assert.Empty(changes.Unowned);
    }

    [Fact]
    public void CopiedLabels_InANamespaceThatIsNoMember_AreReported_NeverDeleted()
    {
        // default/users-important-policy: someone copied our two labels onto their own policy.
        var plan = PlanFor("namespaces: [web]", "web");
        var copied = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta
            {
                Name = "users-important-policy",
                NamespaceProperty = "default",
                Labels = new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = "team-a" },
            },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() },
        };
        var changes = Diff(plan, [.. plan.Policies.Select(Copy), copied]);

        Assert.Empty(changes.Writes);
        Assert.Equal(["default/users-important-policy"], changes.Unowned);
        Assert.Empty(changes.NamesTaken);
    }

    [Fact]
    public void OurPolicyWithItsOwnerStrippedByHand_IsNeitherRepairedNorDeleted_AndItsNameIsReportedTaken()
    {
        var plan = PlanFor("namespaces: [web]\negress: [{name: old}]", "web");
        var after = PlanFor("namespaces: [web]", "web");
        var cluster = plan.Policies.Select(Copy).ToList();
        var deny = cluster.Single(p => p.Metadata.Name == WellKnown.DefaultDenyPolicy);
        deny.Metadata.OwnerReferences = null;
        deny.Spec.PolicyTypes = ["Ingress"];
        cluster.Single(p => p.Metadata.Name == "tenant-isolation-egress-old").Metadata.OwnerReferences = null;

        var changes = Diff(after, cluster);

        Assert.Empty(changes.Writes);
        Assert.Equal(["web/tenant-isolation-default-deny"], changes.NamesTaken);
        Assert.Equal(["web/tenant-isolation-default-deny", "web/tenant-isolation-egress-old"], changes.Unowned);
        Assert.Empty(changes.HeldByOtherTenants);
    }

    [Fact]
    public void TheChangeSet_NamesTheTenantItIsFor_SoTheApplierCanCheckOwnershipAgain()
    {
        Assert.Equal("uid-a", Diff(PlanFor("namespaces: [web]", "web"), []).OwnerUid);
    }
}
