using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Benchmarks.Soak;

namespace TenantOperator.Tests.Soak;

/// <summary>The soak's oracle must see every way a cluster can be off the plan, or the soak proves nothing.</summary>
public sealed class IsolationOracleTests
{
    private static readonly DateTime Created = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static TenantIsolation Tenant(string name, int ageRank, Action<TenantIsolationSpec> shape, string? status = "Reconciled", params string[] members)
    {
        var spec = new TenantIsolationSpec();
        shape(spec);
        return new TenantIsolation
        {
            Metadata = new V1ObjectMeta { Name = name, Uid = $"uid-{name}", Generation = 1, CreationTimestamp = Created.AddMinutes(ageRank) },
            Spec = spec,
            Status = status is null ? null : new TenantIsolationStatus
            {
                ObservedGeneration = 1,
                Namespaces = members,
                Conditions = [new TenantCondition { Type = "Ready", Status = status == "Reconciled" ? "True" : "False", Reason = status }],
            },
        };
    }

    private static V1Namespace Ns(string name, string? tenant = null, bool terminating = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = tenant is null ? null : new Dictionary<string, string> { [SoakFleet.TenantLabel] = tenant },
            DeletionTimestamp = terminating ? Created : null,
        },
    };

    private static V1NetworkPolicy Policy(string ns, string name, string tenant, string specJson, string? uid = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = tenant },
            OwnerReferences = [new V1OwnerReference { ApiVersion = TenantIsolation.GroupVersion, Kind = "TenantIsolation", Name = tenant, Uid = uid ?? $"uid-{tenant}", Controller = true }],
        },
        Spec = KubernetesJson.Deserialize<V1NetworkPolicySpec>(specJson),
    };

    private const string Deny = """{"podSelector":{},"policyTypes":["Ingress","Egress"]}""";
    private const string Dns = """{"podSelector":{},"policyTypes":["Egress"],"egress":[{"ports":[{"port":53,"protocol":"UDP"},{"port":53,"protocol":"TCP"}],"to":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"kube-system"}},"podSelector":{"matchLabels":{"k8s-app":"kube-dns"}}}]}]}""";

    private static string IntraByName(params string[] members) =>
        Intra("{\"matchExpressions\":[{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"In\",\"values\":[" + Quoted(members) + "]}]}");

    private static string IntraBySelector(string tenant, params string[] notIn) =>
        Intra("{\"matchLabels\":{\"" + SoakFleet.TenantLabel + "\":\"" + tenant + "\"}"
            + (notIn.Length == 0 ? "" : ",\"matchExpressions\":[{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"NotIn\",\"values\":[" + Quoted(notIn) + "]}]")
            + "}");

    // Ingress from and egress to one peer: a namespace selector.
    private static string Intra(string namespaceSelector)
    {
        var peers = "[{\"namespaceSelector\":" + namespaceSelector + "}]";
        return "{\"podSelector\":{},\"policyTypes\":[\"Ingress\",\"Egress\"],\"ingress\":[{\"from\":" + peers + "}],\"egress\":[{\"to\":" + peers + "}]}";
    }

    private static string Quoted(string[] names) => string.Join(",", names.Select(n => "\"" + n + "\""));

    private static List<V1NetworkPolicy> Planned(string intra) =>
    [
        Policy("web", WellKnown.DefaultDenyPolicy, "alpha", Deny), Policy("web", WellKnown.DnsPolicy, "alpha", Dns), Policy("web", WellKnown.IntraTenantPolicy, "alpha", intra),
        Policy("api", WellKnown.DefaultDenyPolicy, "alpha", Deny), Policy("api", WellKnown.DnsPolicy, "alpha", Dns), Policy("api", WellKnown.IntraTenantPolicy, "alpha", intra),
    ];

    private static IsolationOracle Alpha(params V1Namespace[] more) =>
        new([Tenant("alpha", 0, s => s.NamespaceSelector = new Api.LabelSelector { MatchLabels = new Dictionary<string, string> { [SoakFleet.TenantLabel] = "alpha" } }, "Reconciled", "api", "web")],
            [Ns("web", "alpha"), Ns("api", "alpha"), Ns("db"), Ns("kube-system", "alpha"), .. more]);

    [Fact]
    public void TheIntraTenantPolicy_MayListTheMembersByName_OrSelectThemByTheirLabel()
    {
        var oracle = Alpha();

        Assert.Equal(["api", "web"], oracle.Members["alpha"].Order());
        Assert.Empty(oracle.Differences(Planned(IntraByName("web", "api")), []));
        Assert.Empty(oracle.Differences(Planned(IntraBySelector("alpha", "kube-system")), []));
    }

    [Fact]
    public void EveryWayOffThePlan_IsADifference()
    {
        var oracle = Alpha();
        var missing = Planned(IntraByName("web", "api")).Where(p => !(p.Metadata.NamespaceProperty == "api" && p.Metadata.Name == WellKnown.DefaultDenyPolicy)).ToList();
        var edited = Planned(IntraByName("web", "api"));
        edited[1].Spec.Egress[0].Ports[0].Port = 54;
        var tooWide = Planned(IntraBySelector("alpha")); // also picks kube-system, which is protected
        var tooNarrow = Planned(IntraByName("web"));
        var wrongOwner = Planned(IntraByName("web", "api"));
        wrongOwner[0].Metadata.OwnerReferences[0].Uid = "uid-of-someone-else";
        var extra = Planned(IntraByName("web", "api"));
        extra.Add(Policy("db", WellKnown.DefaultDenyPolicy, "alpha", Deny));

        Assert.Equal(["missing api/tenant-isolation-default-deny"], oracle.Differences(missing, []));
        Assert.Equal(["web/tenant-isolation-dns: spec"], oracle.Differences(edited, []));
        Assert.Contains("web/tenant-isolation-intra-tenant: intra-tenant ingress: peers pick [api,kube-system,web], members are [api,web]", oracle.Differences(tooWide, []));
        Assert.Contains("web/tenant-isolation-intra-tenant: intra-tenant ingress: peers pick [web], members are [api,web]", oracle.Differences(tooNarrow, []));
        Assert.Equal(["web/tenant-isolation-default-deny: owner"], oracle.Differences(wrongOwner, []));
        Assert.Equal(["extra db/tenant-isolation-default-deny (owned by alpha)"], oracle.Differences(extra, []));
    }

    [Fact]
    public void ACopiedPolicyMustBeListedInItsTenantsStatus_AndIsNotExtra()
    {
        var oracle = Alpha();
        var cluster = Planned(IntraByName("web", "api"));
        var copied = Policy("db", "users-important-policy", "alpha", Deny);
        copied.Metadata.OwnerReferences = null;
        cluster.Add(copied);

        Assert.Equal(["tenant alpha: status.unownedPolicies [] lacks one of [db/users-important-policy]"], oracle.Differences(cluster, ["db/users-important-policy"]));
    }

    [Fact]
    public void MembershipFollowsTheReadme_NamesAndLabels_OlderTenantWins_NeitherProtectedNorTerminating()
    {
        var oracle = new IsolationOracle(
            [
                Tenant("young", 2, s => s.Namespaces = ["shared", "own", "gone", "kube-public"]),
                Tenant("old", 1, s => s.NamespaceSelector = new Api.LabelSelector { MatchLabels = new Dictionary<string, string> { [SoakFleet.TenantLabel] = "old" } }),
            ],
            [Ns("shared", "old"), Ns("own"), Ns("gone", terminating: true), Ns("kube-public"), Ns("elsewhere", "old")]);

        Assert.Equal(["own"], oracle.Members["young"].Order());
        Assert.Equal(["elsewhere", "shared"], oracle.Members["old"].Order());
    }

    [Fact]
    public void ATenantWhoseStatusIsBehindOrNotReady_IsADifference()
    {
        var stale = Tenant("alpha", 0, s => s.Namespaces = ["web"], "Reconciled", "web");
        stale.Metadata.Generation = 2;
        var empty = Tenant("bravo", 1, s => s.Namespaces = ["nowhere"], status: "NoNamespaces");

        var oracle = new IsolationOracle([stale, empty], [Ns("web")]);
        var cluster = new List<V1NetworkPolicy> { Policy("web", WellKnown.DefaultDenyPolicy, "alpha", Deny), Policy("web", WellKnown.DnsPolicy, "alpha", Dns), Policy("web", WellKnown.IntraTenantPolicy, "alpha", IntraByName("web")) };

        Assert.Equal(["tenant alpha: status describes generation 1, not 2"], oracle.Differences(cluster, []));
    }
}
