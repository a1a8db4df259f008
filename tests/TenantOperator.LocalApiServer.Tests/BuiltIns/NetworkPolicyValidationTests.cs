using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// NetworkPolicies as kube-apiserver 1.32 validates them (pkg/apis/networking/validation): 422 Invalid with one cause
/// per field error. The expected texts are written out as kube-apiserver prints them.
/// </summary>
public sealed class NetworkPolicyValidationTests : IAsyncLifetime
{
    private const string CidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, string, string, string> OneError => new()
    {
        {
            """{"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}]}""",
            "spec.ingress[0].from[0].ipBlock.cidr", "FieldValueInvalid", "Invalid value: \"10.0.0.0/33\": " + CidrMessage
        },
        {
            """{"egress":[{"to":[{"ipBlock":{"cidr":"[2001:db8::]/32"}}]}]}""",
            "spec.egress[0].to[0].ipBlock.cidr", "FieldValueInvalid", "Invalid value: \"[2001:db8::]/32\": " + CidrMessage
        },
        {
            """{"egress":[{"to":[{"ipBlock":{"cidr":""}}]}]}""",
            "spec.egress[0].to[0].ipBlock.cidr", "FieldValueRequired", "Required value"
        },
        {
            """{"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.1.0.0/24"]}}]}]}""",
            "spec.ingress[0].from[0].ipBlock.except[0]", "FieldValueInvalid", "Invalid value: \"10.1.0.0/24\": must be a strict subset of `cidr`"
        },
        {
            """{"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.0.0.0/16"]}}]}]}""",
            "spec.ingress[0].from[0].ipBlock.except[0]", "FieldValueInvalid", "Invalid value: \"10.0.0.0/16\": must be a strict subset of `cidr`"
        },
        {
            """{"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.0.1.0/33"]}}]}]}""",
            "spec.ingress[0].from[0].ipBlock.except[0]", "FieldValueInvalid", "Invalid value: \"10.0.1.0/33\": " + CidrMessage
        },
        {
            """{"ingress":[{"ports":[{"port":70000}]}]}""",
            "spec.ingress[0].ports[0].port", "FieldValueInvalid", "Invalid value: 70000: must be between 1 and 65535, inclusive"
        },
        {
            """{"ingress":[{"ports":[{"port":0}]}]}""",
            "spec.ingress[0].ports[0].port", "FieldValueInvalid", "Invalid value: 0: must be between 1 and 65535, inclusive"
        },
        {
            """{"ingress":[{"ports":[{"port":8080,"endPort":80}]}]}""",
            "spec.ingress[0].ports[0].endPort", "FieldValueInvalid", "Invalid value: 80: must be greater than or equal to `port`"
        },
        {
            """{"ingress":[{"ports":[{"port":"http","endPort":90}]}]}""",
            "spec.ingress[0].ports[0].endPort", "FieldValueInvalid", "Invalid value: 90: may not be specified when `port` is non-numeric"
        },
        {
            """{"ingress":[{"ports":[{"endPort":90}]}]}""",
            "spec.ingress[0].ports[0].endPort", "FieldValueInvalid", "Invalid value: 90: may not be specified when `port` is not specified"
        },
        {
            """{"egress":[{"ports":[{"protocol":"ICMP","port":1}]}]}""",
            "spec.egress[0].ports[0].protocol", "FieldValueNotSupported", "Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\""
        },
        {
            """{"policyTypes":["Sideways"]}""",
            "spec.policyTypes[0]", "FieldValueNotSupported", "Unsupported value: \"Sideways\": supported values: \"Ingress\", \"Egress\""
        },
        {
            """{"policyTypes":["Ingress","Egress","Ingress"]}""",
            "spec.policyTypes", "FieldValueInvalid", "Invalid value: []networking.PolicyType{\"Ingress\", \"Egress\", \"Ingress\"}: may not specify more than two policyTypes"
        },
        {
            """{"podSelector":{"matchLabels":{"app":"has space"}}}""",
            "spec.podSelector.matchLabels", "FieldValueInvalid", "Invalid value: \"has space\": " + LabelValueMessage
        },
        {
            """{"ingress":[{"from":[{}]}]}""",
            "spec.ingress[0].from[0]", "FieldValueRequired", "Required value: must specify a peer"
        },
        {
            """{"ingress":[{"from":[{"podSelector":{},"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}""",
            "spec.ingress[0].from[0]", "FieldValueForbidden", "Forbidden: may not specify both ipBlock and another peer"
        },
        {
            """{"egress":[{"to":[{"namespaceSelector":{"matchExpressions":[{"key":"team","operator":"Maybe"}]}}]}]}""",
            "spec.egress[0].to[0].namespaceSelector.matchExpressions[0].operator", "FieldValueInvalid", "Invalid value: \"Maybe\": not a valid selector operator"
        },
        {
            """{"podSelector":{"matchExpressions":[{"key":"team","operator":"In"}]}}""",
            "spec.podSelector.matchExpressions[0].values", "FieldValueRequired", "Required value: must be specified when `operator` is 'In' or 'NotIn'"
        },
        {
            """{"podSelector":{"matchExpressions":[{"key":"team","operator":"Exists","values":["a"]}]}}""",
            "spec.podSelector.matchExpressions[0].values", "FieldValueForbidden", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
        },
        {
            """{"podSelector":{"matchExpressions":[{"key":"team","operator":"NotIn","values":["-x"]}]}}""",
            "spec.podSelector.matchExpressions[0].values[0]", "FieldValueInvalid", "Invalid value: \"-x\": " + LabelValueMessage
        },
    };

    [Theory]
    [MemberData(nameof(OneError))]
    public async Task InvalidPolicy_Is422WithTheFieldError(string spec, string field, string reason, string message)
    {
        var status = await RefusedAsync(spec);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray());
        Assert.Equal(field, (string?)cause!["field"]);
        Assert.Equal(reason, (string?)cause["reason"]);
        Assert.Equal(message, (string?)cause["message"]);
        Assert.Equal($"NetworkPolicy.networking.k8s.io \"p\" is invalid: {field}: {message}", (string?)status["message"]);
    }

    [Fact]
    public async Task LabelKeyWithEmptyNamePart_GetsBothOfKubernetesMessages()
    {
        // IsQualifiedName reports an empty name part twice over: it is empty, and it does not match the pattern.
        var status = await RefusedAsync("""{"podSelector":{"matchExpressions":[{"key":"example.com/","operator":"Exists"}]}}""");
        var messages = status["details"]!["causes"]!.AsArray().Select(c => (string?)c!["message"]).ToList();
        Assert.Equal(
        [
            "Invalid value: \"example.com/\": name part must be non-empty",
            "Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ], messages);
    }

    [Fact]
    public async Task PortNameBreakingSeveralRules_ListsEveryRuleItBreaks()
    {
        var status = await RefusedAsync("""{"ingress":[{"ports":[{"port":"HTTP"}]}]}""");
        var messages = status["details"]!["causes"]!.AsArray().Select(c => (string?)c!["message"]).ToList();
        Assert.Equal(
        [
            "Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "Invalid value: \"HTTP\": must contain at least one letter (a-z)",
        ], messages);
        Assert.Equal(
            "NetworkPolicy.networking.k8s.io \"p\" is invalid: [spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain at least one letter (a-z)]",
            (string?)status["message"]);
    }

    [Fact]
    public async Task ErrorsInSeveralRules_AreReportedInSpecOrder()
    {
        var status = await RefusedAsync("""
            {"podSelector":{"matchLabels":{"a":"-"}},
             "ingress":[{"from":[{"ipBlock":{"cidr":"1.2.3.4/40"}}],"ports":[{"port":-1}]}],
             "egress":[{"ports":[{"protocol":"tcp"}]}],
             "policyTypes":["ingress"]}
            """);
        var fields = status["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Equal(
        [
            "spec.podSelector.matchLabels",
            "spec.ingress[0].ports[0].port",
            "spec.ingress[0].from[0].ipBlock.cidr",
            "spec.egress[0].ports[0].protocol",
            "spec.policyTypes[0]",
        ], fields);
    }

    [Theory]
    [InlineData("010.0.0.0/8")]
    [InlineData("10.0.0.1/24")]
    [InlineData("::/0")]
    [InlineData("2001:db8::/32")]
    [InlineData("::ffff:10.0.0.0/104")]
    public async Task CidrsGoParsesSloppily_AreAccepted(string cidr)
    {
        var (code, body, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Policy("p", $$$"""{"egress":[{"to":[{"ipBlock":{"cidr":"{{{cidr}}}"}}]}]}"""));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task ExceptWrittenAsIPv4MappedIPv6_IsInsideAnIPv4Cidr_AsGoCompares()
    {
        var spec = """{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["::ffff:10.1.0.0/120"]}}]}]}""";
        var (code, body, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Policy("p", spec));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task UpdateToAnInvalidPolicy_Is422AndLeavesTheStoredOne()
    {
        Assert.Equal(201, (await _h.PostAsync(Manifests.NetpolIn("default"), Policy("p", """{"ingress":[{"ports":[{"port":80}]}]}"""))).Code);
        var (code, status, _) = await _h.PatchAsync(Manifests.NetpolIn("default") + "/p", """{"spec":{"ingress":[{"ports":[{"port":80,"endPort":79}]}]}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("NetworkPolicy.networking.k8s.io \"p\" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`", (string?)status["message"]);
        var stored = (await _h.GetAsync(Manifests.NetpolIn("default") + "/p")).Body;
        Assert.Null(stored["spec"]!["ingress"]![0]!["ports"]![0]!["endPort"]);
    }

    private async Task<JsonObject> RefusedAsync(string spec)
    {
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Policy("p", spec));
        Assert.True(code == 422, status.ToJsonString());
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal("NetworkPolicy", (string?)status["details"]!["kind"]);
        Assert.Equal("networking.k8s.io", (string?)status["details"]!["group"]);
        return status;
    }

    internal static string Policy(string name, string spec) =>
        $$"""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"{{name}}","namespace":"default"},"spec":{{spec}}}""";
}
