using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// The networking/v1 defaulting functions (SetDefaults_NetworkPolicyPort, SetDefaults_NetworkPolicy) and Go's
/// encoding of the decoded struct: what a client reads back is what kube-apiserver stores.
/// </summary>
public sealed class NetworkPolicyDefaultingTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("""{"ingress":[{"ports":[{"port":80}]}]}""", """{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":80}]}],"policyTypes":["Ingress"]}""")]
    [InlineData("""{"egress":[{"to":[{"podSelector":{}}]}]}""", """{"podSelector":{},"egress":[{"to":[{"podSelector":{}}]}],"policyTypes":["Ingress","Egress"]}""")]
    [InlineData("""{"ingress":[{}],"egress":[{}]}""", """{"podSelector":{},"ingress":[{}],"egress":[{}],"policyTypes":["Ingress","Egress"]}""")]
    [InlineData("""{"egress":[]}""", """{"podSelector":{},"policyTypes":["Ingress"]}""")]
    [InlineData("""{}""", """{"podSelector":{},"policyTypes":["Ingress"]}""")]
    [InlineData("""{"policyTypes":["Egress"]}""", """{"podSelector":{},"policyTypes":["Egress"]}""")]
    [InlineData("""{"podSelector":{"matchLabels":{}},"ingress":[{"from":[],"ports":[]}]}""", """{"podSelector":{},"ingress":[{}],"policyTypes":["Ingress"]}""")]
    [InlineData("""{"egress":[{"ports":[{"protocol":"UDP","port":53},{"port":"dns","protocol":null}]}]}""", """{"podSelector":{},"egress":[{"ports":[{"protocol":"UDP","port":53},{"protocol":"TCP","port":"dns"}]}],"policyTypes":["Ingress","Egress"]}""")]
    public async Task StoredSpec_IsTheDefaultedGoEncoding(string spec, string stored)
    {
        var (code, created, _) = await _h.PostAsync(Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", spec));
        Assert.True(code == 201, created.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), created["spec"]), created["spec"]!.ToJsonString());
        var read = (await _h.GetAsync(Manifests.NetpolIn("default") + "/p")).Body;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), read["spec"]), read["spec"]!.ToJsonString());
    }

    [Fact]
    public async Task UpdateWithoutProtocol_IsDefaultedToo()
    {
        Assert.Equal(201, (await _h.PostAsync(Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", "{}"))).Code);
        var (code, updated, _) = await _h.PutAsync(Manifests.NetpolIn("default") + "/p", NetworkPolicyValidationTests.Policy("p", """{"egress":[{"ports":[{"port":443}]}]}"""));
        Assert.Equal(200, code);
        Assert.Equal("""{"podSelector":{},"egress":[{"ports":[{"protocol":"TCP","port":443}]}],"policyTypes":["Ingress","Egress"]}""", updated["spec"]!.ToJsonString());
        Assert.Equal(2L, (long?)updated["metadata"]!["generation"]);
    }

    [Fact]
    public async Task WritingWhatTheServerStores_ChangesNothing()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"ingress":[{"ports":[{"port":80}]}]}"""))).Body;
        var again = (await _h.PutAsync(Manifests.NetpolIn("default") + "/p", created.ToJsonString())).Body;
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);

        // The form a client writes without the defaults is the same object too: no write, no new generation.
        var merge = await _h.PatchAsync(Manifests.NetpolIn("default") + "/p", """{"spec":{"ingress":[{"ports":[{"port":80}]}],"policyTypes":null}}""", "application/merge-patch+json");
        Assert.Equal(200, merge.Code);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)merge.Body["metadata"]!["resourceVersion"]);
        Assert.Equal(1L, (long?)merge.Body["metadata"]!["generation"]);
    }

    [Fact]
    public async Task DryRunCreate_ShowsTheDefaults()
    {
        var (code, created, _) = await _h.PostAsync(Manifests.NetpolIn("default") + "?dryRun=All", NetworkPolicyValidationTests.Policy("p", """{"egress":[{"ports":[{"port":53}]}]}"""));
        Assert.Equal(201, code);
        Assert.Equal("""["Ingress","Egress"]""", created["spec"]!["policyTypes"]!.ToJsonString());
        Assert.Equal("TCP", (string?)created["spec"]!["egress"]![0]!["ports"]![0]!["protocol"]);
    }
}
