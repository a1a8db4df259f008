using TenantOperator.LocalApiServer.Faults;
using TenantOperator.Runtime.Http;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// Makes the server fail a share of a client's write requests: before each write leaves the client, a
/// seeded draw decides whether to arm one server-side fault for that verb (a 500, or a 429 with
/// Retry-After), alternating the two. The LocalApiServer then answers the next matching request with it,
/// so the failure is a real HTTP answer from the server. Every armed fault is used, because the request
/// that armed it is itself still to arrive.
/// </summary>
internal sealed class RandomServerFaults(FaultInjector faults, int seed, double probability, TimeSpan retryAfter) : DelegatingHandler
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete"];
    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private bool _stopped;

    /// <summary>500s armed so far.</summary>
    public int InternalErrors { get; private set; }

    /// <summary>429s armed so far.</summary>
    public int TooManyRequests { get; private set; }

    /// <summary>Arms no more faults.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = KubernetesVerb.Of(request.Method, request.RequestUri);
        if (WriteVerbs.Contains(verb))
        {
            lock (_lock)
            {
                if (!_stopped && _random.NextDouble() < probability)
                {
                    var tooMany = (InternalErrors + TooManyRequests) % 2 == 1;
                    faults.FailNext(verb, "*", 1, tooMany ? FaultKind.TooManyRequests : FaultKind.InternalError, retryAfter);
                    if (tooMany)
                    {
                        TooManyRequests++;
                    }
                    else
                    {
                        InternalErrors++;
                    }
                }
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
