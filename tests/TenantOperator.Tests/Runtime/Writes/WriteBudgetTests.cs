using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Tests.Runtime.Writes;

public sealed class WriteBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task DefaultBudget_Grants100AtOnce_Then100PerSecond()
    {
        using var budget = new WriteBudget(100, 100, _time);
        for (var i = 0; i < 100; i++)
        {
            await budget.AcquireAsync(default);
        }

        var next = Enumerable.Range(0, 20).Select(_ => budget.AcquireAsync(default).AsTask()).ToArray();
        Assert.All(next, t => Assert.False(t.IsCompleted));

        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.True(() => next.Count(t => t.IsCompleted) == 10, "ten granted after 100 ms");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.WhenAll(next).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RateThatDoesNotDivideIntoTenths_RefillsOneTokenPerInterval()
    {
        using var budget = new WriteBudget(4, 1, _time);
        await budget.AcquireAsync(default);
        var second = budget.AcquireAsync(default).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Budget_RejectsNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBudget(0, 1, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBudget(10, 0, _time));
    }
}
