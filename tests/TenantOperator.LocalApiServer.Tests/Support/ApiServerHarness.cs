using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>A started server with a KubernetesClient and a raw HttpClient pointed at it.</summary>
public sealed class ApiServerHarness : IAsyncDisposable
{
    private ApiServerHarness(LocalKubernetesApiServer server, TimerAwareFakeTimeProvider? time)
    {
        Server = server;
        Time = time;
        Client = ServerClients.Kubernetes(server);
        Http = ServerClients.Http(server);
    }

    public LocalKubernetesApiServer Server { get; }

    /// <summary>The fake clock, when the harness was started with one.</summary>
    public TimerAwareFakeTimeProvider? Time { get; }

    public Kubernetes Client { get; }

    public HttpClient Http { get; }

    public static async Task<ApiServerHarness> StartAsync(
        bool fakeTime = false, int historySize = 10_000, AuthorizationMode authorization = AuthorizationMode.Rbac, bool ownerReferencesPermissionEnforcement = true)
    {
        var time = fakeTime ? new TimerAwareFakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)) : null;
        var server = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions
        {
            TimeProvider = time ?? TimeProvider.System,
            WatchHistorySize = historySize,
            BookmarkInterval = TimeSpan.FromSeconds(10),
            Authorization = authorization,
            OwnerReferencesPermissionEnforcement = ownerReferencesPermissionEnforcement,
        });
        return new ApiServerHarness(server, time);
    }

    public async Task<(int Code, JsonObject Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
        return ((int)response.StatusCode, body, response);
    }

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> PatchAsync(string path, string json, string contentType) => SendAsync(HttpMethod.Patch, path, json, contentType);

    public Task<(int Code, JsonObject Body, HttpResponseMessage Response)> DeleteAsync(string path, string? json = null) => SendAsync(HttpMethod.Delete, path, json);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
