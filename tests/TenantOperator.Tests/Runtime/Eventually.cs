namespace TenantOperator.Tests.Runtime;

/// <summary>Waits for a condition by polling with a deadline (the only kind of waiting tests do).</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }
}
