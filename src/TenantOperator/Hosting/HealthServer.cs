using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TenantOperator.Hosting;

/// <summary>
/// /healthz (the process is alive), /readyz (the caches have synced and every one can be trusted; 503 with the reason
/// when not) and /metrics (Prometheus text) for one operator instance, on Kestrel; with debug endpoints on, also
/// <c>POST /debug/gc</c> (<see cref="FullCollection"/>).
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HealthServer(WebApplication app) => _app = app;

    /// <summary>The address actually bound (a port of 0 is resolved).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts serving <paramref name="instance"/> at <paramref name="url"/> (e.g. http://0.0.0.0:8080); <paramref name="debugEndpoints"/> adds <c>POST /debug/gc</c>.</summary>
    public static async Task<HealthServer> StartAsync(string url, TenantOperatorInstance instance, ILoggerFactory loggers, CancellationToken cancellationToken, bool debugEndpoints = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/readyz", () => instance.NotReadyReason is { } reason
            ? Results.Text(reason, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok"));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await instance.Metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        if (debugEndpoints)
        {
            app.MapPost("/debug/gc", () => Results.Json(FullCollection.Run()));
        }

        await app.StartAsync(cancellationToken);
        var server = new HealthServer(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses?.FirstOrDefault() is { } bound)
        {
            server.Address = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }

        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
