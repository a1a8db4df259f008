using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>A server restarted on its data directory serves the same objects, CRDs and revision counter.</summary>
public sealed class RestartTests
{
    private const string CrdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    [Fact]
    public async Task Restart_KeepsEveryObjectWithItsMetadata()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await CreateAsync(server, "/api/v1/namespaces", Manifests.Namespace("team-a", "{\"tenant\":\"a\"}"));
            await CreateAsync(server, "/api/v1/namespaces/team-a/configmaps", Manifests.ConfigMap("settings", "team-a"));
            Assert.Equal(200, (await server.MergePatchAsync("/api/v1/namespaces/team-a/configmaps/settings", "{\"data\":{\"k\":\"changed\"}}")).Code);
            await CreateAsync(server, Manifests.NetpolIn("team-a"), Manifests.NetworkPolicy("deny", "team-a"));
            Assert.Equal(200, (await server.MergePatchAsync(Manifests.NetpolIn("team-a") + "/deny", "{\"spec\":{\"policyTypes\":[\"Ingress\",\"Egress\"]}}")).Code);
            await CreateAsync(server, "/api/v1/namespaces/team-a/configmaps", Manifests.ConfigMap("held", "team-a", ",\"finalizers\":[\"example.com/hold\"]"));
            Assert.Equal(202, (await server.DeleteAsync("/api/v1/namespaces/team-a/configmaps/held")).Code);
            string[] paths =
            [
                "/api/v1/namespaces/default",
                "/api/v1/namespaces/team-a",
                "/api/v1/namespaces/team-a/configmaps/settings",
                "/api/v1/namespaces/team-a/configmaps/held",
                Manifests.NetpolIn("team-a") + "/deny",
            ];
            var before = await SnapshotAsync(server, paths);
            var revision = server.Server.ResourceVersion;

            server = await server.RestartAsync();

            Assert.Equal(before, await SnapshotAsync(server, paths));
            Assert.Equal(revision, server.Server.ResourceVersion);
            var policy = await server.GetObjectAsync(Manifests.NetpolIn("team-a") + "/deny");
            Assert.Equal(2, (int)policy["metadata"]!["generation"]!);
            var held = await server.GetObjectAsync("/api/v1/namespaces/team-a/configmaps/held");
            Assert.NotNull(held["metadata"]!["deletionTimestamp"]);
            Assert.Equal("example.com/hold", (string?)held["metadata"]!["finalizers"]![0]);
            var next = await CreateAsync(server, "/api/v1/namespaces/team-a/configmaps", Manifests.ConfigMap("next", "team-a"));
            Assert.True(ResourceVersionOf(next) > revision, "the counter continues after the highest restored resourceVersion");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restart_ServesCustomResourcesAgainWithTheirSchema()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await CreateAsync(server, CrdPath, Manifests.TenantCrdJson());
            await Eventually.TrueAsync(async () => (await server.GetAsync(Manifests.TenantPath)).Code == 200, "the CRD's resource is served");
            var created = await CreateAsync(server, Manifests.TenantPath, Manifests.Tenant("team-a"));

            server = await server.RestartAsync();

            Assert.Equal(created.ToJsonString(), (await server.GetObjectAsync(Manifests.TenantPath + "/team-a")).ToJsonString());
            var crd = await server.GetObjectAsync(CrdPath + "/tenantisolations.isolation.tenantoperator.io");
            Assert.Contains(crd["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True");
            var discovery = await server.GetObjectAsync("/apis/isolation.tenantoperator.io/v1alpha1");
            Assert.Contains(discovery["resources"]!.AsArray(), r => (string?)r!["name"] == "tenantisolations");
            var (code, invalid) = await server.PostAsync(Manifests.TenantPath, Manifests.Tenant("bad", mode: "Bogus"));
            Assert.Equal(422, code);
            Assert.Contains(invalid["details"]!["causes"]!.AsArray(), c => (string?)c!["field"] == "spec.mode");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restart_KeepsWhatTheServersControllersDeleted()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var owner = await CreateAsync(server, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("owner"));
            var ownerUid = (string)owner["metadata"]!["uid"]!;
            await CreateAsync(server, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("dependent", extraMetadata: Manifests.OwnerRef("ConfigMap", "owner", ownerUid)));
            await CreateAsync(server, "/api/v1/namespaces", Manifests.Namespace("doomed"));
            await CreateAsync(server, "/api/v1/namespaces/doomed/configmaps", Manifests.ConfigMap("content", "doomed"));
            Assert.Equal(200, (await server.DeleteAsync("/api/v1/namespaces/default/configmaps/owner")).Code);
            Assert.Equal(202, (await server.DeleteAsync("/api/v1/namespaces/doomed")).Code);
            await Eventually.TrueAsync(async () => (await server.GetAsync("/api/v1/namespaces/default/configmaps/dependent")).Code == 404, "the garbage collector deletes the dependent");
            await Eventually.TrueAsync(async () => (await server.GetAsync("/api/v1/namespaces/doomed")).Code == 404, "the namespace is finalized");
            var revision = server.Server.ResourceVersion;

            server = await server.RestartAsync();

            Assert.Equal(404, (await server.GetAsync("/api/v1/namespaces/default/configmaps/dependent")).Code);
            Assert.Equal(404, (await server.GetAsync("/api/v1/namespaces/doomed")).Code);
            Assert.Equal(404, (await server.GetAsync("/api/v1/namespaces/doomed/configmaps/content")).Code);
            Assert.Equal(revision, server.Server.ResourceVersion);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restart_DuringNamespaceDeletion_FinishesIt()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await CreateAsync(server, "/api/v1/namespaces", Manifests.Namespace("leaving"));
            await CreateAsync(server, "/api/v1/namespaces/leaving/configmaps", Manifests.ConfigMap("held", "leaving", ",\"finalizers\":[\"example.com/hold\"]"));
            Assert.Equal(202, (await server.DeleteAsync("/api/v1/namespaces/leaving")).Code);
            await Eventually.TrueAsync(
                async () => (await server.GetObjectAsync("/api/v1/namespaces/leaving/configmaps/held"))["metadata"]!["deletionTimestamp"] is not null,
                "the namespace controller deletes the configmap, which its finalizer holds");

            server = await server.RestartAsync();

            var terminating = await server.GetObjectAsync("/api/v1/namespaces/leaving");
            Assert.Equal("Terminating", (string?)terminating["status"]!["phase"]);
            Assert.Equal(200, (await server.MergePatchAsync("/api/v1/namespaces/leaving/configmaps/held", "{\"metadata\":{\"finalizers\":null}}")).Code);
            await Eventually.TrueAsync(async () => (await server.GetAsync("/api/v1/namespaces/leaving")).Code == 404, "the namespace goes once its last object is gone");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task WatchFromBeforeTheRestart_IsExpired_WhileTheCurrentVersionResumes()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var first = await CreateAsync(server, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("first"));
            await CreateAsync(server, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("second"));
            var current = server.Server.ResourceVersion;

            server = await server.RestartAsync();

            var expired = await server.Http.GetStringAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={ResourceVersionOf(first)}&timeoutSeconds=5");
            var error = JsonNode.Parse(expired.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
            Assert.Equal("ERROR", (string?)error["type"]);
            Assert.Equal(410, (int)error["object"]!["code"]!);
            Assert.Equal("Expired", (string?)error["object"]!["reason"]);

            using var resumed = await server.Http.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={current}&timeoutSeconds=5", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await resumed.Content.ReadAsStreamAsync());
            var third = await CreateAsync(server, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("third"));
            var added = JsonNode.Parse((await reader.ReadLineAsync())!)!;
            Assert.Equal("ADDED", (string?)added["type"]);
            Assert.Equal(third["metadata"]!["uid"]!.ToString(), added["object"]!["metadata"]!["uid"]!.ToString());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task SecondServerOnTheSameDirectory_IsRefused()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);

        var refused = await Assert.ThrowsAsync<IOException>(() => DataDirectoryServer.StartAsync(directory.FullPath));

        Assert.Contains(directory.FullPath, refused.Message, StringComparison.Ordinal);
        Assert.Contains("in use", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedSystemNamespace_IsCreatedAgainAtStart_OthersKeepTheirUid()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var defaultUid = (string?)(await server.GetObjectAsync("/api/v1/namespaces/default"))["metadata"]!["uid"];
            Assert.Equal(202, (await server.DeleteAsync("/api/v1/namespaces/kube-node-lease")).Code);
            await Eventually.TrueAsync(async () => (await server.GetAsync("/api/v1/namespaces/kube-node-lease")).Code == 404, "kube-node-lease is deleted");

            server = await server.RestartAsync();

            Assert.Equal(defaultUid, (string?)(await server.GetObjectAsync("/api/v1/namespaces/default"))["metadata"]!["uid"]);
            Assert.Equal("Active", (string?)(await server.GetObjectAsync("/api/v1/namespaces/kube-node-lease"))["status"]!["phase"]);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    internal static async Task<JsonObject> CreateAsync(DataDirectoryServer server, string path, string json)
    {
        var (code, body) = await server.PostAsync(path, json);
        Assert.True(code == 201, $"POST {path}: {code} {body.ToJsonString()}");
        return body;
    }

    internal static long ResourceVersionOf(JsonObject obj) => long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);

    private static async Task<List<string>> SnapshotAsync(DataDirectoryServer server, IEnumerable<string> paths)
    {
        var texts = new List<string>();
        foreach (var path in paths)
        {
            texts.Add((await server.GetObjectAsync(path)).ToJsonString());
        }

        return texts;
    }
}
