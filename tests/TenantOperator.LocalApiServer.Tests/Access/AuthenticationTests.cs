using System.Buffers.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>
/// Who a request is, as kube-apiserver decides it: the kubeconfig's admin token, ServiceAccount tokens from the
/// TokenRequest API (with their expiry, audiences and bound objects), anonymous requests without a token, 401 for a
/// token the server does not accept. Time is a fake clock, advanced past the token cache (10 s) and leeway (1 min).
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string UnauthorizedStatus = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task NoToken_IsAnonymous_AndForbiddenMostThings()
    {
        var (code, body) = await _h.GetAsAsync(string.Empty, "/api/v1/namespaces");

        Assert.Equal(403, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope",
             "reason":"Forbidden","details":{"kind":"namespaces"},"code":403}
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task Anonymous_MayReadVersionAndHealth_ButNotDiscovery()
    {
        Assert.Equal(200, (await _h.GetAsAsync(string.Empty, "/version")).Code);
        Assert.Equal(200, (await _h.GetAsAsync(string.Empty, "/healthz")).Code);

        var (code, body) = await _h.GetAsAsync(string.Empty, "/api");

        Assert.Equal(403, code);
        Assert.Equal("forbidden: User \"system:anonymous\" cannot get path \"/api\"", (string?)body["message"]);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.c2lnbmF0dXJl")]
    [InlineData("bearer not-a-token")]
    public async Task UnknownOrMalformedToken_Is401WithKubernetesStatus(string authorization)
    {
        var (code, body) = await _h.SendWithAuthorizationAsync(authorization, "/api/v1/namespaces");

        Assert.Equal(401, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(UnauthorizedStatus), body), body.ToJsonString());
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer  token-after-two-spaces")]
    public async Task OtherSchemesAndEmptyBearerTokens_AreAnonymous(string authorization)
    {
        var (code, body) = await _h.SendWithAuthorizationAsync(authorization, "/api/v1/namespaces");

        Assert.Equal(403, code);
        Assert.Contains("User \"system:anonymous\"", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminToken_IsAClusterAdminInSystemMasters()
    {
        var user = await _h.WhoAmIAsync(_h.Server.AdminToken);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]}"""), user), user.ToJsonString());
    }

    [Fact]
    public async Task TokenRequest_DefaultsToOneHour_AndTheTokenIsTheServiceAccount()
    {
        await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace("team"));
        var account = await _h.CreateAsync("/api/v1/namespaces/team/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""");
        var (code, issued, _) = await _h.PostAsync("/api/v1/namespaces/team/serviceaccounts/robot/token", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}""");

        Assert.Equal(201, code);
        Assert.Equal("2025-03-01T13:00:00Z", (string?)issued["status"]!["expirationTimestamp"]);
        Assert.Equal(3600, (long)issued["spec"]!["expirationSeconds"]!);
        Assert.Equal("""["https://kubernetes.default.svc.cluster.local"]""", issued["spec"]!["audiences"]!.ToJsonString());
        var token = (string)issued["status"]!["token"]!;
        var claims = Claims(token);
        Assert.Equal("system:serviceaccount:team:robot", (string?)claims["sub"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), (long)claims["exp"]!);

        var user = await _h.WhoAmIAsync(token);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"username":"system:serviceaccount:team:robot","uid":"{{account["metadata"]!["uid"]}}",
             "groups":["system:serviceaccounts","system:serviceaccounts:team","system:authenticated"],
             "extra":{"authentication.kubernetes.io/credential-id":["JTI={{claims["jti"]}}"] } }
            """), user), user.ToJsonString());
    }

    [Theory]
    [InlineData(599, "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes")]
    [InlineData(4294967297, "spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds")]
    public async Task TokenRequest_RefusesLifetimesKubernetesRefuses(long seconds, string cause)
    {
        await _h.ServiceAccountTokenAsync("team", "robot");

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team/serviceaccounts/robot/token", $$"""{"spec":{"expirationSeconds":{{seconds}} } }""");

        Assert.Equal(422, code);
        Assert.Equal($"TokenRequest.authentication.k8s.io \"\" is invalid: {cause}", (string?)body["message"]);
    }

    [Fact]
    public async Task TokenRequest_ForAMissingServiceAccount_Is404()
    {
        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/default/serviceaccounts/ghost/token", "{}");

        Assert.Equal(404, code);
        Assert.Equal("serviceaccounts \"ghost\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task Token_StopsWorkingOnceExpired_AfterAMinuteOfLeeway()
    {
        var token = await _h.ServiceAccountTokenAsync("team", "robot", """{"expirationSeconds":600}""");
        _h.Time!.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(50));
        Assert.Equal(201, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);

        _h.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Fact]
    public async Task DeletedServiceAccount_ItsTokensFailOnceTheTokenCacheExpires_EvenIfRecreated()
    {
        var token = await _h.ServiceAccountTokenAsync("team", "robot");
        await _h.WhoAmIAsync(token);
        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team/serviceaccounts/robot")).Code);

        // kube-apiserver caches a successful authentication for 10 seconds.
        Assert.Equal(201, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
        _h.Time!.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);

        // A new ServiceAccount of the same name has another uid: the old token does not become its.
        await _h.CreateAsync("/api/v1/namespaces/team/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""");
        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Fact]
    public async Task TokenForAnotherAudience_DoesNotAuthenticateToTheApiServer()
    {
        var token = await _h.ServiceAccountTokenAsync("team", "robot", """{"audiences":["vault"]}""");

        Assert.Equal(["vault"], Claims(token)["aud"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Fact]
    public async Task TokenFromAnotherServer_Is401()
    {
        await using var other = await ApiServerHarness.StartAsync();
        var foreign = await other.ServiceAccountTokenAsync("team", "robot");
        await _h.ServiceAccountTokenAsync("team", "robot");

        Assert.Equal(401, (await _h.PostAsAsync(foreign, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Fact]
    public async Task TokenBoundToAPod_NamesThePod_AndEndsWithIt()
    {
        await _h.ServiceAccountTokenAsync("team", "robot");
        var pod = await _h.CreateAsync("/api/v1/namespaces/team/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"worker"},"spec":{"serviceAccountName":"robot","containers":[{"name":"c","image":"busybox"}]}}""");
        var token = await _h.ServiceAccountTokenAsync("team", "robot", """{"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"worker"}}""");

        var user = await _h.WhoAmIAsync(token);
        Assert.Equal("""["worker"]""", user["extra"]!["authentication.kubernetes.io/pod-name"]!.ToJsonString());
        Assert.Equal($"[\"{pod["metadata"]!["uid"]}\"]", user["extra"]!["authentication.kubernetes.io/pod-uid"]!.ToJsonString());

        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team/pods/worker")).Code);
        _h.Time!.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Fact]
    public async Task TokenBoundToASecret_EndsWithTheSecret()
    {
        await _h.ServiceAccountTokenAsync("team", "robot");
        await _h.CreateAsync("/api/v1/namespaces/team/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"key"},"stringData":{"a":"b"}}""");
        var token = await _h.ServiceAccountTokenAsync("team", "robot", """{"boundObjectRef":{"apiVersion":"v1","kind":"Secret","name":"key"}}""");
        await _h.WhoAmIAsync(token);

        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team/secrets/key")).Code);
        _h.Time!.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(401, (await _h.PostAsAsync(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}")).Code);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","name":"other-pod"}""", 400, "cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","name":"worker","uid":"not-its-uid"}""", 409, "Operation cannot be fulfilled on Pod \"worker\": the UID in the bound object reference (not-its-uid) does not match the UID in record. The object might have been deleted and then recreated")]
    [InlineData("""{"apiVersion":"v1","kind":"Node","name":"node-1"}""", 400, "cannot bind token to object of type /v1, Kind=Node")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","name":"absent"}""", 404, "pods \"absent\" not found")]
    public async Task TokenBoundToTheWrongObject_IsRefusedAsKubernetesRefusesIt(string reference, int expectedCode, string message)
    {
        await _h.ServiceAccountTokenAsync("team", "robot");
        await _h.CreateAsync("/api/v1/namespaces/team/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"worker"},"spec":{"serviceAccountName":"robot","containers":[{"name":"c","image":"busybox"}]}}""");
        await _h.CreateAsync("/api/v1/namespaces/team/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"other-pod"},"spec":{"serviceAccountName":"default","containers":[{"name":"c","image":"busybox"}]}}""");

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team/serviceaccounts/robot/token", $$"""{"spec":{"boundObjectRef":{{reference}} } }""");

        Assert.Equal(expectedCode, code);
        Assert.Equal(message, (string?)body["message"]);
    }

    [Fact]
    public async Task RequestingATokenNeedsCreateOnTheTokenSubresource()
    {
        var token = await _h.ServiceAccountTokenAsync("team", "robot");

        var (code, body) = await _h.PostAsAsync(token, "/api/v1/namespaces/team/serviceaccounts/robot/token", "{}");

        Assert.Equal(403, code);
        Assert.Equal("serviceaccounts \"robot\" is forbidden: User \"system:serviceaccount:team:robot\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"team\"", (string?)body["message"]);
    }

    // The token's payload, decoded without checking it (the server's answers are what check it).
    private static JsonObject Claims(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();
}
