using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Autorest;
using Polly.Timeout;

namespace TenantOperator.Runtime.Writes;

/// <summary>Which failures of a write are worth retrying, and how long the server asked us to wait.</summary>
public static class TransientFailures
{
    /// <summary>
    /// True for 5xx, 429, a timed-out attempt, and transport failures (refused or reset connections);
    /// false for every other 4xx and for the caller's own cancellation.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        HttpOperationException http => IsTransient(http.Response?.StatusCode),
        TimeoutRejectedException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>True for 429 Too Many Requests and every 5xx.</summary>
    public static bool IsTransient(HttpStatusCode? status) =>
        status is HttpStatusCode.TooManyRequests || (int?)status >= 500;

    /// <summary>
    /// The wait a 429 or 503 response asks for in its Retry-After header (seconds or an HTTP date),
    /// relative to <paramref name="now"/>; null when there is none.
    /// </summary>
    public static TimeSpan? RetryAfter(Exception? exception, DateTimeOffset now)
    {
        if (exception is not HttpOperationException { Response.Headers: { } headers })
        {
            return null;
        }

        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
