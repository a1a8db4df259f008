using System.Net;
using k8s.Autorest;

namespace TenantOperator.TestSupport;

/// <summary>
/// A test's read-modify-write against a cluster where someone else writes the same object (the operator's marks and
/// status, a leader's lease renewals): a 409 Conflict reads again and retries, as client-go's RetryOnConflict does.
/// </summary>
public static class Conflicts
{
    /// <summary>Runs <paramref name="readModifyWrite"/> again after each 409, at most <paramref name="attempts"/> times in all.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> readModifyWrite, int attempts = 20)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await readModifyWrite();
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict && attempt < attempts)
            {
            }
        }
    }
}
