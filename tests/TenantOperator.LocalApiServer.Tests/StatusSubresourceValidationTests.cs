using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>
/// Writes to a custom resource's <c>/status</c> are pruned, defaulted and validated against the whole CRD schema,
/// as kube-apiserver's status strategy does: a status the schema refuses is a 422, not stored.
/// </summary>
public sealed class StatusSubresourceValidationTests : IAsyncLifetime
{
    private const string StatusPath = Manifests.TenantPath + "/team-a/status";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await Manifests.InstallTenantCrdAsync(_h);
        Assert.Equal(201, (await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"))).Code);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task StatusOfTheWrongType_Is422AndNotStored()
    {
        var (code, status, _) = await _h.PutAsync(StatusPath, await WithStatusAsync("""{"namespaceCount":"three"}"""));
        Assert.Equal(422, code);
        Assert.Equal(
            "TenantIsolation.isolation.tenantoperator.io \"team-a\" is invalid: status.namespaceCount: Invalid value: \"string\": status.namespaceCount in body must be of type integer: \"string\"",
            (string?)status["message"]);
        Assert.Null((await _h.GetAsync(Manifests.TenantPath + "/team-a")).Body["status"]);
    }

    [Fact]
    public async Task ConditionWithoutItsRequiredStatus_Is422()
    {
        var (code, status, _) = await _h.PatchAsync(StatusPath, """{"status":{"conditions":[{"type":"Ready"}]}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("status.conditions[0].status", (string?)cause["field"]);
        Assert.Equal("FieldValueRequired", (string?)cause["reason"]);
    }

    [Fact]
    public async Task UnknownStatusField_IsPrunedWithAWarning()
    {
        var (code, updated, response) = await _h.PutAsync(StatusPath, await WithStatusAsync("""{"namespaceCount":2,"colour":"red"}"""));
        Assert.Equal(200, code);
        Assert.Equal("299 - \"unknown field \\\"status.colour\\\"\"", Assert.Single(response.Headers.GetValues("Warning")));
        Assert.Equal("""{"namespaceCount":2}""", updated["status"]!.ToJsonString());
    }

    private async Task<string> WithStatusAsync(string status)
    {
        var current = (await _h.GetAsync(Manifests.TenantPath + "/team-a")).Body;
        current["status"] = JsonNode.Parse(status);
        return current.ToJsonString();
    }
}
