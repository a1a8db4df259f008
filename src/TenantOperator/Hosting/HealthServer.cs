using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TenantOperator.Hosting;

/// <summary>
/// /healthz and /livez (the process is alive), /readyz (the caches have synced and every one can be trusted; 503 with
/// the reason when not) and /metrics (Prometheus text) for one operator instance, on Kestrel; with debug endpoints on,
/// also <c>POST /debug/gc</c> (<see cref="FullCollection"/>).
/// </summary>
/// <remarks>
/// Kestrel serves <see cref="HealthEndpoints"/> directly, without a WebApplication: a second host, its container,
/// routing and the minimal-API request delegates (compiled expression trees) cost the operator about 16 MiB of resident
/// memory for four fixed paths (docs/PERFORMANCE.md, "Memory at 10,000 namespaces").
/// </remarks>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly KestrelServer _server;

    private HealthServer(KestrelServer server) => _server = server;

    /// <summary>The address actually bound (a port of 0 is resolved).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts serving <paramref name="instance"/> at <paramref name="url"/> (e.g. http://0.0.0.0:8080); <paramref name="debugEndpoints"/> adds <c>POST /debug/gc</c>.</summary>
    public static async Task<HealthServer> StartAsync(string url, TenantOperatorInstance instance, ILoggerFactory loggers, CancellationToken cancellationToken, bool debugEndpoints = false)
    {
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggers);
        var kestrel = new KestrelServer(Options.Create(new KestrelServerOptions { AddServerHeader = false }), transport, loggers);
        var addresses = kestrel.Features.GetRequiredFeature<IServerAddressesFeature>();

        // The same address syntax as UseUrls: Kestrel binds what the feature lists and replaces a port of 0 with the one bound.
        addresses.Addresses.Add(url);
        var server = new HealthServer(kestrel);
        try
        {
            await kestrel.StartAsync(new HealthEndpoints(instance, debugEndpoints), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        if (addresses.Addresses.FirstOrDefault() is { } bound)
        {
            server.Address = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }

        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
    }
}

/// <summary>
/// The health server's four paths, as Kestrel hands each request over: a known path with another method is 405, any
/// other path 404. Paths match as ASP.NET Core routes do: without regard to case or a trailing slash.
/// </summary>
internal sealed class HealthEndpoints(TenantOperatorInstance instance, bool debugEndpoints) : IHttpApplication<IFeatureCollection>
{
    private const string TextType = "text/plain; charset=utf-8";

    /// <inheritdoc />
    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    /// <inheritdoc />
    public void DisposeContext(IFeatureCollection context, Exception? exception)
    {
    }

    /// <inheritdoc />
    public Task ProcessRequestAsync(IFeatureCollection context)
    {
        var request = context.GetRequiredFeature<IHttpRequestFeature>();
        var response = new Response(context);
        var get = HttpMethods.IsGet(request.Method);
        return request.Path.TrimEnd('/').ToLowerInvariant() switch
        {
            "/healthz" or "/livez" => get ? response.TextAsync(StatusCodes.Status200OK, "ok") : response.EmptyAsync(StatusCodes.Status405MethodNotAllowed),
            "/readyz" => !get ? response.EmptyAsync(StatusCodes.Status405MethodNotAllowed)
                : instance.NotReadyReason is { } reason ? response.TextAsync(StatusCodes.Status503ServiceUnavailable, reason)
                : response.TextAsync(StatusCodes.Status200OK, "ok"),
            "/metrics" => get ? MetricsAsync(response, context) : response.EmptyAsync(StatusCodes.Status405MethodNotAllowed),
            "/debug/gc" when debugEndpoints => HttpMethods.IsPost(request.Method)
                ? response.BytesAsync(StatusCodes.Status200OK, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(FullCollection.Run(), JsonSerializerOptions.Web))
                : response.EmptyAsync(StatusCodes.Status405MethodNotAllowed),
            _ => response.EmptyAsync(StatusCodes.Status404NotFound),
        };
    }

    private async Task MetricsAsync(Response response, IFeatureCollection context)
    {
        response.Start(StatusCodes.Status200OK, "text/plain; version=0.0.4; charset=utf-8");
        var aborted = context.Get<IHttpRequestLifetimeFeature>()?.RequestAborted ?? CancellationToken.None;
        await instance.Metrics.Registry.CollectAndExportAsTextAsync(response.Body, aborted);
    }

    /// <summary>The response features of one request.</summary>
    private sealed class Response(IFeatureCollection context)
    {
        private readonly IHttpResponseFeature _response = context.GetRequiredFeature<IHttpResponseFeature>();
        private readonly IHttpResponseBodyFeature _body = context.GetRequiredFeature<IHttpResponseBodyFeature>();

        public Stream Body => _body.Stream;

        public void Start(int status, string contentType)
        {
            _response.StatusCode = status;
            _response.Headers.ContentType = contentType;
        }

        public Task TextAsync(int status, string text) => BytesAsync(status, TextType, Encoding.UTF8.GetBytes(text));

        public async Task BytesAsync(int status, string contentType, byte[] content)
        {
            Start(status, contentType);
            _response.Headers.ContentLength = content.Length;
            await _body.Stream.WriteAsync(content);
        }

        public Task EmptyAsync(int status)
        {
            _response.StatusCode = status;
            _response.Headers.ContentLength = 0;
            return Task.CompletedTask;
        }
    }
}
