using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>The attributes RBAC sees for a request, as kube-apiserver's RequestInfoFactory derives them.</summary>
public sealed class RequestAttributesTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/team-a", "", "get||namespaces||team-a|team-a")]
    [InlineData("PUT", "/api/v1/namespaces/team-a/status", "", "update||namespaces|status|team-a|team-a")]
    [InlineData("PUT", "/api/v1/namespaces/team-a/finalize", "", "update||namespaces|finalize|team-a|team-a")]
    [InlineData("GET", "/api/v1/namespaces", "", "list||namespaces|||")]
    [InlineData("GET", "/api/v1/namespaces/a/pods", "?fieldSelector=metadata.name%3Dweb", "list||pods||a|web")]
    [InlineData("GET", "/api/v1/pods", "?fieldSelector=metadata.name%3D%3Dweb,spec.nodeName%3Dn1", "list||pods|||web")]
    [InlineData("GET", "/api/v1/pods", "?fieldSelector=metadata.name!%3Dweb", "list||pods|||")]
    [InlineData("GET", "/api/v1/namespaces/a/pods", "?watch=true&fieldSelector=metadata.name%3Dweb", "watch||pods||a|web")]
    [InlineData("GET", "/api/v1/watch/namespaces/a/pods", "", "watch||pods||a|")]
    [InlineData("DELETE", "/apis/networking.k8s.io/v1/namespaces/a/networkpolicies", "", "deletecollection|networking.k8s.io|networkpolicies||a|")]
    [InlineData("DELETE", "/apis/networking.k8s.io/v1/namespaces/a/networkpolicies/x", "", "delete|networking.k8s.io|networkpolicies||a|x")]
    [InlineData("POST", "/api/v1/namespaces/a/serviceaccounts/robot/token", "", "create||serviceaccounts|token|a|robot")]
    [InlineData("PATCH", "/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations/t/status", "", "patch|isolation.tenantoperator.io|tenantisolations|status||t")]
    public void ResourceRequest_Attributes(string method, string path, string query, string expected)
    {
        var attributes = Of(method, path, query);

        Assert.True(attributes.IsResourceRequest);
        Assert.Equal(expected, string.Join('|', attributes.Verb, attributes.ApiGroup, attributes.Resource, attributes.Subresource, attributes.Namespace, attributes.Name));
    }

    [Theory]
    [InlineData("GET", "/healthz", "get")]
    [InlineData("GET", "/api", "get")]
    [InlineData("GET", "/apis/apps/v1", "get")]
    [InlineData("POST", "/metrics", "post")]
    public void NonResourceRequest_IsItsPathAndLowerCaseMethod(string method, string path, string verb)
    {
        var attributes = Of(method, path, string.Empty);

        Assert.False(attributes.IsResourceRequest);
        Assert.Equal((verb, path), (attributes.Verb, attributes.Path));
    }

    private static AuthorizationAttributes Of(string method, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return AuthorizationAttributes.Of(RequestInfoParser.Parse(context.Request), context.Request, UserInfo.Of("someone"));
    }
}
