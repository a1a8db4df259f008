using k8s;
using k8s.Models;
using TenantOperator.Controller;

namespace TenantOperator.Tests.Controller;

public sealed class SharedPolicyPartsTests
{
    [Fact]
    public void EqualParts_OfDifferentPolicies_BecomeOneInstance()
    {
        var parts = new SharedPolicyParts();
        var web = parts.Share(Policy("web", "team-a", port: 8080));
        var api = parts.Share(Policy("api", "team-a", port: 8080));

        Assert.Same(web.Spec, api.Spec);
        Assert.Same(web.Metadata.Labels, api.Metadata.Labels);
        Assert.Same(web.Metadata.Annotations, api.Metadata.Annotations);
        Assert.Same(web.Metadata.OwnerReferences, api.Metadata.OwnerReferences);
        Assert.Equal(("web", "api"), (web.Metadata.NamespaceProperty, api.Metadata.NamespaceProperty));
    }

    [Fact]
    public void DifferentParts_StayApart_AndKeepTheirContent()
    {
        var parts = new SharedPolicyParts();
        var a = parts.Share(Policy("web", "team-a", port: 8080));
        var b = parts.Share(Policy("web", "team-b", port: 9090));

        Assert.NotSame(a.Spec, b.Spec);
        Assert.NotSame(a.Metadata.Labels, b.Metadata.Labels);
        Assert.Equal(KubernetesJson.Serialize(Policy("web", "team-b", port: 9090).Spec), KubernetesJson.Serialize(b.Spec));
        Assert.Equal("team-b", b.Metadata.Labels["isolation.tenantoperator.io/tenant"]);
    }

    [Fact]
    public void ManagedFields_AreDropped()
    {
        var policy = Policy("web", "team-a", port: 8080);
        policy.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }];

        Assert.Null(new SharedPolicyParts().Share(policy).Metadata.ManagedFields);
    }

    [Fact]
    public void ManagedPolicyNames_AndNamespaceNames_BecomeOneInstance_OthersNamesStayTheirOwn()
    {
        var web = new string("web".AsSpan());
        var parts = new SharedPolicyParts(ns => ns == "web" ? web : null);
        var first = parts.Share(Policy(new string("web".AsSpan()), "team-a", port: 8080));
        var second = parts.Share(Policy(new string("web".AsSpan()), "team-b", port: 8080));
        var other = Policy("api", "team-a", port: 8080);
        other.Metadata.Labels.Remove("app.kubernetes.io/managed-by");
        var theirs = parts.Share(other);

        Assert.Same(web, first.Metadata.NamespaceProperty);
        Assert.Same(web, second.Metadata.NamespaceProperty);
        Assert.Same(first.Metadata.Name, second.Metadata.Name);
        Assert.NotSame(first.Metadata.Name, theirs.Metadata.Name);
        Assert.Equal(("tenant-isolation-ingress-web", "api"), (theirs.Metadata.Name, theirs.Metadata.NamespaceProperty));
    }

    private static V1NetworkPolicy Policy(string ns, string tenant, int port) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = new string("tenant-isolation-ingress-web".AsSpan()), // a string of its own, as deserialized
            NamespaceProperty = ns,
            Uid = Guid.NewGuid().ToString(),
            ResourceVersion = "12",
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "tenant-operator", ["isolation.tenantoperator.io/tenant"] = tenant },
            Annotations = new Dictionary<string, string> { ["isolation.tenantoperator.io/content-hash"] = $"hash-{port}" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "isolation.tenantoperator.io/v1alpha1", Kind = "TenantIsolation", Name = tenant, Uid = $"uid-{tenant}", Controller = true }],
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = port }] }],
        },
    };
}
