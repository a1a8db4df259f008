using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// Sends generated requests to one server and judges each answer. A case fails on: no complete answer
/// within the time bound (a hang); a 5xx other than kube-apiserver's 504 for a too new resourceVersion;
/// an error answer that is not a Status with its own code; an error the server logged (an exception it
/// caught only at the top); more allocation than the memory bound; or a change to the namespace
/// <see cref="RequestCorpus.Namespace"/> by a request that, read as kube-apiserver reads paths, does not
/// address it (a route escape such as <c>configmaps/%2e%2e</c>).
/// </summary>
public sealed class RequestFuzzer : IAsyncDisposable
{
    private readonly ErrorLog _errors;
    private readonly HttpClient _http;
    private (string? Version, bool Terminating) _namespace;

    private RequestFuzzer(LocalKubernetesApiServer server, ErrorLog errors, TimeSpan bound, long memoryBound)
    {
        Server = server;
        _errors = errors;
        Bound = bound;
        MemoryBound = memoryBound;
        _http = new HttpClient(server.CreateHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = bound };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
    }

    public LocalKubernetesApiServer Server { get; }

    public TimeSpan Bound { get; }

    public long MemoryBound { get; }

    public static async Task<RequestFuzzer> StartAsync(TimeSpan bound, long memoryBound)
    {
        var errors = new ErrorLog();
        var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(errors));
        var server = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { LoggerFactory = loggerFactory });
        var fuzzer = new RequestFuzzer(server, errors, bound, memoryBound);
        await fuzzer.SeedAsync();
        return fuzzer;
    }

    /// <summary>Sends one request: null when every check holds, else what went wrong.</summary>
    public async Task<string?> RunAsync(FuzzRequest request)
    {
        _errors.Clear();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        RawResponse response;
        try
        {
            response = await RawHttp.SendAsync(Server, request.ToBytes(), Bound);
        }
        catch (TimeoutException e)
        {
            return $"hang: {e.Message}";
        }
        catch (IOException e)
        {
            return $"the connection failed without an answer: {e.Message}";
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        return Judge(request, response)
            ?? (allocated > MemoryBound ? $"allocated {allocated / (1024 * 1024)} MiB, over the bound of {MemoryBound / (1024 * 1024)} MiB" : null)
            ?? (_errors.Take() is { } logged ? $"the server logged an error: {logged}" : null)
            ?? await CheckNamespaceAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        _errors.Dispose();
    }

    private static string? Judge(FuzzRequest request, RawResponse response)
    {
        if (response.Code >= 500 && !(response.Code == 504 && (string?)response.Json?["reason"] == "Timeout"))
        {
            return $"answered {response.Code}: {Shorten(response.Text)}";
        }

        if (response.Code < 400 || request.Method == "HEAD")
        {
            return null;
        }

        var status = response.Json;
        return status is null || (string?)status["kind"] != "Status" || (int?)status["code"] != response.Code
            ? $"answered {response.Code} without a Status of that code: {Shorten(response.Text)}"
            : null;
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "...";

    // The namespace changes only when a request addresses it, or the collection of namespaces, itself;
    // once it is being deleted, the server's own controller finishes the deletion in the background.
    private async Task<string?> CheckNamespaceAsync(FuzzRequest request)
    {
        var now = await NamespaceStateAsync();
        var addressed = PathOracle.AddressesNamespace(request.Method, request.Path, RequestCorpus.Namespace);
        if (!addressed && now.Version != _namespace.Version && !_namespace.Terminating)
        {
            return $"namespace {RequestCorpus.Namespace} changed (resourceVersion {_namespace.Version ?? "none"} to {now.Version ?? "none"}) though the request does not address it";
        }

        _namespace = now.Version is null ? await RecreateNamespaceAsync() : now;
        return null;
    }

    private async Task<(string? Version, bool Terminating)> NamespaceStateAsync()
    {
        using var response = await _http.GetAsync($"/api/v1/namespaces/{RequestCorpus.Namespace}");
        if (!response.IsSuccessStatusCode)
        {
            return (null, false);
        }

        var metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["metadata"]!;
        return ((string?)metadata["resourceVersion"], metadata["deletionTimestamp"] is not null);
    }

    private async Task<(string? Version, bool Terminating)> RecreateNamespaceAsync()
    {
        await PostAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{RequestCorpus.Namespace}}}"}}""");
        return await NamespaceStateAsync();
    }

    private async Task SeedAsync()
    {
        var ns = $"/api/v1/namespaces/{RequestCorpus.Namespace}";
        await PostAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{RequestCorpus.Namespace}}}"}}""");
        await PostAsync(ns + "/configmaps", """{"metadata":{"name":"cm"},"data":{"a":"b"}}""");
        await PostAsync(ns + "/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        await PostAsync($"/apis/networking.k8s.io/v1/namespaces/{RequestCorpus.Namespace}/networkpolicies", """{"metadata":{"name":"np"},"spec":{"podSelector":{}}}""");
        await PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", RequestCorpus.ThingDefinition);
        await PostAsync($"/apis/fuzz.io/v1/namespaces/{RequestCorpus.Namespace}/things", """{"apiVersion":"fuzz.io/v1","kind":"Thing","metadata":{"name":"t"},"spec":{"replicas":1,"name":"a"}}""");
        _namespace = await NamespaceStateAsync();
    }

    private async Task PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        using var response = await _http.PostAsync(path, content);
    }

    /// <summary>Collects what the server logs at Error or above.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly List<string> _entries = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Clear()
        {
            lock (_entries)
            {
                _entries.Clear();
            }
        }

        public string? Take()
        {
            lock (_entries)
            {
                return _entries.Count == 0 ? null : string.Join(" | ", _entries);
            }
        }

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (log._entries)
                    {
                        log._entries.Add($"{formatter(state, exception)} {exception}");
                    }
                }
            }
        }
    }
}
