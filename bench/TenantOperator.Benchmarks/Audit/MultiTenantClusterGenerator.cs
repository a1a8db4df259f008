using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Benchmarks.Audit;

/// <summary>
/// A deterministic multi-tenant cluster for the audit benchmark: <c>tenants</c> TenantIsolations, each selecting its
/// namespaces by label, with pods web/api/db/worker serving 8080, 5432 and 9090; every tenant admits the ingress
/// controller on 8080, calls the next tenant's database on 5432 (which admits it: a ring of mutual peerings) and a
/// partner CIDR on 443; plus kube-system (DNS), ingress-nginx and monitoring, and a few hand-written policies that
/// open a tenant's metrics port to every namespace (the breaches). The operator's policies are planned and included,
/// as a live cluster holds them.
/// </summary>
public static class MultiTenantClusterGenerator
{
    private static readonly string[] Apps = ["web", "api", "db", "worker"];

    public static AuditInput Generate(int tenants = 100, int namespacesPerTenant = 3, int podsPerNamespace = 10, int breachingPolicies = 5)
    {
        var namespaces = new List<V1Namespace>();
        var pods = new List<V1Pod>();
        var tenantObjects = new List<TenantIsolation>();
        var address = 0;
        string NextAddress() => $"10.{address >> 16 & 255}.{address >> 8 & 255}.{address++ & 255}";

        namespaces.Add(Namespace("kube-system", []));
        namespaces.Add(Namespace("ingress-nginx", []));
        namespaces.Add(Namespace("monitoring", []));
        for (var d = 0; d < 2; d++)
        {
            pods.Add(Pod("kube-system", $"coredns-{d}", new() { ["k8s-app"] = "kube-dns" }, NextAddress(), [Port("dns", 53, "UDP"), Port("dns-tcp", 53, "TCP")]));
            pods.Add(Pod("ingress-nginx", $"controller-{d}", new() { ["app.kubernetes.io/name"] = "ingress-nginx" }, NextAddress(), [Port("http", 80, "TCP")]));
        }

        pods.Add(Pod("monitoring", "prometheus-0", new() { ["app"] = "prometheus" }, NextAddress(), [Port("web", 9090, "TCP")]));
        for (var t = 0; t < tenants; t++)
        {
            var name = TenantName(t);
            tenantObjects.Add(Tenant(name, TenantName((t + 1) % tenants), TenantName((t + tenants - 1) % tenants), t));
            for (var n = 0; n < namespacesPerTenant; n++)
            {
                var ns = $"{name}-ns{n}";
                namespaces.Add(Namespace(ns, new() { ["tenant"] = name }));
                for (var p = 0; p < podsPerNamespace; p++)
                {
                    var app = Apps[p % Apps.Length];
                    pods.Add(Pod(ns, $"{app}-{p}", new() { ["app"] = app }, NextAddress(),
                        [Port(app == "db" ? "postgres" : "http", app == "db" ? 5432 : 8080, "TCP"), Port("metrics", 9090, "TCP")]));
                }
            }
        }

        var plan = ClusterPlanner.Plan(new PlannerInput(tenantObjects, [.. namespaces.Select(TenantOperator.Policy.Planning.NamespaceInfo.From)], new PlannerOptions()));
        var policies = plan.Tenants.SelectMany(t => t.Policies).ToList();
        for (var b = 0; b < breachingPolicies; b++)
        {
            policies.Add(OpenMetrics($"{TenantName(b * tenants / Math.Max(1, breachingPolicies))}-ns0"));
        }

        return new AuditInput { Namespaces = namespaces, Pods = pods, Policies = policies, Tenants = tenantObjects };
    }

    private static string TenantName(int t) => $"t{t:D3}";

    private static TenantIsolation Tenant(string name, string next, string previous, int day) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(day) },
        Spec = new TenantIsolationSpec
        {
            NamespaceSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["tenant"] = name } },
            Ingress =
            [
                new TenantIngressRule
                {
                    Name = "from-ingress",
                    PodSelector = Labels("app", "web"),
                    From = [new TenantPeer { Namespaces = ["ingress-nginx"], PodSelector = Labels("app.kubernetes.io/name", "ingress-nginx") }],
                    Ports = [new PolicyPort { Port = 8080 }],
                },
                new TenantIngressRule
                {
                    Name = "db-from-previous",
                    PodSelector = Labels("app", "db"),
                    From = [new TenantPeer { Tenant = previous, PodSelector = Labels("app", "api") }],
                    Ports = [new PolicyPort { Port = 5432 }],
                },
            ],
            Egress =
            [
                new TenantEgressRule
                {
                    Name = "db-of-next",
                    PodSelector = Labels("app", "api"),
                    To = [new TenantPeer { Tenant = next, PodSelector = Labels("app", "db") }],
                    Ports = [new PolicyPort { Port = 5432 }],
                },
                new TenantEgressRule
                {
                    Name = "partner",
                    To = [new TenantPeer { IpBlock = new IPBlock { Cidr = "203.0.113.0/24", Except = ["203.0.113.128/25"] } }],
                    Ports = [new PolicyPort { Port = 443 }],
                },
            ],
        },
    };

    /// <summary>A team's own "let Prometheus scrape us" policy that admits every namespace: a breach for every unisolated pod.</summary>
    private static V1NetworkPolicy OpenMetrics(string ns) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "allow-metrics", NamespaceProperty = ns },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() }], Ports = [new V1NetworkPolicyPort { Port = 9090 }] }],
        },
    };

    private static LabelSelector Labels(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    private static V1ContainerPort Port(string name, int number, string protocol) => new() { Name = name, ContainerPort = number, Protocol = protocol };

    private static V1Namespace Namespace(string name, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels, CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
    };

    private static V1Pod Pod(string ns, string name, Dictionary<string, string> labels, string ip, List<V1ContainerPort> ports) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Ports = ports }] },
        Status = new V1PodStatus { Phase = "Running", PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] },
    };
}
