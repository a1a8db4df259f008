using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §4 and §9: uid, timestamps, resourceVersion, generation, conflicts, names, namespaces, Status errors.</summary>
public sealed class ObjectSemanticsTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Create_SetsUidTimestampResourceVersionAndGeneration()
    {
        var (code, obj, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"));
        Assert.Equal(201, code);
        var metadata = obj["metadata"]!;
        Assert.True(Guid.TryParse((string?)metadata["uid"], out _));
        Assert.Equal("2025-03-01T12:00:00Z", (string?)metadata["creationTimestamp"]);
        Assert.Equal(1, (long)metadata["generation"]!);
        Assert.True(long.Parse((string)metadata["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task ResourceVersion_IsOneCounterAcrossResources()
    {
        var a = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("a"))).Body;
        var b = (await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("b"))).Body;
        var c = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("c"))).Body;
        var versions = new[] { a, b, c }.Select(o => long.Parse((string)o["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions[0] + 1, versions[1]);
        Assert.Equal(versions[1] + 1, versions[2]);
        Assert.Equal(versions[2], _h.Server.ResourceVersion);
    }

    [Fact]
    public async Task Create_ExistingName_Is409AlreadyExists()
    {
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dup"));
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dup"));
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", (string?)status["reason"]);
        Assert.Equal("networkpolicies.networking.k8s.io \"dup\" already exists", (string?)status["message"]);
        Assert.Equal("networkpolicies", (string?)status["details"]!["kind"]);
        Assert.Equal("networking.k8s.io", (string?)status["details"]!["group"]);
        Assert.Equal(409, (int)status["code"]!);
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_Is409Conflict()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"))).Body;
        var first = created.DeepClone().AsObject();
        first["spec"]!["policyTypes"] = new JsonArray("Ingress", "Egress");
        Assert.Equal(200, (await _h.PutAsync(Manifests.NetpolIn("default") + "/web", first.ToJsonString())).Code);
        var (code, status, _) = await _h.PutAsync(Manifests.NetpolIn("default") + "/web", created.ToJsonString());
        Assert.Equal(409, code);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Operation cannot be fulfilled on networkpolicies.networking.k8s.io \"web\": the object has been modified; please apply your changes to the latest version and try again", (string?)status["message"]);
    }

    [Fact]
    public async Task Generation_BumpsOnlyWhenSpecChanges()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"))).Body;
        created["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        var relabelled = (await _h.PutAsync(Manifests.NetpolIn("default") + "/web", created.ToJsonString())).Body;
        Assert.Equal(1, (long)relabelled["metadata"]!["generation"]!);
        relabelled["spec"]!["policyTypes"] = new JsonArray("Egress");
        var changed = (await _h.PutAsync(Manifests.NetpolIn("default") + "/web", relabelled.ToJsonString())).Body;
        Assert.Equal(2, (long)changed["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task NoOpUpdate_KeepsResourceVersionAndWritesNothing()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"))).Body;
        var before = _h.Server.ResourceVersion;
        var same = (await _h.PutAsync(Manifests.NetpolIn("default") + "/web", created.ToJsonString())).Body;
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)same["metadata"]!["resourceVersion"]);
        Assert.Equal(before, _h.Server.ResourceVersion);
    }

    [Fact]
    public async Task Update_KeepsServerOwnedMetadata()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"))).Body;
        var sent = created.DeepClone().AsObject();
        sent["metadata"]!["creationTimestamp"] = "2001-01-01T00:00:00Z";
        sent["metadata"]!["generation"] = 40;
        sent["metadata"]!["labels"] = new JsonObject { ["changed"] = "yes" };
        var updated = (await _h.PutAsync(Manifests.NetpolIn("default") + "/web", sent.ToJsonString())).Body;
        Assert.Equal((string?)created["metadata"]!["creationTimestamp"], (string?)updated["metadata"]!["creationTimestamp"]);
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)updated["metadata"]!["uid"]);
        Assert.Equal(1, (long)updated["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Put_NameMismatch_Is400()
    {
        var created = (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"))).Body;
        var (code, status, _) = await _h.PutAsync(Manifests.NetpolIn("default") + "/other", created.ToJsonString());
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("the name of the object (web) does not match the name on the URL (other)", (string?)status["message"]);
    }

    [Fact]
    public async Task Create_NamespaceMismatch_Is400()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("kube-system"), Manifests.NetworkPolicy("web", ns: "default"));
        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", (string?)status["message"]);
    }

    [Fact]
    public async Task Get_Missing_Is404WithKubernetesMessage()
    {
        var (code, status, _) = await _h.GetAsync("/api/v1/namespaces/default/configmaps/nope");
        Assert.Equal(404, code);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal("configmaps \"nope\" not found", (string?)status["message"]);
        Assert.Equal("nope", (string?)status["details"]!["name"]);
        Assert.Null(status["details"]!["group"]);
    }

    [Fact]
    public async Task Create_InMissingNamespace_Is404ForTheNamespace()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("ghost"), Manifests.NetworkPolicy("web", ns: "ghost"));
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"ghost\" not found", (string?)status["message"]);
        Assert.Equal("namespaces", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_Is403Forbidden()
    {
        await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("closing"));
        await _h.PostAsync("/api/v1/namespaces/closing/configmaps", Manifests.ConfigMap("held", "closing", ",\"finalizers\":[\"example.com/hold\"]"));
        var deleted = await _h.DeleteAsync("/api/v1/namespaces/closing");
        Assert.Equal(202, deleted.Code);
        Assert.Equal("Terminating", (string?)deleted.Body["status"]!["phase"]);
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("closing"), Manifests.NetworkPolicy("web", ns: "closing"));
        Assert.Equal(403, code);
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal("networkpolicies.networking.k8s.io \"web\" is forbidden: unable to create new content in namespace closing because it is being terminated", (string?)status["message"]);
        Assert.Equal("NamespaceTerminating", (string?)status["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public async Task GenerateName_AddsFiveRandomCharacters()
    {
        var body = Manifests.ConfigMap(string.Empty).Replace("\"name\":\"\"", "\"generateName\":\"cfg-\"", StringComparison.Ordinal);
        var (code, obj, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(201, code);
        Assert.Matches("^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string?)obj["metadata"]!["name"]);
    }

    [Fact]
    public async Task InvalidNameAndLabels_Are422InvalidWithCauses()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("Bad_Name", labels: "{\"ok\":\"has space\"}"));
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var message = (string)status["message"]!;
        Assert.StartsWith("NetworkPolicy.networking.k8s.io \"Bad_Name\" is invalid: [metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", message);
        var causes = status["details"]!["causes"]!.AsArray();
        Assert.Equal(["metadata.name", "metadata.labels"], causes.Select(c => (string?)c!["field"]));
        Assert.All(causes, c => Assert.Equal("FieldValueInvalid", (string?)c!["reason"]));
        Assert.Equal("NetworkPolicy", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task MissingName_Is422Required()
    {
        var (code, status, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap(string.Empty));
        Assert.Equal(422, code);
        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", (string?)status["message"]);
        Assert.Equal("FieldValueRequired", (string?)status["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public async Task DryRun_ValidatesButStoresNothing()
    {
        var before = _h.Server.ResourceVersion;
        var (code, obj, _) = await _h.PostAsync(Manifests.NetpolIn("default") + "?dryRun=All", Manifests.NetworkPolicy("dry"));
        Assert.Equal(201, code);
        Assert.Equal("dry", (string?)obj["metadata"]!["name"]);
        Assert.Equal(404, (await _h.GetAsync(Manifests.NetpolIn("default") + "/dry")).Code);
        Assert.Equal(before, _h.Server.ResourceVersion);
        Assert.Equal(422, (await _h.PostAsync(Manifests.NetpolIn("default") + "?dryRun=Some", Manifests.NetworkPolicy("dry"))).Code);
    }

    [Fact]
    public async Task Namespace_AlwaysCarriesItsNameLabel()
    {
        var created = (await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("team-a", "{\"tenant\":\"a\"}"))).Body;
        Assert.Equal("team-a", (string?)created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
        created["metadata"]!["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = "spoofed" };
        var updated = (await _h.PutAsync("/api/v1/namespaces/team-a", created.ToJsonString())).Body;
        Assert.Equal("team-a", (string?)updated["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task DefaultNamespace_MayNotBeDeleted()
    {
        var (code, status, _) = await _h.DeleteAsync("/api/v1/namespaces/default");
        Assert.Equal(403, code);
        Assert.Equal("namespaces \"default\" is forbidden: this namespace may not be deleted", (string?)status["message"]);
    }

    [Fact]
    public async Task ProtobufOnlyAccept_Is406()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf");
        var response = await _h.Http.SendAsync(request);
        Assert.Equal(406, (int)response.StatusCode);
    }
}
