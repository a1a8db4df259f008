using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// New CRD rules may call only what the declared Kubernetes release's environment for new expressions declares (its
/// compatibility version, the release before it: k8s.io/apiserver/pkg/cel/environment/base.go), else the CRD is
/// refused with cel-go's undeclared reference error, as kube-apiserver refuses it.
/// </summary>
public sealed class KubernetesVersionTests
{
    private static readonly KubernetesVersion V130 = new(1, 30);
    private static readonly KubernetesVersion V131 = new(1, 31);
    private static readonly KubernetesVersion V132 = new(1, 32);

    private static string[] Errors(string rule, KubernetesVersion version)
    {
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"s": {"type": "string", "maxLength": 64, "x-kubernetes-validations": [{"rule": """
            + System.Text.Json.JsonSerializer.Serialize(rule) + "}]}}}")!.AsObject();
        StructuralSchema.Compile(schema, "openAPIV3Schema", CelRuleEnvironment.ForNewRules(version), out var errors);
        return [.. errors.Select(e => e.ToString())];
    }

    private static string Invalid(string rule, string compileError) =>
        "openAPIV3Schema.properties[s].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"" + rule
        + "\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: "
        + compileError;

    [Fact]
    public void CidrLibrary_IsRefusedIn130_WhichChecksNewRulesAgainst129()
    {
        Assert.Equal(
            [Invalid("isCIDR(self)", "ERROR: <input>:1:7: undeclared reference to 'isCIDR' (in container '')\n | isCIDR(self)\n | ......^")],
            Errors("isCIDR(self)", V130));
        Assert.Empty(Errors("isCIDR(self)", V131));
        Assert.Empty(Errors("cidr(self).containsIP('10.0.0.1') || ip(self).family() == 4", V131));
    }

    [Fact]
    public void FormatLibrary_IsRefusedIn131_AndAcceptedIn132()
    {
        // In 1.31 the format library is not declared: the identifier format and both functions are undeclared. cel-go
        // places a call's error at its '(' (columns 21 and 32 here) and an identifier's at its first letter.
        const string Rule = "!format.dns1123Label().validate(self).hasValue()";
        Assert.Equal(
            Invalid(Rule, "ERROR: <input>:1:2: undeclared reference to 'format' (in container '')\n | !format.dns1123Label().validate(self).hasValue()\n | .^"
                + "\nERROR: <input>:1:21: undeclared reference to 'dns1123Label' (in container '')\n | !format.dns1123Label().validate(self).hasValue()\n | ....................^"
                + "\nERROR: <input>:1:32: undeclared reference to 'validate' (in container '')\n | !format.dns1123Label().validate(self).hasValue()\n | ...............................^"),
            Assert.Single(Errors(Rule, V131)));
        Assert.Empty(Errors(Rule, V132));
    }

    [Fact]
    public void StringReverse_IsUndeclaredInEveryReleaseUpTo132()
    {
        // reverse came in version 3 of cel-go's strings library; Kubernetes up to 1.32 declares version 2.
        Assert.Equal(
            [Invalid("self.reverse() == self", "ERROR: <input>:1:13: undeclared reference to 'reverse' (in container '')\n | self.reverse() == self\n | ............^")],
            Errors("self.reverse() == self", V132));
    }

    [Fact]
    public void StoredRules_UseEverythingTheReleaseKnows()
    {
        // Objects are admitted with the environment of stored rules: a 1.31 server runs a format rule it would not
        // accept as new, as one rolled back from 1.32 must.
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"s": {"type": "string", "maxLength": 64, "x-kubernetes-validations": [{"rule": "!format.dns1123Label().validate(self).hasValue()"}]}}}""")!.AsObject();
        StructuralSchema.Compile(schema, "openAPIV3Schema", CelRuleEnvironment.ForStoredRules(V131), out var errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void UnsupportedRelease_IsRefusedWhenTheServerStarts()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { KubernetesVersion = new KubernetesVersion(1, 29) }).GetAwaiter().GetResult());
        Assert.Contains("Kubernetes version 1.29 is not supported: the local apiserver models the CEL environments of 1.30 to 1.32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.31", 1, 31)]
    [InlineData("v1.32.4", 1, 32)]
    public void Version_Parses(string text, int major, int minor) => Assert.Equal(new KubernetesVersion(major, minor), KubernetesVersion.Parse(text));

    [Theory]
    [InlineData("1")]
    [InlineData("1.x")]
    [InlineData("one.two")]
    public void BadVersion_IsRefusedWithItsText(string text) =>
        Assert.Equal($"invalid Kubernetes version \"{text}\": expected MAJOR.MINOR, such as 1.31", Assert.Throws<FormatException>(() => KubernetesVersion.Parse(text)).Message);

    [Fact]
    public async Task OurCrd_IsRefusedByA130Server_AndAcceptedByTheDefault131()
    {
        var crd = RepositoryCrdCostTests.RepositoryCrd().ToJsonString();
        const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

        await using (var old = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { KubernetesVersion = V130 }))
        {
            using var http = ServerClients.Http(old);
            using var response = await http.PostAsync(Crds, new StringContent(crd, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(422, (int)response.StatusCode);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var messages = status["details"]!["causes"]!.AsArray().Select(c => (string)c!["message"]!).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.Contains("undeclared reference to 'isCIDR' (in container '')", m, StringComparison.Ordinal));
        }

        await using var harness = await ApiServerHarness.StartAsync();
        var (code, body, _) = await harness.PostAsync(Crds, crd);
        Assert.True(code == 201, body.ToJsonString());
    }
}
