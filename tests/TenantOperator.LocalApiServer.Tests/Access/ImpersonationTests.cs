using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>Impersonation (<c>kubectl --as</c>): acting as another user needs <c>impersonate</c> on what is impersonated.</summary>
public sealed class ImpersonationTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TheAdmin_ActsAsAServiceAccount_WithItsGroups()
    {
        var user = await WhoAsync(_h.Server.AdminToken, ("Impersonate-User", "system:serviceaccount:a:robot"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"username":"system:serviceaccount:a:robot","groups":["system:serviceaccounts","system:serviceaccounts:a","system:authenticated"]}
            """), user), user.ToJsonString());
    }

    [Fact]
    public async Task GivenGroupsAndExtra_AreTheImpersonatedUsers()
    {
        var user = await WhoAsync(_h.Server.AdminToken, ("Impersonate-User", "bob"), ("Impersonate-Group", "devs"), ("Impersonate-Extra-Scopes", "view"), ("Impersonate-Uid", "42"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"username":"bob","uid":"42","groups":["devs","system:authenticated"],"extra":{"scopes":["view"]}}
            """), user), user.ToJsonString());
    }

    [Fact]
    public async Task ImpersonatingWithoutThePermission_IsForbidden()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "nobody");

        var (code, body) = await SendAsync(token, ("Impersonate-User", "bob"));

        Assert.Equal(403, code);
        Assert.Equal("users \"bob\" is forbidden: User \"system:serviceaccount:a:nobody\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", (string?)body["message"]);
    }

    [Fact]
    public async Task ImpersonatingAServiceAccount_NeedsImpersonateOnIt_InItsNamespace()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "lead");
        await _h.GrantInNamespaceAsync("a", "lead", """[{"apiGroups":[""],"resources":["serviceaccounts"],"verbs":["impersonate"]}]""");

        Assert.Equal("system:serviceaccount:a:robot", (string?)(await WhoAsync(token, ("Impersonate-User", "system:serviceaccount:a:robot")))["username"]);
        var (code, body) = await SendAsync(token, ("Impersonate-User", "system:serviceaccount:b:robot"));
        Assert.Equal(403, code);
        Assert.Equal("serviceaccounts \"robot\" is forbidden: User \"system:serviceaccount:a:lead\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"b\"", (string?)body["message"]);
    }

    [Fact]
    public async Task AGroupWithoutAUser_Is500AsUpstream()
    {
        var (code, _) = await SendAsync(_h.Server.AdminToken, ("Impersonate-Group", "devs"));

        Assert.Equal(500, code);
    }

    private async Task<JsonObject> WhoAsync(string token, params (string Header, string Value)[] headers)
    {
        var (code, body) = await SendAsync(token, headers);
        Assert.True(code == 201, body.ToJsonString());
        return body["status"]!["userInfo"]!.AsObject();
    }

    private async Task<(int Code, JsonObject Body)> SendAsync(string token, params (string Header, string Value)[] headers)
    {
        using var http = ServerClients.Http(_h.Server, token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
