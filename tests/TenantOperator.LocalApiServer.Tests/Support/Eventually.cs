namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>Polls a condition with a deadline: the server's controllers work in the background.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"timed out waiting for: {what}; last value: {last}");
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(probe, ok => ok, what, timeout);
}
