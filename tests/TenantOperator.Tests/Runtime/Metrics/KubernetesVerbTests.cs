using TenantOperator.Runtime.Http;

namespace TenantOperator.Tests.Runtime.Metrics;

public sealed class KubernetesVerbTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces", "list")]
    [InlineData("GET", "/api/v1/namespaces?limit=500", "list")]
    [InlineData("GET", "/api/v1/namespaces?watch=true&resourceVersion=5", "watch")]
    [InlineData("GET", "/api/v1/namespaces/team-a", "get")]
    [InlineData("PUT", "/api/v1/namespaces/team-a/status", "update")]
    [InlineData("GET", "/apis/networking.k8s.io/v1/networkpolicies", "list")]
    [InlineData("GET", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies", "list")]
    [InlineData("GET", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/deny", "get")]
    [InlineData("POST", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies", "create")]
    [InlineData("PUT", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/deny", "update")]
    [InlineData("DELETE", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/deny", "delete")]
    [InlineData("DELETE", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies", "deletecollection")]
    [InlineData("PUT", "/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations/team-a/status", "update")]
    [InlineData("GET", "/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations?watch=1", "watch")]
    [InlineData("PATCH", "/api/v1/namespaces/default/events/x.1", "patch")]
    [InlineData("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/tenant-operator", "get")]
    public void VerbFollowsMethodAndPath(string method, string path, string verb) =>
        Assert.Equal(verb, KubernetesVerb.Of(new HttpMethod(method), new Uri("https://api.example:6443" + path)));
}
