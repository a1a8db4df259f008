using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>Objects as a user would write them.</summary>
internal static class TestObjects
{
    /// <summary>A NetworkPolicy that lets pods labelled app=web in.</summary>
    public static V1NetworkPolicy Policy(string ns, string name, IDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } }] }],
        },
    };

    /// <summary>A TenantIsolation whose members are the given namespaces.</summary>
    public static TenantIsolation Tenant(string name, params string[] namespaces) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new TenantIsolationSpec { Namespaces = [.. namespaces] },
    };
}
