using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Fuzz;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>
/// Path segments are read as kube-apiserver reads them: percent-decoded (%2F included) and split, never
/// resolved. A name of "." or ".." is a 400, and no encoding of a segment can make a request address
/// something else. Requests go over a raw socket: HttpClient would resolve the dot segments itself.
/// </summary>
public sealed class RequestPathTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"victim","labels":{"keep":"me"}}}""")).Code);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    public async Task EncodedDotDotName_IsABadRequest_AndTheNamespaceIsUntouched(string method)
    {
        var before = await VictimAsync();
        var response = await SendAsync(method, "/api/v1/namespaces/victim/configmaps/%2e%2e", """{"metadata":{"labels":{"pwned":"yes"}}}""");

        Assert.Equal(400, response.Code);
        Assert.Equal("BadRequest", (string?)response.Json!["reason"]);
        Assert.Equal("Name parameter invalid: \"..\": may not be '..'", (string?)response.Json["message"]);
        Assert.Equal(before.ToJsonString(), (await VictimAsync()).ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/namespaces/victim/configmaps/%2E", "Name parameter invalid: \".\": may not be '.'")]
    [InlineData("/api/v1/namespaces/%2e%2e", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("/api/v1/namespaces/victim/configmaps/a%25b", "Name parameter invalid: \"a%b\": may not contain '%'")]
    [InlineData("/api/v1/namespaces/victim/pods/%2e%2e/status", "Name parameter invalid: \"..\": may not be '..'")]
    public async Task NamesThatAreNotPathSegments_AreBadRequests(string path, string message)
    {
        var response = await SendAsync(path.EndsWith("/status", StringComparison.Ordinal) ? "GET" : "DELETE", path);

        Assert.Equal(400, response.Code);
        Assert.Equal(message, (string?)response.Json!["message"]);
        Assert.Equal("me", (string?)(await VictimAsync())["metadata"]!["labels"]!["keep"]);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/victim/configmaps/..")]
    [InlineData("/api/v1/namespaces/victim/configmaps/../../namespaces/victim")]
    [InlineData("/api/v1/namespaces/default/configmaps/x%2F..%2F..%2F..%2Fnamespaces%2Fvictim")]
    [InlineData("/api/v1/namespaces/victim/configmaps/a%2Fb")]
    [InlineData("/api/v1/namespaces/victim/configmaps/a/b/c")]
    [InlineData("/api/v1/namespaces/victim/configmaps//x")]
    [InlineData("/api/v1/namespaces//configmaps")]
    public async Task SegmentsThatWouldClimbOrAddSteps_FindNoRoute(string path)
    {
        foreach (var method in new[] { "GET", "DELETE", "PATCH" })
        {
            var response = await SendAsync(method, path, """{"metadata":{"labels":{"pwned":"yes"}}}""");

            Assert.True(response.Code is 400 or 404 or 405, $"{method} {path}: {response.Code} {response.Text}");
            Assert.Equal("Status", (string?)response.Json!["kind"]);
        }

        Assert.Null((await VictimAsync())["metadata"]!["labels"]!["pwned"]);
        Assert.Null((await VictimAsync())["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task EncodedSlash_IsASlash_AsInGo()
    {
        // /configmaps/a%2Fb is /configmaps/a/b: a subresource "b" that configmaps do not have.
        var response = await SendAsync("GET", "/api/v1/namespaces/victim/configmaps/a%2Fb");

        Assert.Equal(404, response.Code);
        Assert.Equal("the server could not find the requested resource", (string?)response.Json!["message"]);
    }

    [Fact]
    public async Task EncodedLetters_AddressTheSameObject()
    {
        var response = await SendAsync("GET", "/api/v1/namespaces/vict%69m");

        Assert.Equal(200, response.Code);
        Assert.Equal("victim", (string?)response.Json!["metadata"]!["name"]);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/victim/configmaps/a%zz", "invalid URL escape \"%zz\"")]
    [InlineData("/api/v1/namespaces/victim/configmaps/a%2", "invalid URL escape \"%2\"")]
    [InlineData("/api/v1/namespaces/victim/configmaps/a%", "invalid URL escape \"%\"")]
    public async Task MalformedEscapes_AreBadRequests(string path, string message)
    {
        var response = await SendAsync("GET", path);

        Assert.Equal(400, response.Code);
        Assert.Equal(message, (string?)response.Json!["message"]);
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/victim/configmaps/named")]
    [InlineData("PUT", "/api/v1/namespaces/victim/configmaps")]
    [InlineData("PATCH", "/api/v1/namespaces/victim/configmaps")]
    [InlineData("DELETE", "/api/v1/namespaces/victim/pods/x/status")]
    [InlineData("OPTIONS", "/api/v1/namespaces/victim/configmaps")]
    [InlineData("HEAD", "/api/v1/namespaces/victim/configmaps")]
    [InlineData("DELETE", "/api/v1/watch/namespaces/victim")]
    [InlineData("DELETE", "/api/v1/watch/namespaces/victim/%2F")]
    [InlineData("PATCH", "/api/v1/watch/namespaces/victim")]
    public async Task MethodsARouteDoesNotTake_AreMethodNotAllowed(string method, string path)
    {
        var response = await SendAsync(method, path, """{"metadata":{"name":"named"}}""");

        Assert.Equal(405, response.Code);
        Assert.Equal(method == "HEAD" ? null : "MethodNotAllowed", (string?)response.Json?["reason"]);
        Assert.Equal(404, (await _h.GetAsync("/api/v1/namespaces/victim/configmaps/named")).Code);
        Assert.Null((await VictimAsync())["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task WatchOfOneName_SeesOnlyThatObject()
    {
        await _h.PostAsync("/api/v1/namespaces/victim/configmaps", """{"metadata":{"name":"one"}}""");
        await _h.PostAsync("/api/v1/namespaces/victim/configmaps", """{"metadata":{"name":"two"}}""");
        await using var watch = await RawWatch.OpenAsync(_h.Http, "/api/v1/watch/namespaces/victim/configmaps/two?timeoutSeconds=5");

        var first = await watch.NextAsync();
        await _h.PatchAsync("/api/v1/namespaces/victim/configmaps/one", """{"data":{"a":"1"}}""", "application/merge-patch+json");
        await _h.PatchAsync("/api/v1/namespaces/victim/configmaps/two", """{"data":{"a":"2"}}""", "application/merge-patch+json");
        var second = await watch.NextAsync();

        Assert.Equal(("ADDED", "two"), ((string?)first!["type"], (string?)first["object"]!["metadata"]!["name"]));
        Assert.Equal(("MODIFIED", "two"), ((string?)second!["type"], (string?)second["object"]!["metadata"]!["name"]));
    }

    [Fact]
    public async Task WatchOfOneName_WithAFieldSelectorForAnotherName_IsABadRequest()
    {
        var (code, status, _) = await _h.GetAsync("/api/v1/watch/namespaces/victim/configmaps/two?fieldSelector=metadata.name%3Done");

        Assert.Equal(400, code);
        Assert.Equal("fieldSelector metadata.name doesn't match requested name", (string?)status["message"]);
    }

    [Fact]
    public async Task WatchParameterOnANamedGet_IsAGet()
    {
        // kube-apiserver turns ?watch=true into a watch only for collections.
        var (code, body, _) = await _h.GetAsync("/api/v1/namespaces/victim?watch=true");

        Assert.Equal(200, code);
        Assert.Equal("Namespace", (string?)body["kind"]);
    }

    private Task<RawResponse> SendAsync(string method, string path, string? body = null) =>
        RawHttp.SendAsync(
            _h.Server,
            RawHttp.Request(method, path, body is null ? null : method == "PATCH" ? "application/merge-patch+json" : "application/json", body is null ? null : Encoding.UTF8.GetBytes(body)),
            TimeSpan.FromSeconds(30));

    private async Task<JsonObject> VictimAsync()
    {
        var (code, body, _) = await _h.GetAsync("/api/v1/namespaces/victim");
        Assert.Equal(200, code);
        return body;
    }
}
