using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

/// <summary>Which tenants a change of a TenantIsolation, a Namespace or a NetworkPolicy concerns.</summary>
public class TenantEventRulesTests
{
    // a peers with c; b names a; c and g select by label; d competes with a for web; f names d; e stands apart.
    private static readonly TenantIsolation A = Tenant("a", "namespaces: [web]\negress: [{name: to-c, to: [{tenant: c}]}]");
    private static readonly TenantIsolation B = Tenant("b", "namespaces: [api]\ningress: [{name: from-a, from: [{tenant: a}]}]");
    private static readonly TenantIsolation C = Tenant("c", "namespaceSelector: {matchLabels: {team: c}}");
    private static readonly TenantIsolation D = Tenant("d", "namespaces: [web]");
    private static readonly TenantIsolation E = Tenant("e", "namespaces: [other]");
    private static readonly TenantIsolation F = Tenant("f", "namespaces: [f-1]\negress: [{name: to-d, to: [{tenant: d}]}]");
    private static readonly TenantIsolation G = Tenant("g", "namespaceSelector: {matchLabels: {team: g}}");
    private static readonly TenantIsolation[] Tenants = [A, B, C, D, E, F, G];
    private static readonly NamespaceInfo[] Namespaces = [Ns("web"), Ns("api"), Ns("c-1", "team=c"), Ns("other"), Ns("f-1"), Ns("g-1", "team=g")];

    private static string[] Sorted(IEnumerable<string> keys) => [.. keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void ATenantsChange_ConcernsItsPeersOldAndNew_TheTenantsNamingIt_ItsCompetitors_AndTheirDependents()
    {
        var changed = Tenant("a", "namespaces: [web]\negress: [{name: to-g, to: [{tenant: g}]}]");
        TenantIsolation[] now = [changed, B, C, D, E, F, G];

        var keys = TenantEventRules.ForTenant(A, changed, now, Namespaces, new TenantSelectors());

        Assert.Equal(["a", "b", "c", "d", "f", "g"], Sorted(keys));
    }

    [Fact]
    public void ATenantsCreation_ConcernsTheSameCircle_ComputedFromTheNewObjectAlone() =>
        Assert.Equal(["a", "b", "c", "d", "f"], Sorted(TenantEventRules.ForTenant(null, A, Tenants, Namespaces, new TenantSelectors())));

    [Fact]
    public void ATenantsDeletion_ConcernsTheTenantsThatMayTakeOverItsNamespaces() =>
        Assert.Equal(["a", "b", "c", "d", "f"], Sorted(TenantEventRules.ForTenant(A, null, [B, C, D, E, F, G], Namespaces, new TenantSelectors())));

    [Fact]
    public void ANamespaceRelabelled_ConcernsTheTenantsSelectingItBeforeOrAfter_AndTheirDependents()
    {
        var keys = TenantEventRules.ForNamespace(Ns("web"), Ns("web", "team=g"), Tenants, new TenantSelectors());

        Assert.Equal(["a", "b", "d", "f", "g"], Sorted(keys));
    }

    [Fact]
    public void ANamespaceDeleted_ConcernsItsTenant_AndTheTenantsPeeringWithIt() =>
        Assert.Equal(["a", "c"], Sorted(TenantEventRules.ForNamespace(Ns("c-1", "team=c"), null, Tenants, new TenantSelectors())));

    [Fact]
    public void ANamespaceNoTenantSelects_ConcernsNoOne() =>
        Assert.Empty(TenantEventRules.ForNamespace(null, Ns("lonely", "team=z"), Tenants, new TenantSelectors()));

    [Fact]
    public void ANamespaceNoTenantSelects_ConcernsTheTenantsWhoseTeamPolicyAdmitsIt_BeforeOrAfter_NotTheirDependents()
    {
        // c-1 (tenant c, which a names as a peer) holds a team policy admitting namespaces labelled access=c.
        var teamPolicy = Policy("c-1", new Dictionary<string, string> { ["app"] = "db" });
        teamPolicy.Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["access"] = "c" } } }] }],
        };
        NamespaceInfo? Named(string name) => Namespaces.FirstOrDefault(ns => ns.Name == name);
        string[] Keys(NamespaceInfo? old, NamespaceInfo? current, params V1NetworkPolicy[] handWritten) =>
            Sorted(TenantEventRules.ForNamespace(old, current, Tenants, new TenantSelectors(), handWritten, Named));

        Assert.Equal(["c"], Keys(Ns("lonely"), Ns("lonely", "access=c"), teamPolicy));
        Assert.Equal(["c"], Keys(Ns("lonely", "access=c"), Ns("lonely"), teamPolicy));
        Assert.Equal(["c"], Keys(null, Ns("lonely", "access=c"), teamPolicy));
        Assert.Equal(["c"], Keys(Ns("lonely", "access=c"), null, teamPolicy));
        Assert.Empty(Keys(Ns("lonely"), Ns("lonely", "access=d"), teamPolicy));
    }

    [Fact]
    public void ATeamPolicyThatSelectsNoNamespaces_OrIsManaged_OrLivesInAnUnknownNamespace_AddsNoOne()
    {
        var ownNamespaceOnly = Policy("c-1", new Dictionary<string, string> { ["app"] = "db" });
        ownNamespaceOnly.Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
        };
        var managed = Policy("c-1", new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = "c" });
        managed.Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() }] }],
        };
        var elsewhere = Policy("gone", new Dictionary<string, string>());
        elsewhere.Spec = managed.Spec;

        Assert.Empty(TenantEventRules.ForNamespace(Ns("lonely"), Ns("lonely", "access=c"), Tenants, new TenantSelectors(),
            [ownNamespaceOnly, managed, elsewhere], name => Namespaces.FirstOrDefault(ns => ns.Name == name)));
    }

    [Fact]
    public void AManagedPolicy_ConcernsTheTenantOnItsLabel_Only()
    {
        var policy = Policy("other", new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = "e" });

        Assert.Equal(["e"], TenantEventRules.ForPolicy(policy, Ns("other"), Tenants, new TenantSelectors()));
    }

    [Fact]
    public void AnyOtherPolicy_ConcernsTheTenantsSelectingItsNamespace_NotTheirDependents()
    {
        var handWritten = Policy("c-1", new Dictionary<string, string> { ["app"] = "db" });

        Assert.Equal(["c"], TenantEventRules.ForPolicy(handWritten, Ns("c-1", "team=c"), Tenants, new TenantSelectors()));
        Assert.Empty(TenantEventRules.ForPolicy(handWritten, itsNamespace: null, Tenants, new TenantSelectors()));
    }

    [Fact]
    public void ATenantLabelWithoutTheManagedByLabel_IsNoClaim()
    {
        var copied = Policy("web", new Dictionary<string, string> { [WellKnown.TenantLabel] = "e" });

        Assert.Equal(["a", "d"], Sorted(TenantEventRules.ForPolicy(copied, Ns("web"), Tenants, new TenantSelectors())));
    }

    [Fact]
    public void ASelectorIsCompiledAgain_WhenTheGenerationMoves()
    {
        var selectors = new TenantSelectors();
        var first = Tenant("c", "namespaceSelector: {matchLabels: {team: c}}", uid: "uid-c");
        first.Metadata.Generation = 1;
        var second = Tenant("c", "namespaceSelector: {matchLabels: {team: g}}", uid: "uid-c");
        second.Metadata.Generation = 2;

        Assert.True(selectors.Selects(first, Ns("c-1", "team=c")));
        Assert.False(selectors.Selects(second, Ns("c-1", "team=c")));
        Assert.True(selectors.Selects(second, Ns("g-1", "team=g")));
    }

    [Fact]
    public void AnInvalidSelector_SelectsNothing() =>
        Assert.False(new TenantSelectors().Selects(Tenant("bad", "namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: []}]}"), Ns("x", "team=x")));

    public static TheoryData<string, Action<TenantIsolation>, bool> TenantUpdates => new()
    {
        { "status only", t => t.Metadata.ResourceVersion = "11", false },
        { "a new generation", t => { t.Metadata.Generation = 4; t.Metadata.ResourceVersion = "11"; }, true },
        { "deletion started", t => t.Metadata.DeletionTimestamp = Epoch, true },
        { "deleted and made again under the same name", t => t.Metadata.Uid = "uid-2", true },
        { "no generation kept, spec changed", t => { t.Metadata.Generation = null; t.Metadata.ResourceVersion = "11"; t.Spec.Namespaces = ["api"]; }, true },
        { "no generation kept, spec unchanged", t => { t.Metadata.Generation = null; t.Metadata.ResourceVersion = "11"; }, false },
    };

    [Theory]
    [MemberData(nameof(TenantUpdates))]
    public void ATenantUpdate_CountsOnlyWhenThePlannerSeesIt(string situation, Action<TenantIsolation> change, bool expected)
    {
        TenantIsolation Make(bool noGeneration)
        {
            var t = Tenant("a", "namespaces: [web]", uid: "uid-1");
            t.Metadata.Generation = noGeneration ? null : 3;
            t.Metadata.ResourceVersion = "10";
            return t;
        }

        var old = Make(situation.StartsWith("no generation", StringComparison.Ordinal));
        var current = Make(situation.StartsWith("no generation", StringComparison.Ordinal));
        current.Status = new TenantIsolationStatus { ObservedGeneration = 3 };
        change(current);

        Assert.True(expected == TenantEventRules.PlanningInputChanged(old, current), situation);
    }

    public static TheoryData<string, Action<V1Namespace>, bool> NamespaceUpdates => new()
    {
        { "an annotation", ns => ns.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" }, false },
        { "a label added", ns => ns.Metadata.Labels["team"] = "c", true },
        { "a label's value", ns => ns.Metadata.Labels["env"] = "prod", true },
        { "a label removed", ns => ns.Metadata.Labels.Remove("env"), true },
        { "terminating", ns => ns.Status = new V1NamespaceStatus { Phase = "Terminating" }, true },
        { "deletion started", ns => ns.Metadata.DeletionTimestamp = Epoch, true },
    };

    [Theory]
    [MemberData(nameof(NamespaceUpdates))]
    public void ANamespaceUpdate_CountsOnlyWhenThePlannerSeesIt(string situation, Action<V1Namespace> change, bool expected)
    {
        static V1Namespace Make() => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["env"] = "dev" } },
            Status = new V1NamespaceStatus { Phase = "Active" },
        };

        var current = Make();
        change(current);

        Assert.True(expected == TenantEventRules.PlanningInputChanged(Make(), current), situation);
    }

    public static TheoryData<string, Action<V1Namespace>, bool> MarkUpdates => new()
    {
        { "marked for a tenant", ns => ns.Metadata.Labels[WellKnown.TenantLabel] = "a", true },
        { "marked isolated", ns => ns.Metadata.Labels[WellKnown.IsolatedLabel] = "true", true },
        { "both marks", ns => { ns.Metadata.Labels[WellKnown.TenantLabel] = "a"; ns.Metadata.Labels[WellKnown.IsolatedLabel] = "true"; }, true },
        { "a mark and another label", ns => { ns.Metadata.Labels[WellKnown.TenantLabel] = "a"; ns.Metadata.Labels["team"] = "c"; }, false },
        { "a mark while terminating", ns => { ns.Metadata.Labels[WellKnown.TenantLabel] = "a"; ns.Status = new V1NamespaceStatus { Phase = "Terminating" }; }, false },
        { "a mark while deletion starts", ns => { ns.Metadata.Labels[WellKnown.TenantLabel] = "a"; ns.Metadata.DeletionTimestamp = Epoch; }, false },
        { "another label only", ns => ns.Metadata.Labels["env"] = "prod", false },
    };

    [Theory]
    [MemberData(nameof(MarkUpdates))]
    public void ANamespaceUpdate_IsMarksOnly_WhenNothingButTheOperatorsMarksMoved(string situation, Action<V1Namespace> change, bool expected)
    {
        static V1Namespace Make() => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["env"] = "dev", [WellKnown.IsolatedLabel] = "false" } },
            Status = new V1NamespaceStatus { Phase = "Active" },
        };

        var current = Make();
        change(current);

        Assert.True(expected == TenantEventRules.OnlyMarksChanged(Make(), current), situation);
    }

    [Fact]
    public void AMarkRemoved_IsMarksOnly()
    {
        var marked = new V1Namespace { Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { [WellKnown.TenantLabel] = "a" } } };
        var unmarked = new V1Namespace { Metadata = new V1ObjectMeta { Name = "web" } };

        Assert.True(TenantEventRules.OnlyMarksChanged(marked, unmarked));
    }

    [Theory]
    [InlineData("namespaceSelector: {matchLabels: {isolation.tenantoperator.io/tenant: a}}", true)]
    [InlineData("namespaceSelector: {matchExpressions: [{key: isolation.tenantoperator.io/isolated, operator: Exists}]}", true)]
    [InlineData("namespaceSelector: {matchLabels: {team: a}, matchExpressions: [{key: env, operator: Exists}]}", false)]
    [InlineData("namespaces: [web]", false)]
    public void ATenantSelectsByMarks_OnlyWhenItsNamespaceSelectorNamesOne(string spec, bool expected) =>
        Assert.Equal(expected, TenantEventRules.SelectsByMarks(Tenant("a", spec)));

    [Fact]
    public void NoLabelsAndEmptyLabels_AreTheSame()
    {
        var none = new V1Namespace { Metadata = new V1ObjectMeta { Name = "web" } };
        var empty = new V1Namespace { Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string>() } };

        Assert.False(TenantEventRules.PlanningInputChanged(none, empty));
    }

    private static V1NetworkPolicy Policy(string ns, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns, Labels = labels },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() },
    };
}
