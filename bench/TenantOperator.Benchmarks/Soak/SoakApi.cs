using System.Net;
using k8s.Autorest;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// The scenario's own requests go through the same injected faults as the operator's: each is tried again on a 500,
/// a 429 or a lost connection. A call that reads and writes is retried whole, so a 409 reads again.
/// </summary>
public static class SoakApi
{
    private const int Attempts = 40;

    /// <summary>Runs <paramref name="call"/> until it goes through; false when the object is gone (404) or, for a create, already there (409).</summary>
    public static async Task<bool> TryAsync(Func<Task> call, bool conflictIsFinal = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return true;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound || (conflictIsFinal && ex.Response.StatusCode == HttpStatusCode.Conflict))
            {
                return false;
            }
            catch (Exception ex) when (attempt < Attempts && IsTransient(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt, 10)));
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        HttpOperationException http => http.Response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests
            or HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable,
        HttpRequestException or TaskCanceledException or IOException => true,
        _ => false,
    };
}
