using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The cluster the operator scenario runs on: a <c>shared-services</c> tenant and <c>team-0001</c>… tenants, each with
/// its own namespaces, written the way platform teams write them. What varies from tenant to tenant, by index:
/// <list type="bullet">
/// <item>membership: mostly <c>matchLabels {tenant: …}</c>; every 10th by matchExpressions; every 10th by names only;</item>
/// <item>every tenant: ingress from ingress-nginx (by name) to <c>app=web</c> on 8080/8443, and from Prometheus pods in
/// <c>monitoring</c> on the named port <c>metrics</c>;</item>
/// <item>every 10th (index ≡ 1): a client of shared-services (egress to its PostgreSQL, <c>tenant:</c> peer), and
/// shared-services admits each client by name in its ingress rules (mutual consent);</item>
/// <item>index ≡ 5 and ≡ 6 (mod 10): a peered pair, egress from one and ingress into the other by <c>tenant:</c>;</item>
/// <item>every 3rd: egress to a partner network (ipBlock with except) on 443; every 5th: DNS also via NodeLocal DNSCache;</item>
/// <item>every 50th: one namespace exempt; every 100th: DryRun;</item>
/// <item>every 20th: a team-written policy that stays inside its namespace; every 100th: one that opens to every
/// <c>env=prod</c> namespace (a breach the operator must report).</item>
/// </list>
/// Besides those, large tenants of the sizes asked for (<c>large-00010</c>, <c>large-05000</c>, …; names of one length,
/// so their policies' sizes compare), each selecting its namespaces by label and admitting ingress-nginx and Prometheus.
/// </summary>
public sealed class TenantFleet(int tenants, int namespacesPerTenant, IReadOnlyList<int>? largeTenantSizes = null)
{
    /// <summary>The tenant whose members every client reaches; editing it fans out to every client namespace.</summary>
    public const string SharedServices = "shared-services";

    /// <summary>A namespace created up front, outside every tenant, that the fan-out phase adds to shared-services by name.</summary>
    public const string SharedServicesExtraNamespace = "shared-services-extra";

    private const int ClientsPerIngressRule = 25;

    /// <summary>How many tenants, shared-services included.</summary>
    public int Tenants { get; } = tenants;

    /// <summary>Member namespaces per tenant.</summary>
    public int NamespacesPerTenant { get; } = namespacesPerTenant;

    /// <summary>The sizes of the large tenants, one tenant each.</summary>
    public IReadOnlyList<int> LargeTenantSizes { get; } = largeTenantSizes ?? [];

    /// <summary>The name of the large tenant of <paramref name="size"/> namespaces.</summary>
    public static string LargeTenantName(int size) => $"large-{size:D5}";

    /// <summary>The name of member namespace <paramref name="ns"/> of the large tenant of <paramref name="size"/> namespaces.</summary>
    public static string LargeNamespaceName(int size, int ns) => $"{LargeTenantName(size)}-ns-{ns:D4}";

    /// <summary>A namespace carrying the labels of the large tenant of <paramref name="size"/> namespaces.</summary>
    public static V1Namespace LargeMemberNamespace(int size, string name) => Namespace(name, new Dictionary<string, string>
    {
        ["tenant"] = LargeTenantName(size),
        ["env"] = "prod",
    });

    /// <summary>The name of tenant <paramref name="index"/> (0 is shared-services).</summary>
    public static string TenantName(int index) => index == 0 ? SharedServices : $"team-{index:D4}";

    /// <summary>The name of member namespace <paramref name="ns"/> of tenant <paramref name="index"/>.</summary>
    public static string NamespaceName(int index, int ns) => $"{TenantName(index)}-ns-{ns}";

    /// <summary>True for the tenants that reach shared-services' PostgreSQL.</summary>
    public static bool IsClient(int index) => index % 10 == 1;

    /// <summary>True for the tenants that only list namespaces by name: a new labelled namespace does not join them.</summary>
    public static bool IsNamedOnly(int index) => index % 10 == 7;

    /// <summary>True for the tenants in DryRun: they write nothing.</summary>
    public static bool IsDryRun(int index) => index % 100 == 99;

    /// <summary>Every namespace: the tenants' members, ingress-nginx, monitoring and the one the fan-out adds.</summary>
    public IEnumerable<V1Namespace> Namespaces()
    {
        yield return Namespace("ingress-nginx", new Dictionary<string, string> { ["purpose"] = "ingress" });
        yield return Namespace("monitoring", new Dictionary<string, string> { ["purpose"] = "monitoring" });
        yield return Namespace(SharedServicesExtraNamespace, new Dictionary<string, string> { ["env"] = "prod" });
        for (var i = 0; i < Tenants; i++)
        {
            for (var n = 0; n < NamespacesPerTenant; n++)
            {
                yield return MemberNamespace(i, NamespaceName(i, n), n);
            }
        }

        foreach (var size in LargeTenantSizes)
        {
            for (var n = 0; n < size; n++)
            {
                yield return LargeMemberNamespace(size, LargeNamespaceName(size, n));
            }
        }
    }

    /// <summary>A namespace carrying tenant <paramref name="index"/>'s labels, as a team creates a new one.</summary>
    public static V1Namespace MemberNamespace(int index, string name, int ordinal) => Namespace(name, new Dictionary<string, string>
    {
        ["tenant"] = TenantName(index),
        ["env"] = ordinal < 4 ? "prod" : ordinal < 7 ? "staging" : "dev",
        ["cost-center"] = $"cc-{index % 40:D2}",
    });

    /// <summary>Every TenantIsolation, shared-services first.</summary>
    public IEnumerable<TenantIsolation> TenantIsolations()
    {
        for (var i = 0; i < Tenants; i++)
        {
            yield return i == 0 ? SharedServicesTenant() : Team(i);
        }

        foreach (var size in LargeTenantSizes)
        {
            yield return Tenant(LargeTenantName(size), new TenantIsolationSpec
            {
                NamespaceSelector = Match("tenant", LargeTenantName(size)),
                Ingress = [FromIngressNginx(), FromMonitoring()],
            });
        }
    }

    /// <summary>Policies the teams wrote themselves: most stay inside their namespace, a few open it (breaches).</summary>
    public IEnumerable<V1NetworkPolicy> TeamWrittenPolicies()
    {
        for (var i = 1; i < Tenants; i++)
        {
            if (i % 20 == 4)
            {
                yield return TeamPolicy(NamespaceName(i, 0), "allow-same-namespace", new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() });
            }

            if (i % 100 == 44)
            {
                yield return TeamPolicy(NamespaceName(i, 1), "allow-prod-scrape", new V1NetworkPolicyPeer
                {
                    NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" } },
                });
            }
        }
    }

    /// <summary>shared-services with <see cref="SharedServicesExtraNamespace"/> added by name: the fan-out's spec change.</summary>
    public TenantIsolation SharedServicesWithExtraNamespace()
    {
        var tenant = SharedServicesTenant();
        tenant.Spec.Namespaces = [SharedServicesExtraNamespace];
        return tenant;
    }

    private TenantIsolation SharedServicesTenant()
    {
        var clients = Enumerable.Range(1, Tenants - 1).Where(IsClient).Select(TenantName).ToList();
        var ingress = new List<TenantIngressRule> { FromMonitoring() };
        for (var chunk = 0; chunk * ClientsPerIngressRule < clients.Count; chunk++)
        {
            ingress.Add(new TenantIngressRule
            {
                Name = $"clients-{chunk + 1}",
                PodSelector = Match("app", "postgres"),
                From = clients.Skip(chunk * ClientsPerIngressRule).Take(ClientsPerIngressRule).Select(c => new TenantPeer { Tenant = c }).ToList(),
                Ports = [Tcp(5432)],
            });
        }

        return Tenant(SharedServices, new TenantIsolationSpec
        {
            NamespaceSelector = Match("tenant", SharedServices),
            Ingress = ingress,
        });
    }

    private TenantIsolation Team(int i)
    {
        var name = TenantName(i);
        var spec = new TenantIsolationSpec
        {
            Ingress = [FromIngressNginx(), FromMonitoring()],
            Egress = [],
        };
        if (IsNamedOnly(i))
        {
            spec.Namespaces = Enumerable.Range(0, NamespacesPerTenant).Select(n => NamespaceName(i, n)).ToList();
        }
        else if (i % 10 == 3)
        {
            spec.NamespaceSelector = new LabelSelector
            {
                MatchExpressions =
                [
                    new LabelSelectorRequirement { Key = "tenant", Operator = "In", Values = [name] },
                    new LabelSelectorRequirement { Key = "env", Operator = "Exists" },
                ],
            };
        }
        else
        {
            spec.NamespaceSelector = Match("tenant", name);
        }

        if (IsClient(i))
        {
            spec.Egress.Add(new TenantEgressRule
            {
                Name = "to-shared-postgres",
                To = [new TenantPeer { Tenant = SharedServices, PodSelector = Match("app", "postgres") }],
                Ports = [Tcp(5432)],
            });
        }

        if (i % 10 == 5 && i + 1 < Tenants)
        {
            spec.Egress.Add(new TenantEgressRule { Name = "to-partner-team", To = [new TenantPeer { Tenant = TenantName(i + 1) }], Ports = [Tcp(8080)] });
        }

        if (i % 10 == 6)
        {
            spec.Ingress.Add(new TenantIngressRule { Name = "from-partner-team", From = [new TenantPeer { Tenant = TenantName(i - 1) }], Ports = [Tcp(8080)] });
        }

        if (i % 3 == 0)
        {
            spec.Egress.Add(new TenantEgressRule
            {
                Name = "to-payment-gateway",
                To = [new TenantPeer { IpBlock = new IPBlock { Cidr = "203.0.113.0/24", Except = ["203.0.113.128/25"] } }],
                Ports = [Tcp(443)],
            });
        }

        if (i % 5 == 2)
        {
            spec.Dns = new DnsPolicy { Cidrs = ["169.254.20.10/32"] };
        }

        if (i % 50 == 8)
        {
            spec.ExemptNamespaces = [new ExemptNamespace { Name = NamespaceName(i, NamespacesPerTenant - 1), Reason = "load test until 2026-12-01" }];
        }

        if (IsDryRun(i))
        {
            spec.Mode = IsolationMode.DryRun;
        }

        return Tenant(name, spec);
    }

    private static TenantIngressRule FromIngressNginx() => new()
    {
        Name = "from-ingress-nginx",
        PodSelector = Match("app", "web"),
        From = [new TenantPeer { Namespaces = ["ingress-nginx"] }],
        Ports = [Tcp(8080), Tcp(8443)],
    };

    private static TenantIngressRule FromMonitoring() => new()
    {
        Name = "from-monitoring",
        From = [new TenantPeer { NamespaceSelector = Match("kubernetes.io/metadata.name", "monitoring"), PodSelector = Match("app", "prometheus") }],
        Ports = [new PolicyPort { Protocol = "TCP", Port = "metrics" }],
    };

    private static TenantIsolation Tenant(string name, TenantIsolationSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["owner"] = "platform-team" } },
        Spec = spec,
    };

    private static V1Namespace Namespace(string name, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
    };

    private static V1NetworkPolicy TeamPolicy(string ns, string name, V1NetworkPolicyPeer from) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["team"] = "app" } },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "api" } },
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [from], Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = 8080 }] }],
        },
    };

    private static LabelSelector Match(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    private static PolicyPort Tcp(int port) => new() { Protocol = "TCP", Port = port };
}
