using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// No answer shows a change before it is durable: not the writer's acknowledgement, not another client's
/// read, not a watch event. A slow disk (an injected fault) makes the window wide enough to see.
/// </summary>
public sealed class DurabilityGateTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private static readonly TimeSpan SlowSync = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task AnotherClientsRead_WaitsUntilTheChangeIsDurable()
    {
        using var directory = new TemporaryDirectory();
        using var crashed = new TemporaryDirectory();
        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        server.Server.Faults.SlowDisk(SlowSync);

        var write = server.PostAsync(ConfigMaps, Manifests.ConfigMap("seen"));
        await Eventually.TrueAsync(async () => (await server.GetAsync(ConfigMaps + "/seen")).Code == 200, "another client reads the new configmap");
        CrashRecoveryTests.CopyDataFiles(directory.FullPath, crashed.FullPath);
        await write;

        await using var restarted = await DataDirectoryServer.StartAsync(crashed.FullPath);
        Assert.Equal(200, (await restarted.GetAsync(ConfigMaps + "/seen")).Code);
    }

    [Fact]
    public async Task WatchEvent_WaitsUntilTheChangeIsDurable()
    {
        using var directory = new TemporaryDirectory();
        using var crashed = new TemporaryDirectory();
        await using var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        var from = server.Server.ResourceVersion;
        using var watch = await server.Http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={from}&timeoutSeconds=10", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync());
        server.Server.Faults.SlowDisk(SlowSync);

        var write = server.PostAsync(ConfigMaps, Manifests.ConfigMap("watched"));
        var added = JsonNode.Parse((await events.ReadLineAsync())!)!;
        CrashRecoveryTests.CopyDataFiles(directory.FullPath, crashed.FullPath);
        await write;

        Assert.Equal("ADDED", (string?)added["type"]);
        await using var restarted = await DataDirectoryServer.StartAsync(crashed.FullPath);
        var restored = await restarted.GetObjectAsync(ConfigMaps + "/watched");
        Assert.Equal((string?)added["object"]!["metadata"]!["resourceVersion"], (string?)restored["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task FailedDisk_TurnsAnswersInto500s_AndARestartServesWhatWasDurable()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var durable = await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("durable"));
            server.Server.Faults.FailDisk();

            var (code, status) = await server.PostAsync(ConfigMaps, Manifests.ConfigMap("unacknowledged"));

            Assert.Equal(500, code);
            Assert.Equal("InternalError", (string?)status["reason"]);
            Assert.Contains("injected disk fault", (string?)status["message"], StringComparison.Ordinal);
            Assert.Equal(500, (await server.GetAsync(ConfigMaps)).Code);
            var (readyCode, ready) = await server.GetAsync("/readyz");
            Assert.Equal(500, readyCode);
            Assert.Contains("data-directory failed", (string?)ready["raw"], StringComparison.Ordinal);

            // A 500 leaves the outcome of that write unknown, as with kube-apiserver; what was acknowledged is there.
            server = await server.RestartAsync();

            Assert.Equal(durable.ToJsonString(), (await server.GetObjectAsync(ConfigMaps + "/durable")).ToJsonString());
            Assert.Equal(200, (await server.GetAsync("/readyz")).Code);
            await RestartTests.CreateAsync(server, ConfigMaps, Manifests.ConfigMap("after-restart"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
