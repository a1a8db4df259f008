using System.Net;
using System.Text;
using k8s;

namespace TenantOperator.Tests.Runtime;

/// <summary>
/// The last handler before the network in a real KubernetesClient: answers each request from a script
/// instead of sending it, and records what was asked. Lets tests run KubernetesClient's own request
/// building, serialization, error mapping and watch parsing without a server.
/// </summary>
internal sealed class ScriptedHttpHandler : DelegatingHandler
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responses = new();
    private readonly TimeProvider _time;

    public ScriptedHttpHandler(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    public List<RecordedRequest> Requests { get; } = [];

    public int RequestCount
    {
        get
        {
            lock (_lock)
            {
                return Requests.Count;
            }
        }
    }

    /// <summary>A real KubernetesClient whose requests this handler answers.</summary>
    public Kubernetes Client() => new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, this);

    public ScriptedHttpHandler Respond(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers)
    {
        lock (_lock)
        {
            _responses.Enqueue((_, _) =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                foreach (var (name, value) in headers)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                return Task.FromResult(response);
            });
        }

        return this;
    }

    /// <summary>Answers nothing until the request is cancelled (a server that hangs).</summary>
    public ScriptedHttpHandler Hang()
    {
        lock (_lock)
        {
            _responses.Enqueue(async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            });
        }

        return this;
    }

    /// <summary>A watch response: one JSON event per line, then the stream ends.</summary>
    public ScriptedHttpHandler RespondStream(params string[] lines) =>
        Respond(HttpStatusCode.OK, string.Join("\n", lines) + "\n");

    public ScriptedHttpHandler Fail(Exception exception)
    {
        lock (_lock)
        {
            _responses.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        }

        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? respond;
        lock (_lock)
        {
            Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!.PathAndQuery, body, request.Content?.Headers.ContentType?.MediaType, _time.GetUtcNow()));
            _responses.TryDequeue(out respond);
        }

        if (respond is null)
        {
            throw new InvalidOperationException($"No response scripted for {request.Method} {request.RequestUri}");
        }

        // The network stack links each response to its request; KubernetesClient relies on that.
        var response = await respond(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>A request as the scripted handler saw it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, string? ContentType, DateTimeOffset At);
