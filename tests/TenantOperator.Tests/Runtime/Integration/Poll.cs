namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// Waits for a condition over real HTTP by polling with a deadline. The deadlines are generous (a
/// loaded 2-core machine must not fail a test); a passing test returns as soon as its condition holds.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out after {deadline ?? DefaultDeadline} waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out after {deadline ?? DefaultDeadline} waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
