using System.Net.Http.Headers;
using k8s.Authentication;

namespace TenantOperator.Hosting;

/// <summary>
/// A ServiceAccount's token for a client, from the TokenRequest API, renewed once 80 % of its lifetime has passed,
/// as the kubelet renews the projected token a pod reads. So a client runs as the ServiceAccount for as long as it
/// runs, with short-lived tokens.
/// </summary>
public sealed class ServiceAccountTokenSource(Func<CancellationToken, Task<(string Token, DateTimeOffset Expiry)>> requestToken, TimeProvider time) : ITokenProvider, IDisposable
{
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile Issued? _current;

    /// <inheritdoc />
    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() < fresh.RenewAt)
        {
            return new AuthenticationHeaderValue("Bearer", fresh.Token);
        }

        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_current is not { } current || now >= current.RenewAt)
            {
                var (token, expiry) = await requestToken(cancellationToken).ConfigureAwait(false);
                current = new Issued(token, now + ((expiry - now) * 0.8));
                _current = current;
            }

            return new AuthenticationHeaderValue("Bearer", current.Token);
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _renewal.Dispose();

    private sealed record Issued(string Token, DateTimeOffset RenewAt);
}
