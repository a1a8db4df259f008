using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §7 at the HTTP level: schema errors as 422 causes, unknown fields per fieldValidation.</summary>
public sealed class FieldValidationTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await Manifests.InstallTenantCrdAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string WithUnknownField(string name) => Manifests.Tenant(name).Replace("\"mode\":", "\"colour\":\"blue\",\"mode\":", StringComparison.Ordinal);

    [Fact]
    public async Task SchemaViolation_Is422WithFieldCauses()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("bad", "Sometimes"));
        Assert.True(code == 422, status.ToJsonString());
        Assert.StartsWith("TenantIsolation.isolation.tenantoperator.io \"bad\" is invalid: ", (string?)status["message"]);
        Assert.Contains("spec.mode: Unsupported value: \"Sometimes\": supported values: \"Enforce\", \"DryRun\"", (string?)status["message"]);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("spec.mode", (string?)cause["field"]);
        Assert.Equal("FieldValueNotSupported", (string?)cause["reason"]);
    }

    [Fact]
    public async Task UnknownField_Strict_Is400StrictDecodingError()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.TenantPath + "?fieldValidation=Strict", WithUnknownField("s"));
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("TenantIsolation in version \"v1alpha1\" cannot be handled as a TenantIsolation: strict decoding error: unknown field \"spec.colour\"", (string?)status["message"]);
    }

    [Fact]
    public async Task UnknownField_Warn_PrunesAndWarns()
    {
        var (code, obj, response) = await _h.PostAsync(Manifests.TenantPath + "?fieldValidation=Warn", WithUnknownField("w"));
        Assert.Equal(201, code);
        Assert.Null(obj["spec"]!["colour"]);
        Assert.Equal("299 - \"unknown field \\\"spec.colour\\\"\"", Assert.Single(response.Headers.GetValues("Warning")));
    }

    [Fact]
    public async Task UnknownField_Ignore_PrunesSilently()
    {
        var (code, obj, response) = await _h.PostAsync(Manifests.TenantPath + "?fieldValidation=Ignore", WithUnknownField("i"));
        Assert.Equal(201, code);
        Assert.Null(obj["spec"]!["colour"]);
        Assert.False(response.Headers.Contains("Warning"));
    }

    [Fact]
    public async Task CrdWithAnInvalidSchema_Is422()
    {
        var crd = Manifests.TenantCrdJson().Replace("\"allowIntraTenant\":{\"type\":\"boolean\"}", "\"allowIntraTenant\":{\"type\":\"widget\"}", StringComparison.Ordinal)
            .Replace("tenantisolations", "others", StringComparison.Ordinal).Replace("TenantIsolation", "Other", StringComparison.Ordinal).Replace("[\"ti\"]", "[\"ot\"]", StringComparison.Ordinal);
        var (code, status, _) = await _h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.True(code == 422, status.ToJsonString());
        Assert.Contains(status["details"]!["causes"]!.AsArray(), c => ((string?)c!["field"])!.StartsWith("spec.versions[0].schema.openAPIV3Schema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TableRequest_ReturnsPrinterColumns()
    {
        await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Manifests.TenantPath);
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        var table = System.Text.Json.Nodes.JsonNode.Parse(await (await _h.Http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal(["Name", "Mode", "Namespaces", "Ready", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal("team-a", (string?)table["rows"]![0]!["cells"]![0]);
        Assert.Equal("Enforce", (string?)table["rows"]![0]!["cells"]![1]);
    }
}
