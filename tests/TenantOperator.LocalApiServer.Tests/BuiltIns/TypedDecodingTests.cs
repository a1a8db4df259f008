using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// Bodies of built-in kinds are decoded into their Go structs as kube-apiserver decodes them: a value of the wrong
/// JSON type is a 400 (a 422 on the <c>patch</c> field for PATCH), unknown fields are dropped and reported as
/// <c>fieldValidation</c> asks, and what is stored is Go's encoding of the struct.
/// </summary>
public sealed class TypedDecodingTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        {
            ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":1}}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string"
        },
        {
            ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":"a=b"}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string"
        },
        {
            ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"binaryData":{"b":"YWJj!"}}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: illegal base64 data at input byte 4"
        },
        {
            "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","labels":{"tier":1}}}""",
            "Namespace in version \"v1\" cannot be handled as a Namespace: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
        },
        {
            "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":123}}""",
            "Namespace in version \"v1\" cannot be handled as a Namespace: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"podSelector":"app=web"}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"ingress":[{"ports":[{"port":true}]}]}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal bool into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"ingress":[{"ports":[{"port":80.5}]}]}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal number 80.5 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"egress":[{"ports":[{"port":1,"endPort":3000000000}]}]}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal number 3000000000 into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"egress":[{"ports":[{"protocol":6}]}]}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal number into Go struct field NetworkPolicyPort.spec.egress.ports.protocol of type v1.Protocol"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"policyTypes":"Ingress"}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType"
        },
        {
            // The first type error is kept and decoding goes on; IntOrString's own error then stops it and wins.
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"policyTypes":5,"ingress":[{"ports":[{"port":[80]}]}]}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal array into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"
        },
        {
            Manifests.NetpolIn("default"), NetworkPolicyValidationTests.Policy("p", """{"policyTypes":5,"ingress":{}}"""),
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: json: cannot unmarshal number into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType"
        },
        {
            "/apis/coordination.k8s.io/v1/namespaces/default/leases", """{"metadata":{"name":"l"},"spec":{"renewTime":"2025-03-01T12:00:00Z"}}""",
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time \"2025-03-01T12:00:00Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\""
        },
        {
            // MicroTime takes exactly six fractional digits.
            "/apis/coordination.k8s.io/v1/namespaces/default/leases", """{"metadata":{"name":"l"},"spec":{"renewTime":"2025-03-01T13:00:00.123456789+01:00"}}""",
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time \"2025-03-01T13:00:00.123456789+01:00\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"789+01:00\" as \"Z07:00\""
        },
        {
            "/apis/coordination.k8s.io/v1/namespaces/default/leases", """{"metadata":{"name":"l"},"spec":{"leaseDurationSeconds":"15"}}""",
            "Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal string into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32"
        },
        {
            "/api/v1/namespaces/default/events", """{"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"firstTimestamp":1740830400}""",
            "Event in version \"v1\" cannot be handled as a Event: json: cannot unmarshal number into Go struct field Event.firstTimestamp of type string"
        },
        {
            "/api/v1/namespaces/default/events", """{"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"lastTimestamp":"2025-02-30T00:00:00Z"}""",
            "Event in version \"v1\" cannot be handled as a Event: parsing time \"2025-02-30T00:00:00Z\": day out of range"
        },
        {
            "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", """{"metadata":{"name":"r"},"rules":[{"verbs":"get"}]}""",
            "Role in version \"v1\" cannot be handled as a Role: json: cannot unmarshal string into Go struct field PolicyRule.rules.verbs of type []string"
        },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task ValueOfTheWrongType_Is400NamingTheField(string path, string body, string message)
    {
        var (code, status, _) = await _h.PostAsync(path, body);
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task WrongTypeOnUpdate_Is400AndChangesNothing()
    {
        Assert.Equal(201, (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("c"))).Code);
        var (code, status, _) = await _h.PutAsync(ConfigMaps + "/c", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":false}}""");
        Assert.Equal(400, code);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string", (string?)status["message"]);
        Assert.Equal("v", (string?)(await _h.GetAsync(ConfigMaps + "/c")).Body["data"]!["k"]);
    }

    [Fact]
    public async Task MergePatchLeavingAWrongType_Is422OnThePatchField()
    {
        Assert.Equal(201, (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("c"))).Code);
        var (code, status, _) = await _h.PatchAsync(ConfigMaps + "/c", """{"data":{"a":1}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var message = (string)status["message"]!;
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", message);
        Assert.EndsWith("}\": json: cannot unmarshal number into Go struct field ConfigMap.data of type string", message);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("patch", (string?)cause["field"]);
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Null(status["details"]!["kind"]);
    }

    [Theory]
    [InlineData("""{"data":{"a":1}}""", " \"\" is invalid: patch: Invalid value: \"map[data:map[a:1]]\": cannot convert int64 to string")]
    [InlineData("""{"data":{"a":true}}""", " \"\" is invalid: patch: Invalid value: \"map[data:map[a:true]]\": unrecognized type: string")]
    [InlineData("""{"data":["a"]}""", " \"\" is invalid: patch: Invalid value: \"map[data:[a]]\": cannot restore map from slice")]
    public async Task StrategicMergePatchLeavingAWrongType_Is422WithTheConvertersWords(string patch, string message)
    {
        Assert.Equal(201, (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("c"))).Code);
        var (code, status, _) = await _h.PatchAsync(ConfigMaps + "/c", patch, "application/strategic-merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task StrategicMergePatchLeavingMetadataOfAWrongType_IsRefusedAtTheRequestEdgeFirst()
    {
        // Metadata of the wrong type is refused for every kind by the request edge (Http/Bodies/ObjectMetaTypes) before
        // the built-in decoding runs: the message is the edge's, not the unstructured converter's "cannot restore map".
        Assert.Equal(201, (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("c"))).Code);
        var (code, status, _) = await _h.PatchAsync(ConfigMaps + "/c", """{"metadata":{"labels":"x"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal(
            " \"\" is invalid: patch: Invalid value: \"object\": json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string",
            (string?)status["message"]);
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/c")).Code);
    }

    [Fact]
    public async Task UnknownFields_Strict_Is400ListingThemAll()
    {
        var body = NetworkPolicyValidationTests.Policy("p", """{"podselector":{},"ingress":[{"colour":"red","from":[{"podSelector":{"matchLabel":{}}}]}]}""");
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("default") + "?fieldValidation=Strict", body);
        Assert.Equal(400, code);
        Assert.Equal(
            "NetworkPolicy in version \"v1\" cannot be handled as a NetworkPolicy: strict decoding error: unknown field \"spec.podselector\", unknown field \"spec.ingress[0].colour\", unknown field \"spec.ingress[0].from[0].podSelector.matchLabel\"",
            (string?)status["message"]);
    }

    [Fact]
    public async Task UnknownFields_Warn_AreDroppedWithAWarningEach()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","lables":{"a":"b"}},"data":{"k":"v"},"Data":{"x":"y"}}""";
        var (code, created, response) = await _h.PostAsync(ConfigMaps + "?fieldValidation=Warn", body);
        Assert.Equal(201, code);
        Assert.Equal(["299 - \"unknown field \\\"metadata.lables\\\"\"", "299 - \"unknown field \\\"Data\\\"\""], response.Headers.GetValues("Warning"));
        Assert.Null(created["Data"]);
        Assert.Null(created["metadata"]!["lables"]);
        Assert.Null((await _h.GetAsync(ConfigMaps + "/c")).Body["Data"]);
    }

    [Fact]
    public async Task UnknownFields_Ignore_AreDroppedSilently()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"extra":1}""";
        var (code, created, response) = await _h.PostAsync(ConfigMaps + "?fieldValidation=Ignore", body);
        Assert.Equal(201, code);
        Assert.False(response.Headers.Contains("Warning"));
        Assert.Null(created["extra"]);
    }

    [Fact]
    public async Task Event_IsStoredAsGoWritesIt()
    {
        var body = """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},
             "involvedObject":{"kind":"Pod","name":"p","namespace":"default"},
             "reason":"Started","lastTimestamp":"2025-03-01T13:00:00.123456+01:00","count":0}
            """;
        var (code, created, _) = await _h.PostAsync("/api/v1/namespaces/default/events", body);
        Assert.True(code == 201, created.ToJsonString());
        created.Remove("metadata");
        Assert.Equal(
            """{"kind":"Event","apiVersion":"v1","involvedObject":{"kind":"Pod","namespace":"default","name":"p"},"reason":"Started","source":{},"firstTimestamp":null,"lastTimestamp":"2025-03-01T12:00:00Z","eventTime":null,"reportingComponent":"","reportingInstance":""}""",
            created.ToJsonString());
    }

    [Fact]
    public async Task EventWrittenThroughEventsV1_ReadsThroughCoreV1AsGoWritesACoreEvent()
    {
        var body = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},
             "eventTime":"2025-03-01T12:00:00.000000Z","reportingController":"example.com/controller","reportingInstance":"c-1",
             "action":"Reconcile","reason":"Reconciled","regarding":{"kind":"Pod","name":"p","namespace":"default"},"note":"done","type":"Normal"}
            """;
        Assert.Equal(201, (await _h.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", body)).Code);
        var core = (await _h.GetAsync("/api/v1/namespaces/default/events/e")).Body;
        core.Remove("metadata");
        Assert.Equal(
            """{"kind":"Event","apiVersion":"v1","involvedObject":{"kind":"Pod","namespace":"default","name":"p"},"reason":"Reconciled","message":"done","source":{},"firstTimestamp":null,"lastTimestamp":null,"type":"Normal","eventTime":"2025-03-01T12:00:00.000000Z","action":"Reconcile","reportingComponent":"example.com/controller","reportingInstance":"c-1"}""",
            core.ToJsonString());
    }

    [Fact]
    public async Task RoleWithoutRules_IsStoredWithRulesNull()
    {
        var (code, created, _) = await _h.PostAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", """{"metadata":{"name":"r"}}""");
        Assert.Equal(201, code);
        Assert.True(created.ContainsKey("rules"));
        Assert.Null(created["rules"]);
    }

    [Fact]
    public async Task Lease_MicroTimesKeepMicrosecondsInUtc()
    {
        var body = """{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2025-03-01T13:00:00.123456+01:00"}}""";
        var (code, created, _) = await _h.PostAsync("/apis/coordination.k8s.io/v1/namespaces/default/leases", body);
        Assert.Equal(201, code);
        Assert.Equal("2025-03-01T12:00:00.123456Z", (string?)created["spec"]!["renewTime"]);
    }
}
