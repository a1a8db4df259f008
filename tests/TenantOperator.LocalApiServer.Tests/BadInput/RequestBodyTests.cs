using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Fuzz;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>
/// Bodies are decoded as kube-apiserver's JSON decoder (sigs.k8s.io/json) decodes them, and anything it
/// refuses is a 4xx Status, never a 500: duplicate keys, broken UTF-8, numbers out of range, nesting,
/// non-objects, bodies over 3 MiB, DeleteOptions of the wrong type.
/// </summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string OpenObjects = "/apis/open.io/v1/namespaces/default/opens";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task DuplicateKeys_UnderWarn_AreWarnings_AndTheLastValueWins()
    {
        var (code, obj, response) = await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"first","name":"last"},"data":{"a":"1","a":"2"}}""");

        Assert.Equal(201, code);
        Assert.Equal("last", (string?)obj["metadata"]!["name"]);
        Assert.Equal("2", (string?)obj["data"]!["a"]);
        Assert.Equal(
            ["299 - \"duplicate field \\\"metadata.name\\\"\"", "299 - \"duplicate field \\\"data.a\\\"\""],
            response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task DuplicateKeys_UnderStrict_AreABadRequest_AndNothingIsStored()
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps + "?fieldValidation=Strict", """{"metadata":{"name":"dup","name":"dup"}}""");

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("strict decoding error: duplicate field \"metadata.name\"", (string?)status["message"]);
        Assert.Equal(404, (await _h.GetAsync(ConfigMaps + "/dup")).Code);
    }

    [Fact]
    public async Task DuplicateKeys_UnderIgnore_PassSilently()
    {
        var (code, _, response) = await _h.PostAsync(ConfigMaps + "?fieldValidation=Ignore", """{"metadata":{"name":"quiet","name":"quiet"}}""");

        Assert.Equal(201, code);
        Assert.False(response.Headers.Contains("Warning"));
    }

    [Fact]
    public async Task DuplicateKeysInAPatch_UnderStrict_AreInvalid_AndUnderWarn_Warnings()
    {
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"patched"}}""");
        var patch = """{"data":{"a":"1","a":"2"}}""";

        var (strictCode, status, _) = await _h.PatchAsync(ConfigMaps + "/patched?fieldValidation=Strict", patch, "application/merge-patch+json");
        var (warnCode, obj, response) = await _h.PatchAsync(ConfigMaps + "/patched", patch, "application/merge-patch+json");

        Assert.Equal(422, strictCode);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.EndsWith("strict decoding error: duplicate field \"data.a\"", (string?)status["message"]);
        Assert.Equal(200, warnCode);
        Assert.Equal("2", (string?)obj["data"]!["a"]);
        Assert.Equal(["299 - \"duplicate field \\\"data.a\\\"\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task BrokenUtf8InsideStrings_ReadsAsReplacementCharacters_AsGoReadsIt()
    {
        var response = await PostBytesAsync(ConfigMaps, [.. """{"metadata":{"name":"utf"},"data":{"k":"a"""u8, 0xFF, 0xE2, 0x82, .. "\",\"\\ud800\":\"x\"}}"u8]);

        Assert.Equal(201, response.Code);
        var data = response.Json!["data"]!.AsObject();
        Assert.Equal("a\uFFFD\uFFFD\uFFFD", (string?)data["k"]);
        Assert.Equal("x", (string?)data["\uFFFD"]);
    }

    [Fact]
    public async Task BrokenUtf8InANameOrLabel_IsInvalid()
    {
        var name = await PostBytesAsync(ConfigMaps, [.. """{"metadata":{"name":"a"""u8, 0xC3, .. "\"}}"u8]);
        var label = await PostBytesAsync(ConfigMaps, [.. """{"metadata":{"name":"l","labels":{"a":"b"""u8, 0xFF, .. "\"}}}"u8]);

        Assert.Equal(422, name.Code);
        Assert.Equal("metadata.name", (string?)name.Json!["details"]!["causes"]![0]!["field"]);
        Assert.Equal(422, label.Code);
    }

    [Fact]
    public async Task BrokenUtf8OutsideStrings_IsABadRequest()
    {
        var response = await PostBytesAsync(ConfigMaps, [0xFF, .. """{"metadata":{"name":"x"}}"""u8]);

        Assert.Equal(400, response.Code);
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: ", (string?)response.Json!["message"]);
    }

    [Fact]
    public async Task BodyOverThreeMebibytes_IsRequestEntityTooLarge()
    {
        var body = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + new string('x', 3 * 1024 * 1024) + "\"}}";

        var (code, status, _) = await _h.PostAsync(ConfigMaps, body);

        Assert.Equal(413, code);
        Assert.Equal("RequestEntityTooLarge", (string?)status["reason"]);
        Assert.Equal("Request entity too large: limit is 3145728", (string?)status["message"]);
        Assert.Equal(404, (await _h.GetAsync(ConfigMaps + "/big")).Code);
    }

    [Fact]
    public async Task BodyOfExactlyThreeMebibytes_IsRead()
    {
        var prefix = "{\"metadata\":{\"name\":\"limit\"},\"data\":{\"a\":\"";
        var body = prefix + new string('x', 3 * 1024 * 1024 - prefix.Length - 4) + "\"}}";
        Assert.Equal(3 * 1024 * 1024, Encoding.UTF8.GetByteCount(body) + 1);

        var (code, _, _) = await _h.PostAsync(ConfigMaps, body + " ");

        Assert.Equal(201, code);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1E309")]
    public async Task NumberBeyondFloat64_IsABadRequest_AndNothingIsStored(string number)
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps, $$"""{"metadata":{"name":"huge"},"x":{{number}}}""");
        var (patchCode, patchStatus, _) = await _h.PatchAsync("/api/v1/namespaces/default", $$"""{"x":{{number}}}""", "application/merge-patch+json");

        Assert.Equal(400, code);
        Assert.Equal($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number {number} into Go value of type float64", (string?)status["message"]);
        Assert.Equal(404, (await _h.GetAsync(ConfigMaps + "/huge")).Code);
        Assert.Equal(400, patchCode);
        Assert.Equal($"error decoding patch: json: cannot unmarshal number {number} into Go value of type float64", (string?)patchStatus["message"]);
    }

    [Fact]
    public async Task NumbersInRange_AreKeptAsGoKeepsThem()
    {
        await CreateOpenKindAsync();
        var (code, obj, _) = await _h.PostAsync(OpenObjects, """{"apiVersion":"open.io/v1","kind":"Open","metadata":{"name":"numbers"},"x":[1.0,1e2,-0,1e-400,12345678901234567890,0.1]}""");

        Assert.Equal(201, code);
        Assert.Equal("[1,100,0,0,12345678901234567000,0.1]", obj["x"]!.ToJsonString());
        Assert.Equal("[1,100,0,0,12345678901234567000,0.1]", (await _h.GetAsync(OpenObjects + "/numbers")).Body["x"]!.ToJsonString());
    }

    [Fact]
    public async Task NestingBeyondTheLimit_IsABadRequest_AndAPatchCannotNestDeeper()
    {
        await CreateOpenKindAsync();
        var deepest = Nested(63);
        var (okCode, _, _) = await _h.PostAsync(OpenObjects, $$"""{"apiVersion":"open.io/v1","kind":"Open","metadata":{"name":"deep"},"x":{{deepest}}}""");
        var (code, status, _) = await _h.PostAsync(OpenObjects, $$"""{"apiVersion":"open.io/v1","kind":"Open","metadata":{"name":"deeper"},"x":{{Nested(64)}}}""");
        var (patchCode, _, _) = await _h.PatchAsync(OpenObjects + "/deep", $$"""[{"op":"add","path":"/x{{string.Concat(Enumerable.Repeat("/a", 40))}}/b","value":{{Nested(30)}}}]""", "application/json-patch+json");
        var (getCode, stored, _) = await _h.GetAsync(OpenObjects + "/deep");

        Assert.Equal(201, okCode);
        Assert.Equal(400, code);
        Assert.Contains("exceeded max depth of 64", (string?)status["message"]);
        Assert.Equal(422, patchCode);
        Assert.Equal(200, getCode);
        Assert.Equal(JsonNode.Parse(deepest)!.ToJsonString(), stored["x"]!.ToJsonString());
    }

    /// <summary>
    /// A kind that keeps whatever JSON it is given. A built-in kind drops fields its Go struct lacks (a ConfigMap's
    /// "x" would be gone), so how values are kept is seen only on a custom resource that preserves unknown fields.
    /// </summary>
    private async Task CreateOpenKindAsync()
    {
        var (code, _, _) = await _h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"opens.open.io"},
             "spec":{"group":"open.io","names":{"plural":"opens","kind":"Open"},"scope":"Namespaced",
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """);
        Assert.Equal(201, code);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("42", "number")]
    [InlineData("true", "bool")]
    public async Task ABodyThatIsNotAnObject_IsABadRequest(string body, string type)
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps, body);

        Assert.Equal(400, code);
        Assert.Contains($"json: cannot unmarshal {type} into Go value of type struct", (string?)status["message"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"metadata\":{\"name\":\"x\"}} trailing")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{/* comment */}")]
    public async Task MalformedJson_IsABadRequest(string body)
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps, body);

        Assert.Equal(400, code);
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap)", (string?)status["message"]);
    }

    [Theory]
    [InlineData("""{"propagationPolicy":5}""", "json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation")]
    [InlineData("""{"orphanDependents":"yes"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool")]
    [InlineData("""{"gracePeriodSeconds":1.5}""", "json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64")]
    [InlineData("""{"preconditions":{"uid":7}}""", "json: cannot unmarshal number into Go struct field DeleteOptions.preconditions.uid of type types.UID")]
    [InlineData("""{"dryRun":"All"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string")]
    [InlineData("[]", "json: cannot unmarshal array into Go value of type v1.DeleteOptions")]
    public async Task DeleteOptionsOfTheWrongType_AreABadRequest_AndNothingIsDeleted(string options, string message)
    {
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"kept"}}""");

        var (code, status, _) = await _h.DeleteAsync(ConfigMaps + "/kept", options);

        Assert.Equal(400, code);
        Assert.Equal(message, (string?)status["message"]);
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/kept")).Code);
    }

    [Theory]
    [InlineData("""{"propagationPolicy":"Sideways"}""", "propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]
    [InlineData("""{"propagationPolicy":"Orphan","orphanDependents":true}""", "propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set")]
    [InlineData("""{"dryRun":["Some"]}""", "dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\"")]
    public async Task DeleteOptionsThatAreNotAllowed_AreInvalid(string options, string message)
    {
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"kept"}}""");

        var (code, status, _) = await _h.DeleteAsync(ConfigMaps + "/kept", options);

        Assert.Equal(422, code);
        Assert.Equal($"DeleteOptions.meta.k8s.io \"\" is invalid: {message}", (string?)status["message"]);
        Assert.Equal("DeleteOptions", (string?)status["details"]!["kind"]);
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/kept")).Code);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":true}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string")]
    [InlineData("""{"metadata":{"name":"l","labels":{"a":1}}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("""{"metadata":{"name":"o","ownerReferences":[{"uid":5}]}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field OwnerReference.metadata.ownerReferences.uid of type types.UID")]
    [InlineData("""{"metadata":"cm"}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta")]
    [InlineData("""{"apiVersion":5,"metadata":{"name":"a"}}""", "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string ({\"apiVersion\":5,\"metadata\":{\"n ...)")]
    public async Task MetadataOfTheWrongType_IsABadRequest(string body, string message)
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps, body);

        Assert.Equal(400, code);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task APatchThatGivesMetadataTheWrongType_IsInvalid()
    {
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"typed"}}""");

        var (code, status, _) = await _h.PatchAsync(ConfigMaps + "/typed", """{"metadata":{"labels":{"a":true}}}""", "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Null((await _h.GetAsync(ConfigMaps + "/typed")).Body["metadata"]!["labels"]);
    }

    [Theory]
    [InlineData("""[{"op":"add","path":1,"value":"x"}]""", "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string")]
    [InlineData("""[{"op":true,"path":"/a"}]""", "error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.op of type string")]
    [InlineData("""[7]""", "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp")]
    public async Task AJsonPatchOfTheWrongShape_IsABadRequest(string patch, string message)
    {
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"shaped"}}""");

        var (code, status, _) = await _h.PatchAsync(ConfigMaps + "/shaped", patch, "application/json-patch+json");

        Assert.Equal(400, code);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task TruncatedProtobuf_IsABadRequest()
    {
        // The Kubernetes envelope, then a runtime.Unknown whose raw field claims more bytes than follow.
        byte[] body = [0x6b, 0x38, 0x73, 0x00, 0x12, 0x7f, 0x0a];
        var response = await RawHttp.SendAsync(_h.Server, RawHttp.Request("POST", ConfigMaps, "application/vnd.kubernetes.protobuf", body), TimeSpan.FromSeconds(30));

        Assert.Equal(400, response.Code);
        Assert.Contains("unexpected EOF", (string?)response.Json!["message"]);
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private Task<RawResponse> PostBytesAsync(string path, byte[] body) =>
        RawHttp.SendAsync(_h.Server, RawHttp.Request("POST", path, "application/json", body), TimeSpan.FromSeconds(30));
}
