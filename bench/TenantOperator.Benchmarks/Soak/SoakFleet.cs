using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// What the soak starts from: four tenants that select their namespaces by a label and two that name them, their
/// namespaces (some stable, some to churn), a namespace that is no tenant's, and the objects that are not the
/// operator's to touch: policies a team wrote, and policies with the operator's labels copied onto them.
/// </summary>
public static class SoakFleet
{
    /// <summary>The operator's namespace: protected, and where the Lease lives.</summary>
    public const string OperatorNamespace = "tenant-operator-system";

    /// <summary>The Lease the replicas elect a leader on.</summary>
    public const string LeaseName = "tenant-operator";

    /// <summary>The label selector tenants pick their namespaces by.</summary>
    public const string TenantLabel = "soak.example/tenant";

    /// <summary>Tenants whose members are the namespaces labelled with their name.</summary>
    public static readonly IReadOnlyList<string> SelectorTenants = ["alpha", "bravo", "charlie", "delta"];

    /// <summary>Tenants whose members are named in their spec, from their <see cref="Pool"/>.</summary>
    public static readonly IReadOnlyList<string> NamedTenants = ["echo", "foxtrot"];

    /// <summary>The tenants that start with an egress rule (on one port each).</summary>
    public static readonly IReadOnlyList<string> EgressTenants = ["alpha", "bravo", "foxtrot"];

    /// <summary>The tenant whose labels the copied policies carry.</summary>
    public const string CopiedTenant = "alpha";

    /// <summary>A namespace no tenant selects or names.</summary>
    public const string Outsider = "outsider";

    /// <summary>The policies with our labels that are not ours: the one that appears during the soak, in a namespace that is no tenant's member, and one in a member namespace.</summary>
    public static readonly IReadOnlyList<string> CopiedPolicies = ["default/users-important-policy", "alpha-stable/copied-allow"];

    /// <summary>Policies teams wrote themselves (no labels of ours).</summary>
    public static readonly IReadOnlyList<string> TeamPolicies = ["bravo-stable/team-allow-web", "outsider/team-deny"];

    /// <summary>The namespaces a named tenant may name.</summary>
    public static IReadOnlyList<string> Pool(string tenant) => [$"{tenant}-1", $"{tenant}-2", $"{tenant}-3"];

    /// <summary>The namespaces at the start; the churn ones are <c>churn-1</c>…, labelled in turn for the selector tenants.</summary>
    public static IEnumerable<V1Namespace> InitialNamespaces(int churn)
    {
        foreach (var tenant in SelectorTenants)
        {
            yield return Namespace($"{tenant}-stable", tenant);
        }

        for (var i = 1; i <= churn; i++)
        {
            yield return Namespace($"churn-{i}", SelectorTenants[(i - 1) % SelectorTenants.Count]);
        }

        foreach (var ns in NamedTenants.SelectMany(Pool))
        {
            yield return Namespace(ns, null);
        }

        yield return Namespace(Outsider, null);
    }

    /// <summary>A namespace, labelled for <paramref name="tenant"/> when given.</summary>
    public static V1Namespace Namespace(string name, string? tenant) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = tenant is null ? null : new Dictionary<string, string> { [TenantLabel] = tenant } },
    };

    /// <summary>The tenants at the start.</summary>
    public static IEnumerable<TenantIsolation> InitialTenants()
    {
        yield return Tenant("alpha", t => t.NamespaceSelector = Selector("alpha"), egressPort: 443);
        yield return Tenant("bravo", t => { t.NamespaceSelector = Selector("bravo"); t.AllowIntraTenant = false; }, egressPort: 8443);
        yield return Tenant("charlie", t => t.NamespaceSelector = Selector("charlie"));
        yield return Tenant("delta", t => { t.NamespaceSelector = Selector("delta"); t.AllowIntraTenant = false; });
        yield return Tenant("echo", t => t.Namespaces = ["echo-1", "echo-2"]);
        yield return Tenant("foxtrot", t => { t.Namespaces = ["foxtrot-1"]; t.AllowIntraTenant = false; }, egressPort: 5432);
    }

    /// <summary>The egress rule the soak gives and takes: to one documentation range, on one TCP port.</summary>
    public static TenantEgressRule Egress(int port) => new()
    {
        Name = "out",
        To = [new TenantPeer { IpBlock = new IPBlock { Cidr = "203.0.113.0/24" } }],
        Ports = [new PolicyPort { Port = port }],
    };

    /// <summary>A policy someone wrote, with our two labels on it when <paramref name="copiedLabels"/>.</summary>
    public static V1NetworkPolicy ForeignPolicy(string key, bool copiedLabels)
    {
        var (ns, name) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        return new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = copiedLabels
                    ? new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = CopiedTenant }
                    : new Dictionary<string, string> { ["team"] = "web" },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "users" } },
                PolicyTypes = ["Ingress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
            },
        };
    }

    private static Api.LabelSelector Selector(string tenant) => new() { MatchLabels = new Dictionary<string, string> { [TenantLabel] = tenant } };

    private static TenantIsolation Tenant(string name, Action<TenantIsolationSpec> shape, int? egressPort = null)
    {
        var spec = new TenantIsolationSpec();
        shape(spec);
        if (egressPort is { } port)
        {
            spec.Egress = [Egress(port)];
        }

        return new TenantIsolation { Metadata = new V1ObjectMeta { Name = name }, Spec = spec };
    }
}
