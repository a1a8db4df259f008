namespace TenantOperator.TestSupport;

/// <summary>
/// Waits for a condition by polling it with a deadline, the only kind of waiting the tests do: what runs in the
/// background (an informer, the server's controllers) gets there in its own time, and no test guesses how long.
/// The deadline is generous (a loaded two-core machine must not fail a test); a passing test returns as soon as its
/// condition holds.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static async Task True(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> accepts its value, and returns that value;
    /// fails naming <paramref name="what"/> and the last value at the deadline.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultDeadline);
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

        throw new TimeoutException($"timed out waiting for: {what}; last value: {last}");
    }

    /// <summary>Polls an asynchronous <paramref name="probe"/> until it returns true.</summary>
    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(probe, ok => ok, what, timeout);
}
