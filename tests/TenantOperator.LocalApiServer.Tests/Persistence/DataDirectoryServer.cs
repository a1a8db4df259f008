using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>A server started on a data directory, with a KubernetesClient and a raw HttpClient pointed at it.</summary>
public sealed class DataDirectoryServer : IAsyncDisposable
{
    private DataDirectoryServer(LocalKubernetesApiServer server, LocalApiServerOptions options)
    {
        Server = server;
        Options = options;
        Client = ServerClients.Kubernetes(server);
        Http = ServerClients.Http(server);
    }

    public LocalKubernetesApiServer Server { get; }

    public LocalApiServerOptions Options { get; }

    public Kubernetes Client { get; }

    public HttpClient Http { get; }

    public string JournalPath(long generation = 0) => Path.Combine(Options.DataDirectory!, $"journal-{generation:D10}.log");

    public static async Task<DataDirectoryServer> StartAsync(string dataDirectory, long journalCompactionBytes = 64L * 1024 * 1024) =>
        await StartAsync(new LocalApiServerOptions { DataDirectory = dataDirectory, JournalCompactionBytes = journalCompactionBytes });

    public static async Task<DataDirectoryServer> StartAsync(LocalApiServerOptions options) =>
        new(await LocalKubernetesApiServer.StartAsync(options), options);

    /// <summary>Stops this server and starts a new one on the same data directory.</summary>
    public async Task<DataDirectoryServer> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(Options);
    }

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
        return ((int)response.StatusCode, body);
    }

    public Task<(int Code, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Code, JsonObject Body)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<(int Code, JsonObject Body)> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<(int Code, JsonObject Body)> DeleteAsync(string path, string? json = null) => SendAsync(HttpMethod.Delete, path, json);

    public Task<(int Code, JsonObject Body)> MergePatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json, "application/merge-patch+json");

    /// <summary>The object at <paramref name="path"/>, asserting it exists.</summary>
    public async Task<JsonObject> GetObjectAsync(string path)
    {
        var (code, body) = await GetAsync(path);
        Assert.True(code == 200, $"GET {path}: {code} {body.ToJsonString()}");
        return body;
    }

    /// <summary>The items of a list, as JSON text, in the order the server lists them.</summary>
    public async Task<IReadOnlyList<string>> ListItemsAsync(string path)
    {
        var list = await GetObjectAsync(path);
        return [.. list["items"]!.AsArray().Select(i => i!.ToJsonString())];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
