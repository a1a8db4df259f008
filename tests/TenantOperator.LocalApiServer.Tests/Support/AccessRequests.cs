using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>
/// Requests as someone other than the admin, and the RBAC objects that grant them something, for the
/// authentication and authorization tests: ServiceAccounts get their tokens from the TokenRequest API, as kubectl
/// create token gets them.
/// </summary>
public static class AccessRequests
{
    /// <summary>Creates the namespace and ServiceAccount when missing, and returns a token from the TokenRequest API.</summary>
    public static async Task<string> ServiceAccountTokenAsync(this ApiServerHarness h, string ns, string name, string spec = "{}")
    {
        await h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace(ns));
        await h.CreateIfMissingAsync($"/api/v1/namespaces/{ns}/serviceaccounts", $$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{name}}" } }""");
        var (code, body, _) = await h.PostAsync($"/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", $$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{{spec}} }""");
        Assert.True(code == 201, body.ToJsonString());
        return (string)body["status"]!["token"]!;
    }

    public static async Task CreateIfMissingAsync(this ApiServerHarness h, string path, string json)
    {
        var (code, body, _) = await h.PostAsync(path, json);
        Assert.True(code is 201 or 409, body.ToJsonString());
    }

    /// <summary>Creates the object as the admin; the test stops if that fails.</summary>
    public static async Task<JsonObject> CreateAsync(this ApiServerHarness h, string path, string json)
    {
        var (code, body, _) = await h.PostAsync(path, json);
        Assert.True(code == 201, body.ToJsonString());
        return body;
    }

    /// <summary>A request with <paramref name="token"/> as bearer token ("" sends none: anonymous).</summary>
    public static async Task<(int Code, JsonObject Body)> SendAsAsync(this ApiServerHarness h, string token, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var http = ServerClients.Http(h.Server, token);
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
        return ((int)response.StatusCode, body);
    }

    /// <summary>A request with a raw <c>Authorization</c> header value.</summary>
    public static async Task<(int Code, JsonObject Body)> SendWithAuthorizationAsync(this ApiServerHarness h, string authorization, string path)
    {
        using var http = ServerClients.Http(h.Server, string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public static Task<(int Code, JsonObject Body)> GetAsAsync(this ApiServerHarness h, string token, string path) => h.SendAsAsync(token, HttpMethod.Get, path);

    public static Task<(int Code, JsonObject Body)> PostAsAsync(this ApiServerHarness h, string token, string path, string json) => h.SendAsAsync(token, HttpMethod.Post, path, json);

    /// <summary>Who the server takes <paramref name="token"/> for (a SelfSubjectReview's status.userInfo).</summary>
    public static async Task<JsonObject> WhoAmIAsync(this ApiServerHarness h, string token)
    {
        var (code, body) = await h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""");
        Assert.True(code == 201, body.ToJsonString());
        return body["status"]!["userInfo"]!.AsObject();
    }

    public const string RbacPath = "/apis/rbac.authorization.k8s.io/v1";

    public static string Role(string name, string rules) =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{name}}"},"rules":{{rules}}}""";

    public static string ClusterRole(string name, string rules, string labels = "{}") =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}","labels":{{labels}}},"rules":{{rules}}}""";

    public static string RoleBinding(string name, string roleKind, string roleName, string subjects) =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{roleName}}"},"subjects":{{subjects}}}""";

    public static string ClusterRoleBinding(string name, string roleName, string subjects) =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{roleName}}"},"subjects":{{subjects}}}""";

    public static string ServiceAccountSubject(string ns, string name) => $$"""[{"kind":"ServiceAccount","name":"{{name}}","namespace":"{{ns}}"}]""";

    /// <summary>Grants the ServiceAccount <paramref name="rules"/> in its namespace (a Role and a RoleBinding named after it).</summary>
    public static async Task GrantInNamespaceAsync(this ApiServerHarness h, string ns, string account, string rules)
    {
        await h.CreateAsync($"{RbacPath}/namespaces/{ns}/roles", Role(account, rules));
        await h.CreateAsync($"{RbacPath}/namespaces/{ns}/rolebindings", RoleBinding(account, "Role", account, ServiceAccountSubject(ns, account)));
    }

    /// <summary>Grants the ServiceAccount <paramref name="rules"/> cluster-wide (a ClusterRole and a ClusterRoleBinding named NS-NAME).</summary>
    public static async Task GrantClusterWideAsync(this ApiServerHarness h, string ns, string account, string rules)
    {
        await h.CreateAsync($"{RbacPath}/clusterroles", ClusterRole($"{ns}-{account}", rules));
        await h.CreateAsync($"{RbacPath}/clusterrolebindings", ClusterRoleBinding($"{ns}-{account}", $"{ns}-{account}", ServiceAccountSubject(ns, account)));
    }
}
